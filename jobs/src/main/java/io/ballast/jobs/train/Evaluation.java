package io.ballast.jobs.train;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;

import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Binary classification metrics of scored rows: ROC AUC, PR AUC and log loss.
 *
 * <p>The AUCs are exact: {@code numBins} 0 keeps every distinct score as a point of the curve.
 * Spark's default (1,000 bins) thins the sorted curve chunk by chunk within the partitions of a
 * sort whose bounds come from a random sample, so the same scores gave train AUCs 7e-6 apart in two
 * runs, and {@code train --reproduce} could not call a run equal.
 */
public record Evaluation(double auc, double prAuc, double logLoss) {
  private static final double EPS = 1e-15;

  public static double metric(Dataset<Row> scored, String metricName) {
    return new BinaryClassificationEvaluator()
        .setLabelCol(ModelPipelines.LABEL)
        .setRawPredictionCol(ModelPipelines.PROBABILITY)
        .setMetricName(metricName)
        .setNumBins(0)
        .evaluate(scored);
  }

  public static Evaluation of(Dataset<Row> scored) {
    Column p =
        least(
            greatest(
                functions.vector_to_array(col(ModelPipelines.PROBABILITY), "float64").getItem(1),
                lit(EPS)),
            lit(1 - EPS));
    Column y = col(ModelPipelines.LABEL);
    Column loss =
        y.multiply(log(p)).plus(lit(1).minus(y).multiply(log(lit(1).minus(p)))).multiply(-1);
    Row r = scored.select(avg(loss)).first();
    return new Evaluation(
        metric(scored, "areaUnderROC"),
        metric(scored, "areaUnderPR"),
        r.isNullAt(0) ? Double.NaN : r.getDouble(0));
  }
}
