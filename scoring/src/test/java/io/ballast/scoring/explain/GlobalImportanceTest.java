package io.ballast.scoring.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.TestSpark;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.scoring.ScoringModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Global importance of a tiny logistic regression (scaled like Ballast's) against a hand
 * computation: the attribution of feature j in a row is {@code coef_j * (x_j - mu_j) / sd_j}, with
 * the scaler's training mean and std, so its mean |attribution| over the evaluated rows is {@code
 * |coef_j| / sd_j * mean |x_j - mu_j|}.
 */
class GlobalImportanceTest {
  static final StructType SCHEMA =
      new StructType()
          .add("x1", DataTypes.DoubleType, false)
          .add("x2", DataTypes.DoubleType, false)
          .add("label", DataTypes.DoubleType, false);

  static List<Row> data(int n, long seed) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x1 = rnd.nextGaussian() * 3 + 10;
      double x2 = rnd.nextGaussian();
      double label = x1 - 10 + 0.5 * x2 + rnd.nextGaussian() > 0 ? 1 : 0;
      rows.add(RowFactory.create(x1, x2, label));
    }
    return rows;
  }

  @Test
  void meanAbsoluteAttributionEqualsTheHandComputation() {
    var spark = TestSpark.spark();
    Dataset<Row> train = spark.createDataFrame(data(80, 3), SCHEMA);
    List<Row> evaluated = data(12, 4);
    PipelineModel m =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler()
                      .setInputCols(new String[] {"x1", "x2"})
                      .setOutputCol("_unscaled"),
                  new StandardScaler()
                      .setInputCol("_unscaled")
                      .setOutputCol("_features")
                      .setWithMean(false)
                      .setWithStd(true),
                  new LogisticRegression().setFeaturesCol("_features").setMaxIter(30)
                })
            .fit(train);
    ScoringModel model = new ScoringModel("imp", "1", "imp/1", m, List.of("x1", "x2"), Map.of());

    GlobalImportance.Measured got =
        GlobalImportance.of(model, spark.createDataFrame(evaluated, SCHEMA));

    StandardScalerModel scaler = (StandardScalerModel) m.stages()[1];
    double[] coef = ((LogisticRegressionModel) m.stages()[2]).coefficients().toArray();
    double[] mu = scaler.mean().toArray();
    double[] sd = scaler.std().toArray();
    double[] mean = new double[2];
    for (Row r : evaluated) {
      for (int j = 0; j < 2; j++) {
        mean[j] += Math.abs(coef[j] * (r.getDouble(j) - mu[j]) / sd[j]) / evaluated.size();
      }
    }
    assertThat(got.rows()).isEqualTo(12);
    assertThat(got.features()).hasSize(2);
    int big = mean[0] >= mean[1] ? 0 : 1;
    String[] names = {"x1", "x2"};
    assertThat(got.features().get(0).feature()).as("largest first").isEqualTo(names[big]);
    for (AttributionShares.Importance i : got.features()) {
      int j = i.feature().equals("x1") ? 0 : 1;
      assertThat(i.meanAbsolute()).as(i.feature()).isCloseTo(mean[j], within(1e-9));
      assertThat(i.share()).as(i.feature()).isCloseTo(mean[j] / (mean[0] + mean[1]), within(1e-9));
    }

    // stored in model_metrics (dataset importance) and read back the same; a rewrite replaces
    LakehouseTables tables = TestSpark.tables();
    GlobalImportance.write(tables, "imp_model", "1", "2026-01-01", "2026-01-31", got);
    GlobalImportance.write(tables, "imp_model", "1", "2026-01-01", "2026-01-31", got);
    GlobalImportance.Measured back = GlobalImportance.read(tables, "imp_model", "1").orElseThrow();
    assertThat(back.rows()).isEqualTo(12);
    assertThat(back.features()).containsExactlyElementsOf(got.features());
    assertThat(back.shares().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-12));
    assertThat(GlobalImportance.read(tables, "imp_model", "2")).isEmpty();
  }

  @Test
  void noRowsOrNoAttributionMeansNoShares() {
    assertThat(AttributionShares.importance(Map.of("a", 1.0), 0)).isEmpty();
    assertThat(AttributionShares.importance(Map.of("a", 0.0, "b", 0.0), 5)).isEmpty();
    assertThat(AttributionShares.importance(Map.of("a", 3.0, "b", 1.0), 2))
        .containsExactly(
            new AttributionShares.Importance("a", 1.5, 0.75),
            new AttributionShares.Importance("b", 0.5, 0.25));
  }
}
