package io.ballast.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.TestSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * AUC on more distinct scores than Spark's default 1,000 bins: the value must be the exact one (the
 * Mann-Whitney statistic, computed here by ranks), whatever the partitioning.
 */
class EvaluationTest {
  static final int ROWS = 6000;

  /** Scores spread over (0, 1), distinct for every row; labels drawn from a hash, rising with p. */
  static Dataset<Row> scored(int partitions) {
    return TestSpark.spark()
        .sql(
            "SELECT array(1 - p, p) AS probability, CAST(label AS DOUBLE) AS label FROM (SELECT p,"
                + " CAST((abs(hash(id, 7)) % 1000) / 1000.0 < p AS INT) AS label FROM (SELECT id,"
                + " CAST((((id * 7919) % "
                + ROWS
                + ") + 0.5) / "
                + ROWS
                + " AS DOUBLE) AS p FROM range("
                + ROWS
                + ")))")
        .repartition(partitions)
        .withColumn("probability", functions.array_to_vector(col("probability")));
  }

  /** P(score of a positive > score of a negative): the exact ROC AUC (scores here have no ties). */
  static double ranksAuc(Dataset<Row> scored) {
    List<Row> rows =
        scored
            .select(
                functions.vector_to_array(col("probability"), "float64").getItem(1).as("p"),
                col("label"))
            .collectAsList();
    double[][] byScore =
        rows.stream()
            .map(r -> new double[] {r.getDouble(0), r.getDouble(1)})
            .sorted((a, b) -> Double.compare(a[0], b[0]))
            .toArray(double[][]::new);
    double rankSum = 0;
    long positives = 0;
    for (int i = 0; i < byScore.length; i++) {
      if (byScore[i][1] == 1.0) {
        rankSum += i + 1;
        positives++;
      }
    }
    long negatives = byScore.length - positives;
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  @Test
  void rocAucIsExactAndTheSameOnEveryPartitioning() {
    double expected = ranksAuc(scored(1));
    double[] got =
        Arrays.stream(new int[] {1, 3, 7})
            .mapToDouble(n -> Evaluation.metric(scored(n), "areaUnderROC"))
            .toArray();
    for (double auc : got) {
      assertThat(auc).isCloseTo(expected, within(1e-12));
    }
    assertThat(expected).isBetween(0.6, 0.95);
  }
}
