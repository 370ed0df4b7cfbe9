package io.ballast.jobs.report;

import io.ballast.features.config.Severity;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.AliasEvent;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.jobs.tracking.Tracking;
import io.ballast.validation.quality.CheckOutcome;
import io.ballast.validation.quality.MetricSpec;
import io.ballast.validation.quality.MetricValue;
import io.ballast.validation.quality.QualityStore;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A monitoring history in its own lakehouse, by default 2026-10-01 .. 2026-10-10 with 4 features:
 * drift (in the agreed schema) that jumps from 2026-10-07 when a distribution shift is injected,
 * quality results with a failed check on 10-05 and an anomaly on 10-06, model metrics of two
 * versions by slice, two validations (version 2 failing two gates) and a promotion, predictions of
 * a serving and a shadow model, and aliases in the embedded registry. {@link Shape} scales the same
 * story to other day and feature counts (the layout checks use 7 x 5 and 180 x 50).
 */
final class ReportFixtures {
  /**
   * How much history: {@code days} days from {@code first}, {@code features} drift features; the
   * quality incident falls at 40% of the days, the anomaly at 50%, the distribution shift at 60%.
   */
  record Shape(LocalDate first, int days, int features) {
    static final Shape SMALL = new Shape(LocalDate.of(2026, 10, 1), 10, 4);

    LocalDate last() {
      return first.plusDays(days - 1);
    }

    String day(int index) {
      return first.plusDays(index).toString();
    }

    String shift() {
      return day(days * 6 / 10);
    }

    /** One row per day: {@code ds}. */
    String daysSql() {
      return "SELECT date_format(date_add(DATE'"
          + first
          + "', CAST(id AS INT)), 'yyyy-MM-dd') AS ds FROM range("
          + days
          + ")";
    }

    /** The drift features: the four named ones, then feature_05, feature_06, ... */
    List<String> featureNames() {
      List<String> out =
          new ArrayList<>(List.of("amount", "amount_sum_7d", "n_txn_24h", "merchant_category"));
      for (int i = 5; out.size() < features; i++) {
        out.add(String.format("feature_%02d", i));
      }
      return out.subList(0, features);
    }
  }

  static final LocalDate FIRST = Shape.SMALL.first();
  static final LocalDate LAST = Shape.SMALL.last();

  private ReportFixtures() {}

  static void writeAll(LakehouseTables tables) {
    writeAll(tables, Shape.SMALL);
  }

  static void writeAll(LakehouseTables tables, Shape s) {
    drift(tables, s);
    quality(tables, s);
    modelMetrics(tables, s);
    validations(tables);
    predictions(tables, s);
    registry(tables);
  }

  /**
   * Attribution drift of explained predictions: amount's share of attribution moves from 0.5 (its
   * training share) to 0.7 from the shift day, taken from channel (0.3 -> 0.1); flagged at 0.1.
   */
  static String attribution(Shape s) {
    return "SELECT 'card_fraud_predictions', ds, 'baseline', 'all', 'all', a.feature, st.statistic,"
        + " CASE WHEN st.statistic = 'attribution_share' THEN a.share"
        + " ELSE a.share - a.training END,"
        + " CASE WHEN st.statistic = 'attribution_share' THEN NULL ELSE 0.1D END,"
        + " CASE WHEN st.statistic = 'attribution_share' THEN NULL"
        + " ELSE abs(a.share - a.training) > 0.1 END,"
        + " 'fraud_model/1', 'fraud_model', '1', current_timestamp() FROM (SELECT ds, f.feature,"
        + " f.training, CASE WHEN ds >= '"
        + s.shift()
        + "' THEN f.shifted ELSE f.training END AS share"
        + " FROM ("
        + s.daysSql()
        + ") d CROSS JOIN (SELECT 'amount' AS feature, 0.5D AS training, 0.7D AS shifted"
        + " UNION ALL SELECT 'channel', 0.3D, 0.1D UNION ALL SELECT 'n_txn_24h', 0.2D, 0.2D) f) a"
        + " CROSS JOIN (SELECT explode(array('attribution_share', 'attribution_share_change'))"
        + " AS statistic) st";
  }

  static void drift(LakehouseTables tables, Shape s) {
    var spark = tables.spark();
    String features = "'" + String.join("', '", s.featureNames()) + "'";
    tables.replacePartitions(
        spark.sql(
            "SELECT 'customer_features' AS table_name, ds, c.comparison, 'all' AS slice,"
                + " 'all' AS slice_value, f.feature, s.statistic,"
                + " CASE WHEN ds >= '"
                + s.shift()
                + "' AND f.feature = 'amount' THEN 0.6"
                + " WHEN ds >= '"
                + s.shift()
                + "' THEN 0.15 ELSE 0.02 END * s.scale"
                + " * CASE WHEN f.feature LIKE 'feature\\_%' THEN 1 + (abs(hash(f.feature)) % 7)"
                + " / 20.0D ELSE 1 END AS value,"
                + " 0.25 AS threshold,"
                + " ds >= '"
                + s.shift()
                + "' AND f.feature = 'amount' AS drifted,"
                + " 'baseline-1' AS baseline_id, 'fraud_model' AS model_name, '1' AS model_version,"
                + " current_timestamp() AS _computed_at"
                + " FROM ("
                + s.daysSql()
                + ") d"
                + " CROSS JOIN (SELECT explode(array("
                + features
                + ")) AS feature) f"
                + " CROSS JOIN (SELECT explode(array('baseline', 'previous')) AS comparison) c"
                + " CROSS JOIN (SELECT 'psi' AS statistic, 1.0D AS scale UNION ALL"
                + " SELECT 'js_distance', 0.5D) s"
                + " UNION ALL "
                + attribution(s)),
        "drift",
        "ds",
        s.first(),
        s.last(),
        "fixture");
    tables.replacePartitions(
        spark.sql(
            "SELECT 'customer_features' AS table_name, ds, 'baseline' AS comparison,"
                + " 'all' AS slice, 'all' AS slice_value, "
                + s.features()
                + " AS features,"
                + " CASE WHEN ds >= '"
                + s.shift()
                + "' THEN 1 ELSE 0 END AS drifted_features,"
                + " CASE WHEN ds >= '"
                + s.shift()
                + "' THEN 1.0D / "
                + s.features()
                + " ELSE 0.0D END AS drifted_share,"
                + " 0.5D AS bound, false AS drifted, current_timestamp() AS _computed_at FROM ("
                + s.daysSql()
                + ")"),
        "drift_summary",
        "ds",
        s.first(),
        s.last(),
        "fixture");
    tables.overwrite(
        spark.sql(
            "SELECT 'distribution_shift' AS fault, '"
                + s.shift()
                + "' AS first_day, '"
                + s.last()
                + "' AS last_day, 'transactions' AS table_name,"
                + " array('amount') AS columns, 'amounts x1.6' AS description, 42L AS seed"),
        "injected_faults",
        "fixture");
  }

  static void quality(LakehouseTables tables, Shape s) {
    List<CheckOutcome> outcomes = new ArrayList<>();
    Map<LocalDate, Map<MetricSpec, MetricValue>> metrics = new LinkedHashMap<>();
    LocalDate incidentDay = s.first().plusDays(s.days() * 4 / 10);
    LocalDate anomalyDay = s.first().plusDays(s.days() * 5 / 10);
    for (LocalDate d = s.first(); !d.isAfter(s.last()); d = d.plusDays(1)) {
      String ds = d.toString();
      boolean incident = d.equals(incidentDay);
      boolean anomaly = d.equals(anomalyDay);
      outcomes.add(
          new CheckOutcome(
              ds,
              "complete_amount",
              "completeness",
              "Completeness(amount) == 1",
              Severity.ERROR,
              incident ? CheckOutcome.Status.FAILED : CheckOutcome.Status.PASSED,
              incident ? "0.95 of rows pass <script>alert(1)</script>" : null,
              Optional.of(incident ? 0.95 : 1.0)));
      outcomes.add(
          new CheckOutcome(
              ds,
              "anomaly_Size",
              "anomaly",
              "Size within 3 sigma",
              Severity.WARNING,
              anomaly ? CheckOutcome.Status.FAILED : CheckOutcome.Status.PASSED,
              anomaly ? "Size 1500 outside [800, 1200]" : null,
              Optional.empty()));
      Map<MetricSpec, MetricValue> m = new LinkedHashMap<>();
      m.put(MetricSpec.size(), MetricValue.of(anomaly ? 1500 : 1000 + d.getDayOfMonth()));
      m.put(
          MetricSpec.of(MetricSpec.Kind.COMPLETENESS, "amount"),
          MetricValue.of(incident ? 0.95 : 1.0));
      // more columns: two always complete (drawn as one line if they were drawn), one that loses
      // a few rows from the shift day on
      m.put(MetricSpec.of(MetricSpec.Kind.COMPLETENESS, "currency"), MetricValue.of(1.0));
      m.put(MetricSpec.of(MetricSpec.Kind.COMPLETENESS, "channel"), MetricValue.of(1.0));
      m.put(
          MetricSpec.of(MetricSpec.Kind.COMPLETENESS, "merchant_id"),
          MetricValue.of(ds.compareTo(s.shift()) >= 0 ? 0.98 : 1.0));
      metrics.put(d, m);
    }
    QualityStore store = new QualityStore(tables);
    store.writeResults("q-fixture", "transactions", 3, s.first(), s.last(), outcomes);
    store.writeMetrics("q-fixture", "transactions", 3, s.first(), s.last(), metrics);
  }

  static void modelMetrics(LakehouseTables tables, Shape s) {
    tables.overwrite(
        tables
            .spark()
            .sql(
                "SELECT 'fraud_model' AS model_name, v.model_version, 'test' AS dataset,"
                    + " CAST(NULL AS STRING) AS ds, '2026-09-20' AS window_from,"
                    + " '2026-09-30' AS window_to, s.slice, s.slice_value, m.metric,"
                    + " m.base + CASE WHEN v.model_version = '2' THEN 0.03 ELSE 0 END"
                    + " - s.penalty AS value, current_timestamp() AS _computed_at"
                    + " FROM (SELECT explode(array('1', '2')) AS model_version) v"
                    + " CROSS JOIN (SELECT 'all' AS slice, 'all' AS slice_value, 0.0D AS penalty"
                    + " UNION ALL SELECT 'channel', 'online', 0.05D"
                    + " UNION ALL SELECT 'channel', 'card_present', 0.02D"
                    + " UNION ALL SELECT 'merchant_category', 'apparel_and_accessories', 0.04D"
                    + " UNION ALL SELECT 'merchant_category', 'electronics', 0.07D) s"
                    + " CROSS JOIN (SELECT 'roc_auc' AS metric, 0.85D AS base UNION ALL"
                    + " SELECT 'pr_auc', 0.40D) m"
                    + " UNION ALL SELECT 'fraud_model', '1', 'live', ds, ds, ds, 'all', 'all',"
                    + " 'roc_auc', CASE WHEN ds >= '"
                    + s.shift()
                    + "' THEN 0.74D ELSE 0.84D END,"
                    + " current_timestamp() FROM ("
                    + s.daysSql()
                    + ")"),
        "model_metrics",
        "fixture");
  }

  /**
   * Two validations: version 1 against no champion, every gate passed (then promoted); version 2
   * against version 1, failing the champion gate and the slice-gap gate.
   */
  static void validations(LakehouseTables tables) {
    List<Row> rows = new ArrayList<>();
    Timestamp first = Timestamp.valueOf("2026-09-30 08:00:00");
    Timestamp second = Timestamp.valueOf("2026-10-08 08:00:00");
    rows.add(gate("val-1", "1", null, "min", "roc_auc", 0.85, 0.6, true, "", "passed", first));
    rows.add(
        gate(
            "val-1",
            "1",
            null,
            "champion",
            "roc_auc",
            null,
            null,
            true,
            "no champion",
            "passed",
            first));
    rows.add(gate("val-2", "2", "1", "min", "roc_auc", 0.88, 0.6, true, "", "failed", second));
    rows.add(
        gate(
            "val-2",
            "2",
            "1",
            "champion",
            "roc_auc",
            -0.004,
            0.0,
            false,
            "95% CI of the difference [-0.011, 0.003] includes 0",
            "failed",
            second));
    rows.add(
        gate(
            "val-2",
            "2",
            "1",
            "max_slice_gap",
            "roc_auc",
            0.07,
            0.05,
            false,
            "worst merchant_category = electronics 0.81, best 0.88",
            "failed",
            second));
    tables.append(
        tables.spark().createDataFrame(rows, BallastTable.MODEL_VALIDATIONS.requireSchema()),
        BallastTable.MODEL_VALIDATIONS.name());
  }

  private static Row gate(
      String id,
      String version,
      String champion,
      String gate,
      String metric,
      Double value,
      Double bound,
      boolean passed,
      String detail,
      String outcome,
      Timestamp at) {
    return RowFactory.create(
        id,
        "card_fraud",
        "fraud_model",
        version,
        champion,
        "2026-09-20",
        "2026-09-30",
        gate,
        metric,
        "all",
        value,
        bound,
        passed,
        detail,
        outcome,
        "fixture",
        at);
  }

  static void predictions(LakehouseTables tables, Shape s) {
    long rows = 200L * s.days();
    tables.replacePartitions(
        tables
            .spark()
            .sql(
                "SELECT id AS txn_id, id % 50 AS customer_id, id % 20 AS merchant_id,"
                    + " timestamp_seconds(unix_seconds(TIMESTAMP'"
                    + s.first()
                    + " 00:00:00')"
                    + " + id * 432) AS event_ts, ds, score, CAST(score > 0.5 AS INT) AS prediction,"
                    + " 'fraud_model' AS model_name, model_version, shadow,"
                    + " map('customer_features', 4L) AS feature_table_versions,"
                    + " current_timestamp() AS _scored_at FROM (SELECT id,"
                    + " date_format(timestamp_seconds(unix_seconds(TIMESTAMP'"
                    + s.first()
                    + " 00:00:00')"
                    + " + id * 432), 'yyyy-MM-dd') AS ds,"
                    + " pow((id * 7919 % 1000) / 1000.0D, 3) AS score,"
                    + " CASE WHEN id % 4 = 0 THEN '2' ELSE '1' END AS model_version,"
                    + " id % 4 = 0 AS shadow FROM range("
                    + rows
                    + "))"),
        "card_fraud_predictions",
        "ds",
        s.first(),
        s.last(),
        "fixture");
  }

  static void registry(LakehouseTables tables) {
    ModelRegistry registry = Tracking.embedded(tables).registry();
    registry.register("fraud_model", "run-1", Map.of(), folder -> {});
    registry.register("fraud_model", "run-2", Map.of(), folder -> {});
    registry.setAlias("fraud_model", "champion", "1");
    registry.setAlias("fraud_model", "challenger", "2");
    registry.recordAliasEvent(
        new AliasEvent(
            "fraud_model",
            "promote",
            "champion",
            null,
            "1",
            "fixture",
            "first model (validation val-1)",
            Timestamp.valueOf("2026-09-30 09:00:00").getTime()));
  }
}
