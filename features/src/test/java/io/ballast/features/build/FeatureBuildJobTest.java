package io.ballast.features.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import io.ballast.features.TestSpark;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Feature builds on tiny hand-made sources, with hand-computed expected values. */
class FeatureBuildJobTest {
  static final LakehouseTables TABLES = TestSpark.tables();
  static final SparkSession SPARK = TestSpark.spark();
  static final LocalDate D1 = LocalDate.of(2026, 1, 1);

  /** Payments of customer 1 (and one of customer 2) across partition boundaries. */
  static final String TX =
      "SELECT * FROM VALUES"
          + " (1L, 1L, 10.0D, 'online', timestamp'2026-01-01 23:00:00', '2026-01-01'),"
          + " (2L, 1L, 20.0D, 'pos',    timestamp'2026-01-02 01:00:00', '2026-01-02'),"
          + " (3L, 1L, 30.0D, 'pos',    timestamp'2026-01-02 23:30:00', '2026-01-02'),"
          + " (4L, 2L, 99.0D, 'pos',    timestamp'2026-01-03 12:00:00', '2026-01-03'),"
          + " (5L, 1L, 5.0D,  'online', timestamp'2026-01-05 11:00:00', '2026-01-05'),"
          + " (6L, 1L, 40.0D, 'pos',    timestamp'2026-01-08 22:00:00', '2026-01-08'),"
          + " (7L, 3L, 1.0D,  'pos',    timestamp'2026-01-04 08:00:00', '2026-01-04'),"
          + " (8L, 3L, 2.0D,  'pos',    timestamp'2026-01-06 08:00:00', '2026-01-06'),"
          + " (9L, 3L, 3.0D,  'pos',    timestamp'2026-01-07 08:00:00', '2026-01-07')"
          + " AS t(txn_id, customer_id, amount, channel, event_ts, ds)";

  /** Labels: payment 1 was fraud, known on 2026-01-05 at noon; payment 2 not, known 2026-01-09. */
  static final String LABELS =
      "SELECT * FROM VALUES"
          + " (1L, 1L, 1, timestamp'2026-01-01 23:00:00', timestamp'2026-01-05 12:00:00', '2026-01-05'),"
          + " (2L, 1L, 0, timestamp'2026-01-02 01:00:00', timestamp'2026-01-09 00:00:00', '2026-01-09')"
          + " AS t(txn_id, customer_id, is_fraud, event_ts, label_ts, ds)";

  static String definition(String prefix, String extraFeature) {
    return definition(prefix, prefix, extraFeature);
  }

  /** A definition whose feature table is {@code <prefix>_cf}, reading {@code <sources>_tx}, ... */
  static String definition(String prefix, String sources, String extraFeature) {
    return """
        name: %1$s
        entities:
          customer: {keys: [customer_id]}
        sources:
          tx: {table: ballast.%3$s_tx, event_time: event_ts, partition_column: ds}
          labels: {table: ballast.%3$s_labels, event_time: event_ts, known_at: label_ts, partition_column: ds}
        feature_tables:
          - name: %1$s_cf
            entity: customer
            source: tx
            passthrough: [txn_id]
            features:
              - {name: amount, expr: amount}
              - {name: n_1d, agg: count, window: 1d}
              - {name: sum_7d, agg: sum, of: amount, window: 7d}
              - {name: sum_7d_incl, agg: sum, of: amount, window: 7d, include_current: true}
              - {name: online_7d, agg: count, window: 7d, filter: "channel = 'online'"}
              - {name: max_7d, agg: max, of: amount, window: 7d}
              - {name: channels_7d, agg: count_distinct, of: channel, window: 7d}
              - {name: fraud_7d, agg: sum, of: is_fraud, window: 7d, source: labels}
              - {name: share_of_7d, expr: "amount / nullif(sum_7d_incl, 0)"}
        %2$s
        label: {source: labels, column: is_fraud}
        """
        .formatted(prefix, extraFeature, sources);
  }

  static PipelineDefinition load(String yaml) {
    return new PipelineLoader(new SparkExpressionParser()).parse(yaml, "test.yaml");
  }

  /** The rows of {@code fb_cf} built over 2026-01-02 .. 2026-01-08 in one job, and their schema. */
  static List<Row> fbRange;

  static StructType fbRangeSchema;

  /**
   * The sources every test reads ({@code fb_*}; {@code fbgap_*} lacks two days), and one range
   * build of {@code fb_cf} that several tests check: built once, its rows kept.
   */
  @BeforeAll
  static void sources() {
    for (String p : List.of("fb", "fbgap")) {
      Dataset<Row> tx = SPARK.sql(TX);
      if (p.equals("fbgap")) {
        tx = tx.where("ds NOT IN ('2026-01-04', '2026-01-06')");
      }
      TABLES.overwrite(tx, p + "_tx", "fixture", "ds");
      TABLES.overwrite(SPARK.sql(LABELS), p + "_labels", "fixture", "ds");
    }
    build(load(definition("fb", "")), "2026-01-02", "2026-01-08", false);
    Dataset<Row> built = TABLES.read("fb_cf");
    fbRangeSchema = built.schema();
    fbRange = built.collectAsList();
  }

  static FeatureBuildJob.Result build(
      PipelineDefinition def, String from, String to, boolean rebuild) {
    return FeatureBuildJob.run(
        TABLES,
        def,
        new FeatureBuildJob.Params(
            def.featureTables().get(0).name(),
            LocalDate.parse(from),
            LocalDate.parse(to),
            true,
            rebuild));
  }

  static Map<Long, Row> byTxn(String table) {
    return byTxn(TABLES.read(table).collectAsList());
  }

  static Map<Long, Row> byTxn(List<Row> rows) {
    return rows.stream().collect(Collectors.toMap(r -> r.getLong(r.fieldIndex("txn_id")), r -> r));
  }

  @Test
  void windowsReachAcrossPartitionsAndExcludeTheRowItself() {
    Map<Long, Row> rows = byTxn(fbRange);
    assertThat(rows.keySet()).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

    Row r3 = rows.get(3L); // 2026-01-02 23:30: the previous day's 23:00 row is out of its 1d window
    assertThat(r3.<Long>getAs("n_1d")).isEqualTo(1L);
    assertThat(r3.<Double>getAs("sum_7d"))
        .isEqualTo(30.0); // 10 + 20, across the partition boundary
    assertThat(r3.<Double>getAs("sum_7d_incl")).isEqualTo(60.0);
    assertThat(r3.<Double>getAs("max_7d")).isEqualTo(20.0);
    assertThat(r3.<Long>getAs("online_7d")).isEqualTo(1L);
    assertThat(r3.<Integer>getAs("channels_7d")).isEqualTo(2);

    Row r6 = rows.get(6L); // 2026-01-08 22:00: the 7d window starts 2026-01-01 22:00
    assertThat(r6.<Double>getAs("sum_7d")).isEqualTo(10.0 + 20.0 + 30.0 + 5.0);
    assertThat(r6.<Long>getAs("n_1d")).isZero();
    assertThat(r6.<Double>getAs("share_of_7d")).isEqualTo(40.0 / 105.0);

    Row r4 = rows.get(4L); // another customer: nothing before it
    assertThat(r4.<Double>getAs("sum_7d")).isZero();
    assertThat(r4.<Long>getAs("n_1d")).isZero();
    assertThat(r4.isNullAt(r4.fieldIndex("max_7d"))).isTrue();
  }

  @Test
  void labelAggregatesCountFromWhenTheLabelBecameKnown() {
    Map<Long, Row> rows = byTxn(fbRange);
    // Payment 1's fraud label became known 2026-01-05 12:00: not yet at 11:00 that day.
    assertThat(rows.get(5L).<Long>getAs("fraud_7d")).isZero();
    assertThat(rows.get(6L).<Long>getAs("fraud_7d")).isEqualTo(1L);
    assertThat(rows.get(3L).<Long>getAs("fraud_7d")).isZero();
  }

  @Test
  void derivedKeysAndAnExpressionKnownAtBuildLikeColumns() {
    String yaml =
        definition("fbderived", "fb", "")
            .replace(
                "customer: {keys: [customer_id]}",
                "customer: {keys: [{name: cust, expr: \"concat('c', customer_id)\"}]}")
            .replace("known_at: label_ts", "known_at: \"event_ts + make_interval(0, 0, 0, 3)\"");
    PipelineDefinition def = load(yaml);
    assertThat(def.source("labels").knownAtDeclared())
        .contains("event_ts + make_interval(0, 0, 0, 3)");
    build(def, "2026-01-02", "2026-01-08", false);
    Map<Long, Row> rows = byTxn("fbderived_cf");
    assertThat(rows.get(5L).<String>getAs("cust")).isEqualTo("c1");
    assertThat(rows.get(7L).<String>getAs("cust")).isEqualTo("c3");
    // payment 1's label is now known 3 days after it (2026-01-04 23:00), not on 2026-01-05 12:00:
    // payment 5 (2026-01-05 11:00) sees it
    assertThat(rows.get(5L).<Long>getAs("fraud_7d")).isEqualTo(1L);
    assertThat(rows.get(3L).<Long>getAs("fraud_7d")).isZero();
    assertThat(rows.get(6L).<Double>getAs("sum_7d")).isEqualTo(10.0 + 20.0 + 30.0 + 5.0);
  }

  @Test
  void aRerunReplacesTheDayWithIdenticalRows() {
    PipelineDefinition def = load(definition("fb", ""));
    build(def, "2026-01-08", "2026-01-08", false);
    Dataset<Row> first = TABLES.read("fb_cf").where("ds = '2026-01-08'").drop("ds").cache();
    first.count();
    long v1 = TABLES.describe("fb_cf").version();
    FeatureBuildJob.Result again = build(def, "2026-01-08", "2026-01-08", false);
    Dataset<Row> second = TABLES.read("fb_cf").where("ds = '2026-01-08'").drop("ds");
    assertThat(again.version()).isEqualTo(v1 + 1);
    assertThat(first.exceptAll(second).isEmpty()).isTrue();
    assertThat(second.exceptAll(first).isEmpty()).isTrue();
    assertThat(second.count()).isEqualTo(1);
    long all = TABLES.read("fb_cf").count();
    long distinct = TABLES.read("fb_cf").select("customer_id", "event_ts").distinct().count();
    assertThat(all).isEqualTo(distinct);
    first.unpersist();
  }

  @Test
  void aRangeInOneJobEqualsDayByDayBuilds() {
    // the same definition and sources as fb_cf's range build, into a table of its own
    Dataset<Row> range = SPARK.createDataFrame(fbRange, fbRangeSchema);
    PipelineDefinition daily = load(definition("fbrange", "fb", ""));
    for (LocalDate d = LocalDate.of(2026, 1, 2);
        !d.isAfter(LocalDate.of(2026, 1, 8));
        d = d.plusDays(1)) {
      build(daily, d.toString(), d.toString(), false);
    }
    Dataset<Row> dayByDay = TABLES.read("fbrange_cf");
    assertThat(range.exceptAll(dayByDay).isEmpty()).isTrue();
    assertThat(dayByDay.exceptAll(range).isEmpty()).isTrue();
  }

  /**
   * A rebuild widens the range to every built day; the label source is read up to the widened end,
   * not the requested day: payment 6 (2026-01-08 22:00) sees the fraud label that became known on
   * 2026-01-07, after the requested day.
   */
  @Test
  void aRebuildReadsLabelsUpToTheWidenedEnd() {
    TABLES.overwrite(SPARK.sql(TX), "fbwiden_tx", "fixture", "ds");
    TABLES.overwrite(
        SPARK
            .sql(LABELS)
            .unionByName(
                SPARK.sql(
                    "SELECT 3L AS txn_id, 1L AS customer_id, 1 AS is_fraud,"
                        + " timestamp'2026-01-02 23:30:00' AS event_ts,"
                        + " timestamp'2026-01-07 00:00:00' AS label_ts, '2026-01-07' AS ds")),
        "fbwiden_labels",
        "fixture",
        "ds");
    build(load(definition("fbwiden", "")), "2026-01-06", "2026-01-08", false);
    PipelineDefinition changed =
        load(
            definition("fbwiden", "")
                .replace(
                    "{name: n_1d, agg: count, window: 1d}",
                    "{name: n_1d, agg: count, window: 2d}"));
    FeatureBuildJob.Result rebuilt = build(changed, "2026-01-06", "2026-01-06", true);
    assertThat(rebuilt.to()).isEqualTo("2026-01-08");
    assertThat(byTxn("fbwiden_cf").get(6L).<Long>getAs("fraud_7d")).isEqualTo(2L);
  }

  @Test
  void aChangedDefinitionRefusesToMixAndRebuildsOnRequest() {
    PipelineDefinition v1 = load(definition("fbchange", "fb", ""));
    build(v1, "2026-01-05", "2026-01-05", false);
    PipelineDefinition v2 =
        load(
            definition("fbchange", "fb", "")
                .replace(
                    "{name: n_1d, agg: count, window: 1d}",
                    "{name: n_1d, agg: count, window: 2d}"));
    long before = TABLES.describe("fbchange_cf").version();
    assertThatThrownBy(() -> build(v2, "2026-01-08", "2026-01-08", false))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining(
            "Cannot build feature table fbchange_cf: its definition changed since version "
                + before)
        .hasMessageContaining(
            "Pass --rebuild to recompute every built day (2026-01-05 .. 2026-01-05)");
    assertThat(TABLES.describe("fbchange_cf").version()).isEqualTo(before);
    // A changed definition that does not resolve says why first, not "pass --rebuild".
    PipelineDefinition broken =
        load(
            definition("fbchange", "fb", "")
                .replace(
                    "expr: \"amount / nullif(sum_7d_incl, 0)\"", "expr: \"amount / nosuchcol\""));
    assertThatThrownBy(() -> build(broken, "2026-01-08", "2026-01-08", false))
        .hasMessageStartingWith(
            "Cannot build feature table fbchange_cf: feature share_of_7d ('amount / nosuchcol')"
                + " does not resolve:")
        .hasMessageNotContaining("--rebuild");
    assertThat(TABLES.describe("fbchange_cf").version()).isEqualTo(before);

    FeatureBuildJob.Result rebuilt = build(v2, "2026-01-08", "2026-01-08", true);
    assertThat(rebuilt.rebuilt()).isTrue();
    assertThat(rebuilt.from()).isEqualTo("2026-01-05");
    assertThat(rebuilt.to()).isEqualTo("2026-01-08");
    assertThat(rebuilt.version()).isEqualTo(before + 1);
    assertThat(byTxn("fbchange_cf").keySet()).containsExactlyInAnyOrder(5L, 6L, 8L, 9L);
    List<BuildCommit> history = BuildCommit.history(TABLES, "fbchange_cf");
    assertThat(history.get(0).definitionHash()).isEqualTo(v2.featureTables().get(0).hash());
    assertThat(history.get(1).definitionHash()).isEqualTo(v1.featureTables().get(0).hash());
  }

  @Test
  void badExpressionsAndMissingDaysAreNamedAndNothingIsWritten() {
    PipelineDefinition bad =
        load(
            definition("fbbad", "fb", "")
                .replace(
                    "expr: \"amount / nullif(sum_7d_incl, 0)\"", "expr: \"amount / nosuchcol\""));
    assertThatThrownBy(() -> build(bad, "2026-01-08", "2026-01-08", false))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith(
            "Cannot build feature table fbbad_cf: feature share_of_7d ('amount / nosuchcol') does not resolve:")
        .hasMessageContaining("nosuchcol");
    PipelineDefinition badFn =
        load(
            definition("fbbad", "fb", "")
                .replace("expr: amount}", "expr: \"frobnicate(amount)\"}"));
    assertThatThrownBy(() -> build(badFn, "2026-01-08", "2026-01-08", false))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("feature amount ('frobnicate(amount)') does not resolve");

    PipelineDefinition gap = load(definition("fbgap", ""));
    assertThatThrownBy(() -> build(gap, "2026-01-06", "2026-01-06", false))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot build feature table fbgap_cf: source ballast.fbgap_tx has no partition for"
                + " [2026-01-04, 2026-01-06]. Load those days first (e.g. ./ballast generate) or"
                + " build a range that has data.");
    assertThatThrownBy(
            () ->
                FeatureBuildJob.run(
                    TABLES,
                    gap,
                    new FeatureBuildJob.Params(
                        "fbgap_cf",
                        LocalDate.of(2026, 1, 3),
                        LocalDate.of(2026, 1, 3),
                        false,
                        false)))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith(
            "Cannot build feature table fbgap_cf: window 7d of feature sum_7d needs source days from"
                + " 2025-12-27 but ballast.fbgap_tx starts on 2026-01-01");
    assertThatThrownBy(
            () ->
                FeatureBuildJob.run(
                    TABLES, gap, new FeatureBuildJob.Params("nope", D1, D1, true, false)))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot find feature table 'nope' in the pipeline definition. Declared feature tables: [fbgap_cf].");
    assertThat(TABLES.exists("fbbad_cf")).isFalse();
    assertThat(TABLES.exists("fbgap_cf")).isFalse();
  }
}
