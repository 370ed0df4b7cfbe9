package io.ballast.jobs.report;

import io.ballast.features.config.Severity;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.jobs.tracking.ModelRegistry;
import io.ballast.jobs.tracking.Tracking;
import io.ballast.validation.quality.CheckOutcome;
import io.ballast.validation.quality.MetricSpec;
import io.ballast.validation.quality.MetricValue;
import io.ballast.validation.quality.QualityStore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small monitoring history in its own lakehouse, 2026-10-01 .. 2026-10-10: drift (in the agreed
 * schema) that jumps from 2026-10-07 when a distribution shift is injected, quality results with a
 * failed check on 10-05 and an anomaly on 10-06, model metrics of two versions by slice,
 * predictions of a serving and a shadow model, and aliases in the embedded registry.
 */
final class ReportFixtures {
  static final LocalDate FIRST = LocalDate.of(2026, 10, 1);
  static final LocalDate LAST = LocalDate.of(2026, 10, 10);
  static final String DAYS =
      "SELECT date_format(date_add(DATE'2026-10-01', CAST(id AS INT)), 'yyyy-MM-dd') AS ds"
          + " FROM range(10)";

  /**
   * Attribution drift of explained predictions: amount's share of attribution moves from 0.5 (its
   * training share) to 0.7 from 2026-10-07, taken from channel (0.3 -> 0.1); flagged at 0.1.
   */
  static final String ATTRIBUTION =
      "SELECT 'card_fraud_predictions', ds, 'baseline', 'all', 'all', a.feature, st.statistic,"
          + " CASE WHEN st.statistic = 'attribution_share' THEN a.share"
          + " ELSE a.share - a.training END,"
          + " CASE WHEN st.statistic = 'attribution_share' THEN NULL ELSE 0.1D END,"
          + " CASE WHEN st.statistic = 'attribution_share' THEN NULL"
          + " ELSE abs(a.share - a.training) > 0.1 END,"
          + " 'fraud_model/1', 'fraud_model', '1', current_timestamp() FROM (SELECT ds, f.feature,"
          + " f.training, CASE WHEN ds >= '2026-10-07' THEN f.shifted ELSE f.training END AS share"
          + " FROM ("
          + DAYS
          + ") d CROSS JOIN (SELECT 'amount' AS feature, 0.5D AS training, 0.7D AS shifted"
          + " UNION ALL SELECT 'channel', 0.3D, 0.1D UNION ALL SELECT 'n_txn_24h', 0.2D, 0.2D) f) a"
          + " CROSS JOIN (SELECT explode(array('attribution_share', 'attribution_share_change'))"
          + " AS statistic) st";

  private ReportFixtures() {}

  static void writeAll(LakehouseTables tables) {
    drift(tables);
    quality(tables);
    modelMetrics(tables);
    predictions(tables);
    registry(tables);
  }

  static void drift(LakehouseTables tables) {
    var spark = tables.spark();
    tables.replacePartitions(
        spark.sql(
            "SELECT 'customer_features' AS table_name, ds, c.comparison, 'all' AS slice,"
                + " 'all' AS slice_value, f.feature, s.statistic,"
                + " CASE WHEN ds >= '2026-10-07' AND f.feature = 'amount' THEN 0.6"
                + " WHEN ds >= '2026-10-07' THEN 0.15 ELSE 0.02 END * s.scale AS value,"
                + " 0.25 AS threshold,"
                + " ds >= '2026-10-07' AND f.feature = 'amount' AS drifted,"
                + " 'baseline-1' AS baseline_id, 'fraud_model' AS model_name, '1' AS model_version,"
                + " current_timestamp() AS _computed_at"
                + " FROM ("
                + DAYS
                + ") d"
                + " CROSS JOIN (SELECT explode(array('amount', 'amount_sum_7d', 'n_txn_24h',"
                + " 'merchant_category')) AS feature) f"
                + " CROSS JOIN (SELECT explode(array('baseline', 'previous')) AS comparison) c"
                + " CROSS JOIN (SELECT 'psi' AS statistic, 1.0D AS scale UNION ALL"
                + " SELECT 'js_distance', 0.5D) s"
                + " UNION ALL "
                + ATTRIBUTION),
        "drift",
        "ds",
        FIRST,
        LAST,
        "fixture");
    tables.replacePartitions(
        spark.sql(
            "SELECT 'customer_features' AS table_name, ds, 'baseline' AS comparison,"
                + " 'all' AS slice, 'all' AS slice_value, 4 AS features,"
                + " CASE WHEN ds >= '2026-10-07' THEN 1 ELSE 0 END AS drifted_features,"
                + " CASE WHEN ds >= '2026-10-07' THEN 0.25D ELSE 0.0D END AS drifted_share,"
                + " 0.5D AS bound, false AS drifted, current_timestamp() AS _computed_at FROM ("
                + DAYS
                + ")"),
        "drift_summary",
        "ds",
        FIRST,
        LAST,
        "fixture");
    tables.overwrite(
        spark.sql(
            "SELECT 'distribution_shift' AS fault, '2026-10-07' AS first_day,"
                + " '2026-10-10' AS last_day, 'transactions' AS table_name,"
                + " array('amount') AS columns, 'amounts x1.6' AS description, 42L AS seed"),
        "injected_faults",
        "fixture");
  }

  static void quality(LakehouseTables tables) {
    List<CheckOutcome> outcomes = new ArrayList<>();
    Map<LocalDate, Map<MetricSpec, MetricValue>> metrics = new LinkedHashMap<>();
    for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
      String ds = d.toString();
      boolean incident = d.getDayOfMonth() == 5;
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
              d.getDayOfMonth() == 6 ? CheckOutcome.Status.FAILED : CheckOutcome.Status.PASSED,
              d.getDayOfMonth() == 6 ? "Size 1500 outside [800, 1200]" : null,
              Optional.empty()));
      Map<MetricSpec, MetricValue> m = new LinkedHashMap<>();
      m.put(
          MetricSpec.size(),
          MetricValue.of(d.getDayOfMonth() == 6 ? 1500 : 1000 + d.getDayOfMonth()));
      m.put(
          MetricSpec.of(MetricSpec.Kind.COMPLETENESS, "amount"),
          MetricValue.of(incident ? 0.95 : 1.0));
      metrics.put(d, m);
    }
    QualityStore store = new QualityStore(tables);
    store.writeResults("q-fixture", "transactions", 3, FIRST, LAST, outcomes);
    store.writeMetrics("q-fixture", "transactions", 3, FIRST, LAST, metrics);
  }

  static void modelMetrics(LakehouseTables tables) {
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
                    + " UNION ALL SELECT 'channel', 'card_present', 0.02D) s"
                    + " CROSS JOIN (SELECT 'roc_auc' AS metric, 0.85D AS base UNION ALL"
                    + " SELECT 'pr_auc', 0.40D) m"
                    + " UNION ALL SELECT 'fraud_model', '1', 'live', ds, ds, ds, 'all', 'all',"
                    + " 'roc_auc', CASE WHEN ds >= '2026-10-07' THEN 0.74D ELSE 0.84D END,"
                    + " current_timestamp() FROM ("
                    + DAYS
                    + ")"),
        "model_metrics",
        "fixture");
  }

  static void predictions(LakehouseTables tables) {
    tables.replacePartitions(
        tables
            .spark()
            .sql(
                "SELECT id AS txn_id, id % 50 AS customer_id, id % 20 AS merchant_id,"
                    + " timestamp_seconds(unix_seconds(TIMESTAMP'2026-10-01 00:00:00')"
                    + " + id * 432) AS event_ts, ds, score, CAST(score > 0.5 AS INT) AS prediction,"
                    + " 'fraud_model' AS model_name, model_version, shadow,"
                    + " map('customer_features', 4L) AS feature_table_versions,"
                    + " current_timestamp() AS _scored_at FROM (SELECT id,"
                    + " date_format(timestamp_seconds(unix_seconds(TIMESTAMP'2026-10-01 00:00:00')"
                    + " + id * 432), 'yyyy-MM-dd') AS ds,"
                    + " pow((id * 7919 % 1000) / 1000.0D, 3) AS score,"
                    + " CASE WHEN id % 4 = 0 THEN '2' ELSE '1' END AS model_version,"
                    + " id % 4 = 0 AS shadow FROM range(2000))"),
        "card_fraud_predictions",
        "ds",
        FIRST,
        LAST,
        "fixture");
  }

  static void registry(LakehouseTables tables) {
    ModelRegistry registry = Tracking.embedded(tables).registry();
    registry.register("fraud_model", "run-1", Map.of(), folder -> {});
    registry.register("fraud_model", "run-2", Map.of(), folder -> {});
    registry.setAlias("fraud_model", "champion", "1");
    registry.setAlias("fraud_model", "challenger", "2");
  }
}
