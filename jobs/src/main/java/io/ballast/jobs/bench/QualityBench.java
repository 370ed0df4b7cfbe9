package io.ballast.jobs.bench;

import static org.apache.spark.sql.functions.col;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import io.ballast.features.demo.GeneratorParams;
import io.ballast.features.demo.TransactionGenerator;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.validation.quality.DeequAdapter;
import io.ballast.validation.quality.MetricSpec;
import io.ballast.validation.quality.MetricValue;
import io.ballast.validation.quality.QualityInput;
import io.ballast.validation.quality.QualityPlan;
import io.ballast.validation.quality.QualityTarget;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code ballast bench quality}: one Deequ analysis with 22 constraints over one day of demo
 * transactions, against the floor of one plain scan of the same columns (Spark's noop sink); with
 * {@code days > 1}, also the same number of rows spread over that many days, checked as one range
 * (one aggregation grouped by day), against the one-day check.
 */
public final class QualityBench {
  static final String TABLE = "bench_quality_transactions";
  static final String RANGE_TABLE = "bench_quality_range";
  static final LocalDate DAY = LocalDate.of(2026, 1, 1);

  static final String DEFINITION =
      """
      name: bench_quality
      entities: {customer: {keys: [customer_id]}}
      sources:
        tx: {table: ballast.%s, event_time: event_ts, partition_column: ds}
      quality:
        tx:
          checks:
            - {type: completeness, column: txn_id}
            - {type: completeness, column: card_id}
            - {type: completeness, column: customer_id}
            - {type: completeness, column: merchant_id}
            - {type: completeness, column: merchant_category}
            - {type: completeness, column: amount, min: 0.99}
            - {type: completeness, column: currency}
            - {type: completeness, column: channel}
            - {type: completeness, column: event_ts}
            - {type: unique, columns: [txn_id]}
            - {type: range, column: amount, min: 0, max: 100000}
            - {type: range, column: customer_id, min: 0, max: 100000000}
            - {type: non_negative, column: amount}
            - {type: non_negative, column: card_id}
            - {type: allowed_values, column: channel, values: [online, pos]}
            - {type: allowed_values, column: currency, values: [USD, EUR, GBP]}
            - {type: pattern, column: currency, regex: "^[A-Z]{3}$"}
            - {type: pattern, column: merchant_category, regex: "^[a-z_]+$"}
            - {type: row_count, min: 1}
            - {type: freshness, column: event_ts, max_lag: 2d}
            - {type: sql, name: big_pos, predicate: "amount < 50000 OR channel = 'online'"}
            - {type: sql, name: ingested_after_event, predicate: "_ingested_at >= event_ts"}
      """
          .formatted(TABLE);

  /**
   * The figures; {@code ratioToFloor} is seconds / floorSeconds; {@code rangeSeconds} checks the
   * same rows spread over {@code days} days (0 when {@code days} is 1).
   */
  public record Result(
      long rows,
      int constraints,
      double seconds,
      double floorSeconds,
      int days,
      double rangeSeconds) {
    public Result(long rows, int constraints, double seconds, double floorSeconds) {
      this(rows, constraints, seconds, floorSeconds, 1, 0);
    }

    public double ratioToFloor() {
      return seconds / floorSeconds;
    }

    /** The range check's seconds over the one-day check's, for the same rows. */
    public double rangeRatioToOneDay() {
      return rangeSeconds / seconds;
    }

    public double rowsPerSecond() {
      return rows / seconds;
    }

    /** The benchmark's JSON line, keys as every stage prints them. */
    public Map<String, Object> json() {
      java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("stage", "quality");
      m.put("rows", rows);
      m.put("constraints", constraints);
      m.put("seconds", round(seconds));
      m.put("floor_seconds", round(floorSeconds));
      m.put("ratio_to_floor", round(ratioToFloor()));
      if (days > 1) {
        m.put("days", days);
        m.put("range_seconds", round(rangeSeconds));
        m.put("range_ratio_to_one_day", round(rangeRatioToOneDay()));
      }
      return m;
    }

    private static double round(double v) {
      return Math.round(v * 1000) / 1000.0;
    }
  }

  private QualityBench() {}

  public static Result run(LakehouseTables tables, long rows) {
    return run(tables, rows, 1);
  }

  /** The one-day figures, and with {@code days > 1} the same rows checked over that many days. */
  public static Result run(LakehouseTables tables, long rows, int days) {
    if (days < 1) {
      throw new IllegalArgumentException("days must be at least 1: " + days);
    }
    GeneratorParams params =
        new GeneratorParams(rows, 1, DAY, 42, Optional.empty(), Optional.empty(), Optional.empty());
    TransactionGenerator gen = new TransactionGenerator(params);
    tables.spark().sparkContext().setJobDescription("bench quality: generate " + rows + " rows");
    tables.replacePartitions(
        gen.transactions(gen.events(tables.spark())), TABLE, "ds", DAY, DAY, "bench quality");

    PipelineDefinition def =
        new PipelineLoader(new SparkExpressionParser()).parse(DEFINITION, "bench_quality.yaml");
    QualityTarget target = QualityTarget.resolve(def, "tx");
    QualityPlan plan = QualityPlan.of(target.quality());
    Dataset<Row> day =
        QualityInput.open(tables, target, plan).data().where(col("ds").equalTo(DAY.toString()));
    List<String> columns = List.of(day.columns());

    tables.spark().sparkContext().setJobDescription("bench quality: warm-up scan");
    scan(day, columns);
    tables.spark().sparkContext().setJobDescription("bench quality: floor (one plain scan)");
    long t0 = System.nanoTime();
    scan(day, columns);
    double floor = (System.nanoTime() - t0) / 1e9;

    tables.spark().sparkContext().setJobDescription("bench quality: Deequ analysis");
    long t1 = System.nanoTime();
    Map<MetricSpec, MetricValue> m =
        DeequAdapter.computeDays(
                QualityInput.withDerived(day, plan),
                "ds",
                DAY,
                DAY,
                plan.metrics(),
                Optional.empty())
            .get(DAY);
    double seconds = (System.nanoTime() - t1) / 1e9;
    tables.spark().sparkContext().setJobDescription(null);
    if (m.values().stream().anyMatch(v -> v.value().isEmpty())) {
      throw new IllegalStateException("bench metrics not all computed: " + m);
    }
    double rangeSeconds = days > 1 ? range(tables, rows, days) : 0;
    return new Result(rows, plan.quality().checks().size(), seconds, floor, days, rangeSeconds);
  }

  /** Seconds to check {@code rows} generated over {@code days} days, as one range. */
  private static double range(LakehouseTables tables, long rows, int days) {
    LocalDate last = DAY.plusDays(days - 1);
    GeneratorParams params =
        new GeneratorParams(
            rows, days, DAY, 42, Optional.empty(), Optional.empty(), Optional.empty());
    TransactionGenerator gen = new TransactionGenerator(params);
    tables
        .spark()
        .sparkContext()
        .setJobDescription("bench quality: generate " + rows + " rows over " + days + " days");
    tables.replacePartitions(
        gen.transactions(gen.events(tables.spark())),
        RANGE_TABLE,
        "ds",
        DAY,
        last,
        "bench quality");
    PipelineDefinition def =
        new PipelineLoader(new SparkExpressionParser())
            .parse(DEFINITION.replace(TABLE, RANGE_TABLE), "bench_quality_range.yaml");
    QualityTarget target = QualityTarget.resolve(def, "tx");
    QualityPlan plan = QualityPlan.of(target.quality());
    Dataset<Row> data = QualityInput.open(tables, target, plan).data();
    tables
        .spark()
        .sparkContext()
        .setJobDescription("bench quality: Deequ analysis over " + days + " days");
    long t0 = System.nanoTime();
    Map<LocalDate, Map<MetricSpec, MetricValue>> m =
        DeequAdapter.computeDays(
            QualityInput.withDerived(data, plan),
            "ds",
            DAY,
            last,
            plan.metrics(),
            Optional.empty());
    double seconds = (System.nanoTime() - t0) / 1e9;
    tables.spark().sparkContext().setJobDescription(null);
    if (m.size() != days) {
      throw new IllegalStateException("bench range metrics not computed for every day: " + m);
    }
    return seconds;
  }

  private static void scan(Dataset<Row> data, List<String> columns) {
    data.select(
            columns.stream()
                .map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new))
        .write()
        .format("noop")
        .mode("overwrite")
        .save();
  }
}
