package io.ballast.jobs.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.TestSpark;
import io.ballast.features.config.Algorithm;
import io.ballast.features.config.ModelSpec;
import io.ballast.jobs.train.ModelPipelines;
import io.ballast.scoring.ScoringModel;
import io.ballast.scoring.explain.Explanations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An XGBoost model in Ballast's own pipeline explains itself: the booster's contributions, one-hot
 * slots summed per feature, plus the bias are the row's log-odds.
 */
class XgboostExplanationsTest {
  static final List<String> FEATURES = List.of("amount", "age", "category");

  @TempDir Path dir;

  @Test
  void contributionsAndBaseValueSumToTheLogOdds() throws Exception {
    StructType schema =
        new StructType()
            .add("amount", DataTypes.DoubleType, true)
            .add("age", DataTypes.LongType, true)
            .add("category", DataTypes.StringType, true)
            .add(ModelPipelines.LABEL, DataTypes.DoubleType, false);
    Random rnd = new Random(9);
    String[] cats = {"a", "b", "c"};
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      double amount = Math.round(rnd.nextDouble() * 100);
      String cat = cats[rnd.nextInt(3)];
      double label = amount > 60 || cat.equals("c") && rnd.nextBoolean() ? 1 : 0;
      data.add(RowFactory.create(i % 7 == 0 ? null : amount, 18L + rnd.nextInt(60), cat, label));
    }
    Dataset<Row> rows = TestSpark.spark().createDataFrame(data, schema);
    ModelSpec spec =
        new ModelSpec(
            "xgb",
            Algorithm.XGBOOST,
            FEATURES,
            List.of("category"),
            1,
            1,
            1,
            Map.of("numRound", 5L, "maxDepth", 3L),
            Optional.empty(),
            ModelSpec.ClassWeight.NONE);
    ModelPipelines.Built built = ModelPipelines.build(spec, FEATURES, false, 7);
    PipelineModel fitted =
        built.pipeline().fit(rows, ModelPipelines.params("xgb", built.estimator(), spec.params()));
    // saved and loaded back, as scoring sees it (a loaded XGBoost model cannot be copied)
    String path = dir.resolve("xgb").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    ScoringModel model = new ScoringModel("xgb", "1", "xgb/1", loaded, FEATURES, Map.of());

    List<Row> out =
        Explanations.transform(model, rows, 10)
            .select(ModelPipelines.PROBABILITY, Explanations.BASE_VALUE, Explanations.EXPLANATION)
            .collectAsList();

    assertThat(out).hasSize(60);
    for (Row r : out) {
      Vector p = r.getAs(0);
      List<Row> ex = r.getList(2);
      assertThat(ex).extracting(e -> e.getString(0)).containsExactlyInAnyOrderElementsOf(FEATURES);
      double margin = r.getDouble(1);
      for (Row e : ex) {
        margin += e.getDouble(1);
      }
      // the booster computes in float: its contributions agree with its margin to ~1e-6
      assertThat(margin).isCloseTo(Math.log(p.apply(1) / p.apply(0)), within(1e-4));
    }
  }
}
