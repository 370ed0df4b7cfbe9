package io.ballast.jobs.calibration;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.TestSpark;
import io.ballast.features.config.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calibration on a known miscalibrated set: the true positive rate of a row is t, the model says
 * t^0.25 (overconfident), the label is drawn with probability t from a hash of the row. Fitted on
 * one half, measured on the other.
 */
class CalibratorsTest {
  static Dataset<Row> fit;
  static Dataset<Row> held;

  static Dataset<Row> rows(int parity) {
    return TestSpark.spark()
        .sql(
            "SELECT array(1 - p, p) AS probability, CAST(p >= 0.5 AS DOUBLE) AS"
                + " prediction, label FROM (SELECT pow(t, 0.25) AS p,"
                + " CAST((abs(hash(id, 11)) % 100000) / 100000.0 < t AS INT) AS label FROM"
                + " (SELECT id, ((id % 1000) + 0.5) / 1000 AS t FROM range(4000)) WHERE id % 2 = "
                + parity
                + ")")
        .withColumn("probability", functions.array_to_vector(col("probability")));
  }

  static Dataset<Row> positive(Dataset<Row> scored) {
    return scored.select(Calibrators.positive("probability").as("q"), col("prediction"));
  }

  @BeforeAll
  static void data() {
    fit = rows(0).cache();
    held = rows(1).cache();
  }

  static double auc(Dataset<Row> scored) {
    return new BinaryClassificationEvaluator()
        .setRawPredictionCol("probability")
        .setLabelCol("label")
        .evaluate(scored);
  }

  static double ece(Dataset<Row> scored) {
    return Calibrators.reliability(scored, "probability", "label", 10).ece();
  }

  static CalibratedProbability calibrator(ModelSpec.Calibration m) {
    return Calibrators.fit(fit, m, "m", "probability", "prediction", "label");
  }

  @Test
  void plattLowersEceAndKeepsTheRankingExactly() {
    CalibratedProbability c = calibrator(ModelSpec.Calibration.PLATT);
    Dataset<Row> after = c.transform(held);
    double before = ece(held);
    assertThat(before).isGreaterThan(0.2);
    assertThat(ece(after)).isLessThan(before / 3);
    assertThat(auc(after)).isCloseTo(auc(held), within(1e-12));
  }

  @Test
  void isotonicLowersEceAndKeepsTheRankingWithinTies() {
    CalibratedProbability c = calibrator(ModelSpec.Calibration.ISOTONIC);
    Dataset<Row> after = c.transform(held);
    assertThat(ece(after)).isLessThan(ece(held) / 3);
    assertThat(auc(after)).isCloseTo(auc(held), within(0.01));
  }

  @Test
  void theCalibratedPredictionFollowsTheCalibratedProbability() {
    List<Row> out =
        positive(calibrator(ModelSpec.Calibration.PLATT).transform(held)).collectAsList();
    for (Row r : out) {
      assertThat(r.getDouble(1)).isEqualTo(r.getDouble(0) >= 0.5 ? 1.0 : 0.0);
    }
  }

  @Test
  void aSavedAndLoadedModelKeepsTheCalibratedOutput() throws Exception {
    for (ModelSpec.Calibration m :
        List.of(ModelSpec.Calibration.PLATT, ModelSpec.Calibration.ISOTONIC)) {
      PipelineModel model = new PipelineModel("cal_" + m.key(), new Transformer[] {calibrator(m)});
      Path dir = Files.createTempDirectory("calibrated");
      model.write().overwrite().save(dir.resolve("sparkml").toString());
      PipelineModel loaded = PipelineModel.load(dir.resolve("sparkml").toString());
      assertThat(loaded.stages()[0]).isInstanceOf(CalibratedProbability.class);
      assertThat(((CalibratedProbability) loaded.stages()[0]).curve().method()).isEqualTo(m.key());
      List<Row> a = positive(model.transform(held)).collectAsList();
      List<Row> b = positive(loaded.transform(held)).collectAsList();
      assertThat(b).isEqualTo(a);
    }
  }
}
