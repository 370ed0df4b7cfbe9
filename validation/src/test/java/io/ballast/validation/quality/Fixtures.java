package io.ballast.validation.quality;

import io.ballast.features.TestSpark;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Tiny tables with explicit schemas, and definitions over them. */
final class Fixtures {
  static final LocalDate DAY0 = LocalDate.of(2026, 1, 1);
  static final LocalDate DAY1 = LocalDate.of(2026, 1, 2);
  static final LocalDate BAD = LocalDate.of(2026, 1, 3);

  static final StructType TX =
      new StructType()
          .add("txn_id", DataTypes.LongType)
          .add("amount", DataTypes.DoubleType)
          .add("channel", DataTypes.StringType)
          .add("currency", DataTypes.StringType)
          .add("event_ts", DataTypes.TimestampType)
          .add("ds", DataTypes.StringType);

  /** Every check of {@link #definition} passes on each of these days. */
  static List<Row> goodDay(LocalDate day, long firstId) {
    return List.of(
        tx(firstId, 10.0, "online", "USD", day + " 08:00:00", day),
        tx(firstId + 1, 20.0, "pos", "USD", day + " 12:00:00", day),
        tx(firstId + 2, 30.0, "pos", "EUR", day + " 18:00:00", day),
        tx(firstId + 3, 40.0, "online", "USD", day + " 23:00:00", day));
  }

  /** Each row breaks at least one check; together they break every check. */
  static List<Row> badDay() {
    String stale = "2025-12-29 10:00:00"; // more than 2 days before the partition's end
    return List.of(
        tx(100, null, "online", "USD", stale, BAD), // completeness
        tx(101, -5.0, "pos", "USD", stale, BAD), // range, non_negative, unique (with the next)
        tx(101, 30.0, "atm", "USD", stale, BAD), // unique, allowed_values
        tx(102, 200000.0, "pos", "USD", stale, BAD), // range, sql
        tx(103, 40.0, "online", "usd", stale, BAD)); // pattern
  }

  static Row tx(long id, Double amount, String channel, String cur, String ts, LocalDate day) {
    return RowFactory.create(id, amount, channel, cur, Timestamp.valueOf(ts), day.toString());
  }

  static Dataset<Row> frame(List<Row> rows) {
    return TestSpark.spark().createDataFrame(rows, TX);
  }

  /** Writes rows as lakehouse table {@code table}, partitioned by ds, replacing from..to. */
  static void write(String table, List<Row> rows, LocalDate from, LocalDate to) {
    TestSpark.tables().replacePartitions(frame(rows), table, "ds", from, to, "test fixture");
  }

  static final String CHECKS =
      """
            - {type: completeness, column: amount}
            - {type: unique, columns: [txn_id]}
            - {type: range, column: amount, min: 0, max: 100000}
            - {type: non_negative, column: amount}
            - {type: allowed_values, column: channel, values: [online, pos]}
            - {type: pattern, column: currency, regex: "^[A-Z]{3}$"}
            - {type: row_count, min: 1, max: 4}
            - {type: freshness, column: event_ts, max_lag: 2d}
            - {type: sql, name: big_pos, predicate: "amount < 100000 OR channel = 'online'"}
            - {type: row_count_vs_history, days: 7, max_change: 0.1}
      """;

  /** A definition whose source {@code source} reads lakehouse table {@code table}. */
  static PipelineDefinition definition(String table, boolean quarantine, String checks) {
    String yaml =
        """
        name: fixture
        entities:
          customer: {keys: [customer_id]}
        sources:
          tx: {table: ballast.%s, event_time: event_ts, partition_column: ds}
        quality:
          tx:
            quarantine: %s
            checks:
        %s
        """
            .formatted(table, quarantine, checks.stripTrailing());
    return new PipelineLoader(new SparkExpressionParser()).parse(yaml, table + ".yaml");
  }

  private Fixtures() {}
}
