package io.ballast.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ballast.features.LakehouseErrors;
import io.ballast.features.build.FeatureBuilder;
import io.ballast.scoring.explain.Explanations;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The predictions table's rows from joined feature rows: only the spine keys and the model's input
 * columns go into the model (the rest is pruned before the transform), and the score is element 1
 * of the model's probability vector, taken with Spark ML's built-in {@code vector_to_array}.
 */
public final class Predictions {
  public static final String SCORE = "score";
  public static final String PREDICTION = "prediction";
  public static final String MODEL_NAME = "model_name";
  public static final String MODEL_VERSION = "model_version";
  public static final String SHADOW = "shadow";
  public static final String FEATURE_TABLE_VERSIONS = "feature_table_versions";
  public static final String SCORED_AT = "_scored_at";

  private Predictions() {}

  /** How the rows are labelled. */
  public record Labels(
      String modelName,
      String modelVersion,
      boolean shadow,
      Map<String, Long> featureTableVersions,
      Timestamp scoredAt) {}

  /**
   * @param joined spine rows ({@code keys}, {@code event_ts}, {@code ds}) with the model's features
   */
  public static Dataset<Row> score(
      Dataset<Row> joined, List<String> keys, ScoringModel model, Labels labels) {
    return score(joined, keys, model, labels, 0);
  }

  /**
   * @param explainTop when above 0, each row also gets {@link Explanations#BASE_VALUE} and its
   *     {@code explainTop} most important features in {@link Explanations#EXPLANATION}, computed in
   *     the same pass
   */
  public static Dataset<Row> score(
      Dataset<Row> joined, List<String> keys, ScoringModel model, Labels labels, int explainTop) {
    List<String> needed = new ArrayList<>(keys);
    needed.add(FeatureBuilder.EVENT_TS);
    needed.add(FeatureBuilder.DS);
    needed.addAll(model.features());
    List<String> have = List.of(joined.columns());
    List<String> missing = needed.stream().filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw LakehouseErrors.missingColumns(
          "score with " + model.reference(), "the joined feature rows", missing, have);
    }
    Dataset<Row> in = joined.select(needed.stream().map(functions::col).toArray(Column[]::new));
    Dataset<Row> out =
        explainTop > 0
            ? Explanations.transform(model, in, explainTop)
            : model.pipeline().transform(in);
    List<Column> sel = new ArrayList<>();
    keys.forEach(k -> sel.add(col(k)));
    sel.add(col(FeatureBuilder.EVENT_TS));
    sel.add(col(FeatureBuilder.DS));
    sel.add(
        org.apache
            .spark
            .ml
            .functions
            .vector_to_array(
                col(outputColumn(model.pipeline(), "probabilityCol", "probability")), "float64")
            .getItem(1)
            .as(SCORE));
    sel.add(
        col(outputColumn(model.pipeline(), "predictionCol", PREDICTION))
            .cast("int")
            .as(PREDICTION));
    sel.add(lit(labels.modelName()).as(MODEL_NAME));
    sel.add(lit(labels.modelVersion()).as(MODEL_VERSION));
    sel.add(lit(labels.shadow()).as(SHADOW));
    sel.add(versionsMap(labels.featureTableVersions()).as(FEATURE_TABLE_VERSIONS));
    sel.add(lit(labels.scoredAt()).as(SCORED_AT));
    if (explainTop > 0) {
      sel.add(col(Explanations.BASE_VALUE));
      sel.add(col(Explanations.EXPLANATION));
    }
    return out.select(sel.toArray(Column[]::new));
  }

  /** The output column the model's last stage names by {@code param}, else the default. */
  static String outputColumn(PipelineModel model, String param, String dflt) {
    Transformer[] stages = model.stages();
    for (int i = stages.length - 1; i >= 0; i--) {
      if (stages[i].hasParam(param)) {
        return String.valueOf(stages[i].getOrDefault(stages[i].getParam(param)));
      }
    }
    return dflt;
  }

  private static Column versionsMap(Map<String, Long> versions) {
    List<Column> kv = new ArrayList<>();
    versions.forEach(
        (t, v) -> {
          kv.add(lit(t));
          kv.add(lit(v));
        });
    return functions.map(kv.toArray(Column[]::new)).cast("map<string,bigint>");
  }
}
