package io.ballast.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.ballast.features.config.Algorithm;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.pit.TimeSplit;
import io.ballast.jobs.train.ModelTrainer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code ballast bench train}: the same synthetic training set (N rows over 9 days, 8 numeric
 * features, one categorical, a non-linear label) fitted by logistic regression, MLlib GBT and
 * XGBoost hist (50 trees of depth 6 each, or as many as asked), each timed from fit to measured,
 * with its test AUC.
 */
public final class TrainBench {
  static final LocalDate AS_OF = LocalDate.of(2026, 1, 9);
  static final List<String> FEATURES =
      List.of("x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "category");

  private TrainBench() {}

  /** One algorithm's figures. */
  public record Figures(String algorithm, double seconds, double testAuc, long trainRows) {}

  /** The synthetic set: deterministic for a row count. */
  public static Dataset<Row> synthetic(SparkSession spark, long rows) {
    Dataset<Row> d =
        spark
            .range(rows)
            .withColumn(
                "event_ts",
                expr(
                    "timestamp_seconds(unix_seconds(timestamp'2026-01-01 00:00:00') + CAST(id *"
                        + " 777600 / "
                        + rows
                        + " AS BIGINT))"))
            .withColumn("customer_id", col("id").mod(1000));
    for (int i = 0; i < 8; i++) {
      d = d.withColumn("x" + i, expr("randn(" + (17 + i) + ")"));
    }
    return d.withColumn(
            "category",
            expr("element_at(array('a','b','c','d','e','f','g','h'), CAST(id % 8 AS INT) + 1)"))
        .withColumn(
            "label",
            expr(
                "CAST(rand(99) < 1 / (1 + exp(-(-3 + 1.2 * x0 - 0.8 * x1 + 0.9 * x2 * x3"
                    + " + CASE WHEN x4 > 1 THEN 1.5 ELSE 0 END + CASE WHEN category IN ('a','b')"
                    + " THEN 0.7 ELSE 0 END))) AS INT)"));
  }

  static ModelSpec spec(Algorithm a, Map<String, Object> params) {
    return new ModelSpec(
        "bench_" + a.key(),
        a,
        List.of(),
        List.of("category"),
        7,
        1,
        1,
        params,
        Optional.empty(),
        ModelSpec.ClassWeight.BALANCED);
  }

  /** The trees of each ensemble (GBT and XGBoost) unless told otherwise. */
  public static final int DEFAULT_TREES = 50;

  public static List<Figures> run(SparkSession spark, long rows, int trees) {
    return run(
        spark,
        rows,
        List.of(Algorithm.LOGISTIC_REGRESSION, Algorithm.GBT, Algorithm.XGBOOST),
        trees);
  }

  /**
   * Only the given algorithms (of logistic regression, GBT and XGBoost), in that order, the
   * ensembles with {@code trees} trees of depth 6.
   */
  public static List<Figures> run(
      SparkSession spark, long rows, List<Algorithm> algorithms, int trees) {
    Dataset<Row> data = synthetic(spark, rows).persist(StorageLevel.MEMORY_AND_DISK());
    data.count();
    Map<Algorithm, Map<String, Object>> runs = new LinkedHashMap<>();
    runs.put(Algorithm.LOGISTIC_REGRESSION, Map.of("maxIter", 50L));
    runs.put(Algorithm.GBT, Map.of("maxIter", (long) trees, "maxDepth", 6L));
    runs.put(Algorithm.XGBOOST, Map.of("numRound", (long) trees, "maxDepth", 6L));
    runs.keySet().retainAll(algorithms);
    List<Figures> out = new ArrayList<>();
    try {
      for (Map.Entry<Algorithm, Map<String, Object>> e : runs.entrySet()) {
        ModelSpec s = spec(e.getKey(), e.getValue());
        Instant t0 = Instant.now();
        ModelTrainer.Fitted f = ModelTrainer.fit(data, s, FEATURES, TimeSplit.of(AS_OF, s));
        double seconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
        out.add(
            new Figures(
                e.getKey().key(),
                seconds,
                f.evaluations().get(TimeSplit.TEST).auc(),
                f.windows().get(TimeSplit.TRAIN).rows()));
      }
    } finally {
      data.unpersist();
    }
    return out;
  }
}
