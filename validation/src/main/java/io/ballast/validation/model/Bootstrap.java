package io.ballast.validation.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The bootstrap of challenger vs champion, run by Spark: every row is exploded into the replicates,
 * each with a Poisson(1) weight drawn from a hash of (row id, replicate, seed) (the Poisson
 * bootstrap: resampling without a driver-side index, reproducible by seed), and both models' scores
 * are stacked, so one {@link ScoreMetrics#compute} grouped by (replicate, model) gives every
 * replicate's metric for both. Replicate -1 has weight 1: the point estimate.
 */
public final class Bootstrap {
  public static final String CHALLENGER_SCORE = "score_challenger";
  public static final String CHAMPION_SCORE = "score_champion";
  static final String REPLICATE = "replicate";
  static final String MODEL = "model";

  private Bootstrap() {}

  /**
   * @param rows label, {@link #CHALLENGER_SCORE}, {@link #CHAMPION_SCORE} and the id columns
   * @param idColumns columns that identify a row (hashed for its weights)
   */
  public static Comparison compare(
      Dataset<Row> rows,
      List<String> idColumns,
      String metric,
      int replicates,
      double confidence,
      long seed,
      ScoreMetrics.Params p) {
    Column id = expr("xxhash64(" + String.join(", ", idColumns) + ")");
    Column reps = expr("sequence(-1, " + (replicates - 1) + ")");
    Column u =
        expr(
            "(xxhash64(_row_id, replicate, CAST("
                + seed
                + " AS BIGINT)) & 9007199254740991) / 9007199254740992.0");
    Dataset<Row> exploded =
        rows.select(
                id.as("_row_id"),
                col(ScoreMetrics.LABEL),
                col(CHALLENGER_SCORE),
                col(CHAMPION_SCORE),
                explode(reps).as(REPLICATE))
            .withColumn(
                ScoreMetrics.WEIGHT, when(col(REPLICATE).lt(0), lit(1.0)).otherwise(poisson(u)))
            .withColumn(
                "_m",
                explode(
                    array(
                        struct(lit("challenger").as("m"), col(CHALLENGER_SCORE).as("s")),
                        struct(lit("champion").as("m"), col(CHAMPION_SCORE).as("s")))))
            .select(
                col(REPLICATE),
                col("_m.m").as(MODEL),
                col("_m.s").as(ScoreMetrics.SCORE),
                col(ScoreMetrics.LABEL),
                col(ScoreMetrics.WEIGHT));
    rows.sparkSession()
        .sparkContext()
        .setJobDescription("bootstrap " + metric + " x " + replicates + " replicates");
    List<Row> result =
        ScoreMetrics.compute(exploded, List.of(REPLICATE, MODEL), p)
            .select(col(REPLICATE), col(MODEL), col(metric))
            .collectAsList();
    Map<Integer, double[]> byRep = new HashMap<>();
    for (Row r : result) {
      double[] pair =
          byRep.computeIfAbsent(r.getInt(0), k -> new double[] {Double.NaN, Double.NaN});
      double v = r.isNullAt(2) ? Double.NaN : r.getDouble(2);
      pair["challenger".equals(r.getString(1)) ? 0 : 1] = v;
    }
    double[] point = byRep.getOrDefault(-1, new double[] {Double.NaN, Double.NaN});
    List<double[]> pairs = new ArrayList<>();
    byRep.forEach(
        (rep, pair) -> {
          if (rep >= 0) {
            pairs.add(pair);
          }
        });
    return Comparison.of(metric, point[0], point[1], pairs, confidence);
  }

  /** Inverse CDF of Poisson(1) on a uniform column: a CASE over the cumulative probabilities. */
  static Column poisson(Column u) {
    double p = Math.exp(-1);
    double cum = p;
    Column out = null;
    for (int k = 0; k < 12; k++) {
      out = out == null ? when(u.lt(cum), lit(k)) : out.when(u.lt(cum), lit(k));
      p = p / (k + 1);
      cum += p;
    }
    return out.otherwise(lit(12)).cast("double");
  }
}
