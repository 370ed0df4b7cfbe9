package io.ballast.scoring.explain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import io.ballast.scoring.ScoringErrors;
import io.ballast.scoring.ScoringModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/**
 * Scoring with explanations: the model's pipeline output plus, per row, {@code base_value} (the
 * expected margin) and {@code explanation}, the {@code top} input features by absolute attribution
 * (one-hot slots of a categorical feature summed back into it), largest first. Base value plus all
 * features' attributions is the row's margin, before any calibration stage.
 *
 * <p>Same pass as the scoring: MLlib models are converted once on the driver into plain-Java {@link
 * SlotExplainer}s, which travel inside the UDF (serialized once per task, like a broadcast) and run
 * on the assembled vector the pipeline already computed. XGBoost models attribute themselves: their
 * {@code contribPredictionCol} makes the booster's own TreeSHAP ({@code predictContrib}) add a
 * column in the same transform. No extra Spark job, nothing collected.
 */
public final class Explanations {
  public static final String EXPLANATION = "explanation";
  public static final String BASE_VALUE = "base_value";
  static final String CONTRIB = "_contrib";

  /** The type of {@link #EXPLANATION}. */
  public static final DataType TYPE =
      DataTypes.createArrayType(
          new StructType()
              .add("feature", DataTypes.StringType, false)
              .add("attribution", DataTypes.DoubleType, false),
          false);

  private Explanations() {}

  /**
   * The pipeline's output for {@code in} with {@link #BASE_VALUE} and {@link #EXPLANATION} added
   * (lazy). Fails with a user error when the model's estimator has no attribution method.
   */
  public static Dataset<Row> transform(ScoringModel model, Dataset<Row> in, int top) {
    Transformer[] stages = model.pipeline().stages();
    int e = estimator(stages);
    if (e < 0) {
      throw ScoringErrors.cannotExplain(
          model.reference(),
          model.version(),
          stages.length == 0 ? "empty pipeline" : stages[stages.length - 1].getClass().getName());
    }
    Transformer est = stages[e];
    VectorAssembler assembler = assembler(stages, e, model.reference());
    String featuresCol = String.valueOf(est.getOrDefault(est.getParam("featuresCol")));
    Optional<SlotExplainer> explainer = Optional.empty();
    boolean booster = est.hasParam("contribPredictionCol");
    Dataset<Row> out;
    if (booster) {
      out = withContributions(est, stages, in);
    } else {
      explainer = MllibExplainers.of(est, scaler(stages, e, featuresCol));
      if (explainer.isEmpty()) {
        throw ScoringErrors.cannotExplain(
            model.reference(), model.version(), est.getClass().getSimpleName());
      }
      out = model.pipeline().transform(in);
    }
    FeatureGroups groups =
        groups(out.schema(), assembler.getOutputCol(), assembler.getInputCols(), model.features());
    if (booster) {
      int n = groups.slots();
      UserDefinedFunction f =
          udf((UDF1<Seq<Object>, List<Row>>) c -> rows(groups.top(slots(c, n), top)), TYPE);
      Column contrib = col(CONTRIB).cast("array<double>");
      return out.withColumn(BASE_VALUE, contrib.getItem(n))
          .withColumn(EXPLANATION, f.apply(contrib))
          .drop(CONTRIB);
    }
    SlotExplainer x = explainer.get();
    UserDefinedFunction f =
        udf(
            (UDF1<Vector, List<Row>>)
                v -> v == null ? null : rows(groups.top(x.attribute(v.toArray()), top)),
            TYPE);
    return out.withColumn(BASE_VALUE, lit(x.base()))
        .withColumn(EXPLANATION, f.apply(col(featuresCol)));
  }

  /**
   * The stages' output with the booster's contributions in {@link #CONTRIB}. The param is set on
   * the loaded stage itself and stays set: XGBoost's {@code copy} fails on a loaded model ("No
   * training summary"), and its transform reads the param when the rows are computed, not when the
   * plan is built, so it cannot be restored after the call. A later plain transform of the same
   * loaded model computes the contributions too (same scores; scoring loads a model per run).
   */
  private static Dataset<Row> withContributions(
      Transformer booster, Transformer[] stages, Dataset<Row> in) {
    @SuppressWarnings("unchecked")
    Param<Object> contrib = (Param<Object>) booster.getParam("contribPredictionCol");
    booster.set(contrib, CONTRIB);
    Dataset<Row> out = in;
    for (Transformer t : stages) {
      out = t.transform(out);
    }
    return out;
  }

  /**
   * Clears what {@link #transform} set on an XGBoost stage, so later plain transforms of the same
   * in-memory model compute no contributions. Call it only after the explained rows were computed
   * (the booster reads the param then). No effect on other models.
   */
  public static void stopContributions(ScoringModel model) {
    Transformer[] stages = model.pipeline().stages();
    int e = estimator(stages);
    if (e >= 0 && stages[e].hasParam("contribPredictionCol")) {
      stages[e].clear(stages[e].getParam("contribPredictionCol"));
    }
  }

  /** The index of the pipeline's last prediction model, -1 if none. */
  static int estimator(Transformer[] stages) {
    for (int i = stages.length - 1; i >= 0; i--) {
      if (stages[i] instanceof PredictionModel<?, ?>) {
        return i;
      }
    }
    return -1;
  }

  private static VectorAssembler assembler(Transformer[] stages, int before, String reference) {
    for (int i = before - 1; i >= 0; i--) {
      if (stages[i] instanceof VectorAssembler a) {
        return a;
      }
    }
    throw new IllegalStateException(
        "model "
            + reference
            + " has no VectorAssembler before its estimator: its features cannot"
            + " be named");
  }

  private static Optional<StandardScalerModel> scaler(
      Transformer[] stages, int before, String featuresCol) {
    for (int i = before - 1; i >= 0; i--) {
      if (stages[i] instanceof StandardScalerModel s && s.getOutputCol().equals(featuresCol)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The input feature of each slot, from the attribute names the assembler put in the schema. */
  static FeatureGroups groups(
      StructType schema, String assembled, String[] inputs, List<String> features) {
    Optional<Attribute[]> attrs =
        Optional.ofNullable(
            AttributeGroup.fromStructField(schema.apply(assembled))
                .attributes()
                .getOrElse(() -> null));
    if (attrs.isEmpty()) {
      throw new IllegalStateException(
          "the assembled column " + assembled + " carries no slot names: cannot name features");
    }
    List<String> slots = new ArrayList<>();
    for (Attribute a : attrs.get()) {
      slots.add(a.name().isDefined() ? a.name().get() : "");
    }
    List<String> columns = List.of(inputs);
    List<String> featureOf =
        columns.stream().map(c -> FeatureGroups.featureOf(c, features)).toList();
    return FeatureGroups.of(slots, columns, featureOf);
  }

  private static double[] slots(Seq<Object> contrib, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = ((Number) contrib.apply(i)).doubleValue();
    }
    return out;
  }

  private static List<Row> rows(List<FeatureGroups.Attribution> top) {
    List<Row> out = new ArrayList<>(top.size());
    top.forEach(a -> out.add(RowFactory.create(a.feature(), a.attribution())));
    return out;
  }
}
