package io.ballast.features.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The builder's running-total windows against a brute-force self-join on random events: ties in
 * time, repeated and null values, windows that include or exclude the current row, and a second
 * source whose rows count from the time they became known.
 */
class FeatureWindowsTest {
  static final SparkSession SPARK = TestSpark.spark();

  static final String YAML =
      """
      name: fw
      entities:
        customer: {keys: [customer_id]}
      sources:
        tx: {table: ballast.fw_tx, event_time: event_ts, partition_column: ds}
        labels: {table: ballast.fw_labels, event_time: event_ts, known_at: label_ts, partition_column: ds}
      feature_tables:
        - name: fw_cf
          entity: customer
          source: tx
          passthrough: [txn_id]
          features:
            - {name: n_2h, agg: count, window: 2h}
            - {name: n_1d_incl, agg: count, window: 1d, include_current: true}
            - {name: sum_1d, agg: sum, of: amount, window: 1d}
            - {name: avg_3d, agg: avg, of: amount, window: 3d}
            - {name: avg_3d_incl, agg: avg, of: amount, window: 3d, include_current: true}
            - {name: online_1d, agg: count, window: 1d, filter: "channel = 'online'"}
            - {name: min_1d, agg: min, of: amount, window: 1d}
            - {name: cats_1d, agg: count_distinct, of: cat, window: 1d}
            - {name: cats_2d_incl, agg: count_distinct, of: cat, window: 2d, include_current: true}
            - {name: fraud_2d, agg: sum, of: is_fraud, window: 2d, source: labels}
            - {name: labels_2d, agg: count, window: 2d, source: labels}
            - {name: n_5d, agg: count, window: 5d}
            - {name: avg_5d, agg: avg, of: amount, window: 5d}
            - {name: sum_5d_incl, agg: sum, of: amount, window: 5d, include_current: true}
      label: {source: labels, column: is_fraud}
      """;

  /**
   * 600 payments of 6 customers (and 5 of a seventh) over 5 days on a 10-minute grid (many ties), a
   * null amount in every 13th and a null category in every 11th; categories repeat often.
   */
  static final String TX =
      "SELECT id AS txn_id, id % 6 AS customer_id,"
          + " CASE WHEN id % 13 = 0 THEN NULL ELSE CAST(pmod(xxhash64(id, 1), 1000) AS DOUBLE) / 10"
          + " END AS amount,"
          + " CASE WHEN pmod(xxhash64(id, 2), 3) = 0 THEN 'online' ELSE 'pos' END AS channel,"
          + " CASE WHEN id % 11 = 0 THEN NULL ELSE concat('c', pmod(xxhash64(id, 3), 4)) END AS cat,"
          + " timestamp_seconds(unix_seconds(timestamp'2026-01-01 00:00:00')"
          + "   + 600 * pmod(xxhash64(id, 4), 720)) AS event_ts"
          + " FROM range(600)"
          // A sparse customer whose repeats sit exactly on window edges (1 and 2 days apart).
          + " UNION ALL SELECT * FROM VALUES"
          + " (1000L, 6L, 1.0D, 'pos', 'x', timestamp'2026-01-01 00:00:00'),"
          + " (1001L, 6L, 2.0D, 'online', 'x', timestamp'2026-01-02 00:00:00'),"
          + " (1002L, 6L, 3.0D, 'pos', 'x', timestamp'2026-01-04 00:00:00'),"
          + " (1003L, 6L, 4.0D, 'pos', 'y', timestamp'2026-01-04 00:00:00'),"
          + " (1004L, 6L, 5.0D, 'pos', 'x', timestamp'2026-01-05 00:00:00')"
          + " AS e(txn_id, customer_id, amount, channel, cat, event_ts)";

  static final String LABELS =
      "SELECT txn_id, customer_id, CAST(pmod(xxhash64(txn_id, 5), 4) = 0 AS INT) AS is_fraud,"
          + " event_ts, event_ts + make_dt_interval(0, CAST(pmod(xxhash64(txn_id, 6), 30) AS INT))"
          + " AS label_ts FROM tx WHERE txn_id % 2 = 0";

  static PipelineDefinition def;
  static Dataset<Row> tx;
  static Dataset<Row> labels;

  @BeforeAll
  static void fixture() {
    def = new PipelineLoader(new SparkExpressionParser()).parse(YAML, "t.yaml");
    tx =
        SPARK
            .sql(TX)
            .withColumn(
                "ds", org.apache.spark.sql.functions.expr("date_format(event_ts, 'yyyy-MM-dd')"));
    tx.createOrReplaceTempView("tx");
    labels =
        SPARK
            .sql(LABELS)
            .withColumn(
                "ds", org.apache.spark.sql.functions.expr("date_format(label_ts, 'yyyy-MM-dd')"));
    labels.createOrReplaceTempView("labels");
    expectedView();
  }

  static Dataset<Row> build(LocalDate from, LocalDate to) {
    FeatureTable table = def.featureTables().get(0);
    FeatureBuilder.Input main = new FeatureBuilder.Input(def.sources().get("tx"), tx);
    List<String> keys = List.of("customer_id");
    return FeatureBuilder.build(
        table,
        keys,
        main,
        Map.of("labels", new FeatureBuilder.Input(def.sources().get("labels"), labels)),
        from,
        to,
        FeatureBuilder.collapses(table, from, to).isEmpty()
            ? Optional.empty()
            : FeatureBuilder.targetTimes(table, keys, main, from, to));
  }

  @Test
  void runningTotalsEqualABruteForceSelfJoin() {
    Dataset<Row> built = build(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 5));
    built.createOrReplaceTempView("built");
    assertThat(built.count()).isEqualTo(605);
    assertThat(wrong("built")).as("rows whose windows differ from the brute force").isEmpty();
    // The fixture exercises what it claims: ties, repeats and nulls inside windows.
    Row shape =
        SPARK
            .sql(
                "SELECT max(cats_1d), max(n_2h), count_if(avg_3d IS NULL), max(fraud_2d),"
                    + " count(DISTINCT event_ts) FROM built")
            .first();
    assertThat(shape.getInt(0)).isEqualTo(4);
    assertThat(shape.getLong(1)).isGreaterThan(1);
    assertThat(shape.getLong(2)).isGreaterThan(0);
    assertThat(shape.getLong(3)).isGreaterThan(0);
    assertThat(shape.getLong(4)).isLessThan(605);
  }

  /**
   * One-day builds, whose older rows the builder folds into one row per customer (5-day counts and
   * sums; labels older than the day for the 2-day label sums), equal the brute force too.
   */
  @Test
  void oneDayBuildsWithFoldedHistoryEqualTheBruteForce() {
    Dataset<Row> days = null;
    for (int d = 1; d <= 5; d++) {
      LocalDate day = LocalDate.of(2026, 1, d);
      Dataset<Row> one = build(day, day);
      days = days == null ? one : days.unionByName(one);
    }
    days.createOrReplaceTempView("by_day");
    assertThat(days.count()).isEqualTo(605);
    assertThat(wrong("by_day")).as("rows whose windows differ from the brute force").isEmpty();

    // The folds happen: on 2026-01-05, the payments of 2026-01-01 are inside every 5-day frame
    // and outside the shorter ones, and earlier labels inside every 2-day label frame.
    FeatureTable table = def.featureTables().get(0);
    Row times =
        SPARK
            .sql(
                "SELECT min(unix_micros(event_ts)), max(unix_micros(event_ts)) FROM tx"
                    + " WHERE ds = '2026-01-05'")
            .first();
    long[] txSegment =
        HistoryCollapse.plan(table, "tx")
            .orElseThrow()
            .segment(times.getLong(0), times.getLong(1))
            .orElseThrow();
    long[] labelSegment =
        HistoryCollapse.plan(table, "labels")
            .orElseThrow()
            .segment(times.getLong(0), times.getLong(1))
            .orElseThrow();
    assertThat(
            SPARK
                .sql(
                    "SELECT count(*) FROM tx WHERE unix_micros(event_ts) >= %d AND unix_micros(event_ts) < %d"
                        .formatted(txSegment[0], txSegment[1]))
                .first()
                .getLong(0))
        .isGreaterThan(50);
    assertThat(
            SPARK
                .sql(
                    "SELECT count(*) FROM labels WHERE unix_micros(label_ts) >= %d AND unix_micros(label_ts) < %d"
                        .formatted(labelSegment[0], labelSegment[1]))
                .first()
                .getLong(0))
        .isGreaterThan(20);
    // A range longer than the gap between the 5-day and 3-day windows cannot fold anything, so it
    // skips looking for its targets' times.
    HistoryCollapse txPlan = HistoryCollapse.plan(table, "tx").orElseThrow();
    assertThat(txPlan.possible(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 5))).isTrue();
    assertThat(txPlan.possible(LocalDate.of(2026, 1, 4), LocalDate.of(2026, 1, 5))).isTrue();
    assertThat(txPlan.possible(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 5))).isFalse();
    // Nothing to fold for a source no aggregate reads, nor when a max or a distinct count has the
    // longest window (there: 7 days, with 7-day sums).
    assertThat(HistoryCollapse.plan(table, "nothing")).isEmpty();
    FeatureTable maxAtLongest =
        FeatureBuildJobTest.load(FeatureBuildJobTest.definition("fwmax", ""))
            .featureTables()
            .get(0);
    assertThat(HistoryCollapse.plan(maxAtLongest, "tx")).isEmpty();
    assertThat(HistoryCollapse.plan(maxAtLongest, "labels")).isPresent();
  }

  /** Rows of {@code view} whose features differ from the brute force (at most 5). */
  static List<Row> wrong(String view) {
    StringBuilder differs = new StringBuilder("SELECT e.txn_id");
    FEATURES.forEach(
        f -> differs.append(", b.").append(f).append(", e.").append(f).append(" AS e_").append(f));
    differs.append(" FROM expected e JOIN " + view + " b ON e.txn_id = b.txn_id WHERE false");
    for (String f : FEATURES) {
      // Sums and averages are differences of running totals: equal up to rounding.
      differs.append(
          " OR NOT (b.%1$s <=> e.%1$s OR abs(b.%1$s - e.%1$s) < 1e-9 * greatest(1, abs(e.%1$s)))"
              .formatted(f));
    }
    return SPARK.sql(differs.toString()).limit(5).collectAsList();
  }

  static final List<String> FEATURES =
      List.of(
          "n_2h",
          "n_1d_incl",
          "sum_1d",
          "avg_3d",
          "avg_3d_incl",
          "online_1d",
          "min_1d",
          "cats_1d",
          "cats_2d_incl",
          "fraud_2d",
          "labels_2d",
          "n_5d",
          "avg_5d",
          "sum_5d_incl");

  /**
   * {@code aggregate} (a template for the frame condition) over payments {@code b} in the frame of
   * payment {@code a}: {@code [t - window, t)}, or {@code [t - window, t]} when {@code inclusive}.
   */
  static String brute(String aggregate, String window, boolean inclusive, String alias) {
    String frame =
        "b.event_ts >= a.event_ts - INTERVAL %s AND b.event_ts %s a.event_ts"
            .formatted(window, inclusive ? "<=" : "<");
    return aggregate.formatted(frame) + " AS " + alias;
  }

  /** The view {@code expected}: every feature by a join of each payment with its last 5 days. */
  static void expectedView() {
    // Frames in seconds: [t - w, t) or [t - w, t]; labels count from label_ts.
    String count = "count_if(%s)";
    String sum = "coalesce(sum(CASE WHEN %s THEN b.amount END), 0)";
    String avg = "avg(CASE WHEN %s THEN b.amount END)";
    String cats = "CAST(count(DISTINCT CASE WHEN %s THEN b.cat END) AS INT)";
    String expected =
        "SELECT a.txn_id, "
            + String.join(
                ", ",
                brute(count, "2 HOURS", false, "n_2h"),
                brute(count, "1 DAY", true, "n_1d_incl"),
                brute(sum, "1 DAY", false, "sum_1d"),
                brute(avg, "3 DAYS", false, "avg_3d"),
                brute(avg, "3 DAYS", true, "avg_3d_incl"),
                brute("count_if(%s AND b.channel = 'online')", "1 DAY", false, "online_1d"),
                brute("min(CASE WHEN %s THEN b.amount END)", "1 DAY", false, "min_1d"),
                brute(cats, "1 DAY", false, "cats_1d"),
                brute(cats, "2 DAYS", true, "cats_2d_incl"),
                brute(count, "5 DAYS", false, "n_5d"),
                brute(avg, "5 DAYS", false, "avg_5d"),
                brute(sum, "5 DAYS", true, "sum_5d_incl"))
            + " FROM tx a LEFT JOIN tx b ON a.customer_id = b.customer_id"
            + " AND b.event_ts >= a.event_ts - INTERVAL 5 DAYS AND b.event_ts <= a.event_ts"
            + " GROUP BY a.txn_id";
    String expectedLabels =
        "SELECT a.txn_id, coalesce(sum(l.is_fraud), 0) AS fraud_2d, count(l.txn_id) AS labels_2d"
            + " FROM tx a LEFT JOIN labels l ON l.customer_id = a.customer_id"
            + " AND l.label_ts >= a.event_ts - INTERVAL 2 DAYS AND l.label_ts < a.event_ts"
            + " GROUP BY a.txn_id";
    SPARK.sql(expected).createOrReplaceTempView("expected_tx");
    SPARK.sql(expectedLabels).createOrReplaceTempView("expected_labels");
    SPARK
        .sql("SELECT * FROM expected_tx JOIN expected_labels USING (txn_id)")
        .createOrReplaceTempView("expected");
  }
}
