package io.ballast.jobs.calibration;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;

import io.ballast.features.config.ModelSpec;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits a {@link CalibratedProbability} on scored rows (a {@code probability} vector and a 0/1
 * {@code label}) with Spark ML's own estimators, and measures the {@link Reliability} of scored
 * rows in one aggregation. Platt scaling is an unregularised logistic regression of the label on
 * the logit of the score; isotonic is {@code IsotonicRegression} of the label on the score.
 */
public final class Calibrators {
  private static final double EPS = 1e-15;

  private Calibrators() {}

  /** The positive-class probability of a probability vector column. */
  public static Column positive(String probability) {
    return functions.vector_to_array(col(probability), "float64").getItem(1);
  }

  public static CalibratedProbability fit(
      Dataset<Row> scored,
      ModelSpec.Calibration method,
      String model,
      String probability,
      String prediction,
      String label) {
    Column p = least(greatest(positive(probability), lit(EPS)), lit(1 - EPS));
    Dataset<Row> in = scored.select(p.as("_cal_p"), col(label).cast("double").as("_cal_y")).cache();
    try {
      CalibrationCurve curve =
          switch (method) {
            case PLATT -> platt(in, model);
            case ISOTONIC -> isotonic(in);
            case NONE -> throw new IllegalStateException("no calibration to fit");
          };
      return new CalibratedProbability(curve, probability, prediction);
    } finally {
      in.unpersist();
    }
  }

  private static CalibrationCurve platt(Dataset<Row> in, String model) {
    Dataset<Row> x =
        new VectorAssembler()
            .setInputCols(new String[] {"_cal_logit"})
            .setOutputCol("_cal_x")
            .transform(
                in.withColumn(
                    "_cal_logit", log(col("_cal_p").divide(lit(1).minus(col("_cal_p"))))));
    LogisticRegressionModel lr =
        new LogisticRegression()
            .setFeaturesCol("_cal_x")
            .setLabelCol("_cal_y")
            .setRegParam(0.0)
            .setStandardization(false)
            .setMaxIter(100)
            .fit(x);
    double slope = lr.coefficients().apply(0);
    if (!(slope > 0)) {
      throw CalibrationErrors.calibrationReverses(model, slope);
    }
    return CalibrationCurve.platt(slope, lr.intercept());
  }

  private static CalibrationCurve isotonic(Dataset<Row> in) {
    IsotonicRegressionModel m =
        new IsotonicRegression()
            .setFeaturesCol("_cal_p")
            .setLabelCol("_cal_y")
            .setIsotonic(true)
            .fit(in);
    return CalibrationCurve.isotonic(m.boundaries().toArray(), m.predictions().toArray());
  }

  /** The reliability of scored rows over {@code bins} equal-width bins. */
  public static Reliability reliability(
      Dataset<Row> scored, String probability, String label, int bins) {
    Column p = positive(probability);
    Column bin = least(greatest(floor(p.multiply(bins)), lit(0L)), lit((long) bins - 1));
    List<Row> rows =
        scored
            .where(col(label).isNotNull())
            .select(bin.as("bin"), p.as("p"), col(label).cast("double").as("y"))
            .groupBy("bin")
            .agg(count(lit(1)), sum("p"), sum("y"))
            .collectAsList();
    long[] n = new long[bins];
    double[] s = new double[bins];
    double[] y = new double[bins];
    for (Row r : rows) {
      int i = (int) r.getLong(0);
      n[i] = r.getLong(1);
      s[i] = r.getDouble(2);
      y[i] = r.getDouble(3);
    }
    return Reliability.of(n, s, y);
  }
}
