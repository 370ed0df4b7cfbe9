package io.ballast.jobs.cli;

import io.ballast.features.TestSpark;
import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.LocalDate;

/**
 * A tiny card-payment use case for validation tests: 720 payments over 9 days (2026-09-01 ..
 * 2026-09-09) of 40 customers, fraud when a large non-food payment (or every 17th payment), labels
 * known an hour later.
 */
final class ValidationFixtures {
  static final LocalDate FIRST = LocalDate.of(2026, 9, 1);
  static final LocalDate LAST = LocalDate.of(2026, 9, 9);
  // Labels come an hour late: their measured maturity is a day, so training as of 09-09 uses the
  // label days up to 09-08.
  static final String AS_OF = "2026-09-09";

  static final String TX =
      "SELECT txn_id, customer_id, amount, category, event_ts,"
          + " date_format(event_ts, 'yyyy-MM-dd') AS ds,"
          + " CAST((amount > 80 AND category != 'food') OR txn_id % 17 = 0 AS INT) AS is_fraud"
          + " FROM (SELECT id AS txn_id, id % 40 AS customer_id,"
          + " CAST(10 + (id * 37 % 100) AS DOUBLE) AS amount,"
          + " element_at(array('food', 'travel', 'online'), CAST(id % 3 AS INT) + 1) AS category,"
          + " timestamp_seconds(unix_seconds(timestamp'2026-09-01 00:00:00') + id * 1080) AS event_ts"
          + " FROM range(720))";

  static final String LABELS =
      "SELECT txn_id, customer_id, is_fraud, event_ts, label_ts,"
          + " date_format(label_ts, 'yyyy-MM-dd') AS ds FROM (SELECT *,"
          + " timestamp_seconds(unix_seconds(event_ts) + 3600) AS label_ts FROM mval_tx_fixture)";

  static final String DEFAULT_VALIDATION =
      """
            validation:
              threshold: 0.5
              top_k_percent: 10
              slices: [category, "amount > 50"]
              protected_attribute: "category = 'online'"
              gates:
                min: {roc_auc: 0.5}
                max: {ece: 0.9}
                max_slice_gap: {roc_auc: 1.0}
                fairness: {statistical_parity: 1.0}
                champion: {metric: roc_auc, min_absolute_change: 0.0, bootstrap: 50, confidence: 0.95}
            """;

  private ValidationFixtures() {}

  /** The definition with a logistic regression of {@code regParam} and a validation section. */
  static String definition(String regParam, String validation) {
    return """
        name: mval
        entities:
          customer: {keys: [customer_id]}
        sources:
          tx: {table: ballast.mval_tx, event_time: event_ts, partition_column: ds}
          labels: {table: ballast.mval_labels, event_time: event_ts, known_at: label_ts, partition_column: ds}
        feature_tables:
          - name: mval_cf
            entity: customer
            source: tx
            passthrough: [txn_id]
            features:
              - {name: amount, expr: amount}
              - {name: category, expr: category}
              - {name: n_1d, agg: count, window: 1d}
        label: {source: labels, column: is_fraud}
        models:
          - name: vmodel
            algorithm: logistic_regression
            categorical: [category]
            training_window_days: 6
            params: {regParam: %s}
        %s
        """
        .formatted(regParam, validation.indent(4));
  }

  static PipelineDefinition load(String yaml) {
    return new PipelineLoader(new SparkExpressionParser()).parse(yaml, "mval.yaml");
  }

  /** Writes the sources and builds the feature table. */
  static void prepare(PipelineDefinition def) {
    LakehouseTables tables = TestSpark.tables();
    var tx = TestSpark.spark().sql(TX);
    tx.createOrReplaceTempView("mval_tx_fixture");
    tables.overwrite(tx.drop("is_fraud"), "mval_tx", "fixture", "ds");
    tables.overwrite(TestSpark.spark().sql(LABELS), "mval_labels", "fixture", "ds");
    FeatureBuildJob.run(
        tables, def, new FeatureBuildJob.Params("mval_cf", FIRST, LAST, true, false));
  }
}
