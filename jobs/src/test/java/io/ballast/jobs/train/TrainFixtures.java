package io.ballast.jobs.train;

import io.ballast.features.TestSpark;
import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.pit.TrainingFixtures;
import java.time.LocalDate;

/**
 * A tiny card-payment use case for training tests: 720 payments over 9 days (2026-03-01 ..
 * 2026-03-09) of 40 customers, fraud when a large non-food payment (or every 17th payment), labels
 * known an hour later. Sources and feature tables are written once per prefix.
 */
final class TrainFixtures {
  static final LocalDate FIRST = LocalDate.of(2026, 3, 1);
  static final LocalDate LAST = LocalDate.of(2026, 3, 9);

  static final String TX = TrainingFixtures.PAYMENTS;

  static final String LABELS =
      "SELECT txn_id, customer_id, is_fraud, event_ts, label_ts,"
          + " date_format(label_ts, 'yyyy-MM-dd') AS ds FROM (SELECT *,"
          + " timestamp_seconds(unix_seconds(event_ts) + 3600) AS label_ts FROM tx_fixture)";

  private TrainFixtures() {}

  static String definition(String prefix, String label, String models) {
    return """
        name: %1$s
        entities:
          customer: {keys: [customer_id]}
        sources:
          tx: {table: ballast.%1$s_tx, event_time: event_ts, partition_column: ds}
          labels: {table: ballast.%1$s_labels, event_time: event_ts, known_at: label_ts, partition_column: ds}
        feature_tables:
          - name: %1$s_cf
            entity: customer
            source: tx
            passthrough: [txn_id]
            features:
              - {name: amount, expr: amount}
              - {name: category, expr: category}
              - {name: n_1d, agg: count, window: 1d}
        label: {source: labels, column: "%2$s"}
        models:
        %3$s
        """
        .formatted(prefix, label, models);
  }

  static final String GBT_SEARCH =
      """
        - name: fraud_model
          algorithm: gbt
          categorical: [category]
          training_window_days: 6
          validation_days: 1
          test_days: 1
          params: {maxIter: 5}
          search: {method: grid, parallelism: 2, metric: areaUnderROC, grid: {maxDepth: [2, 3]}}
      """;

  static PipelineDefinition load(String yaml) {
    return new PipelineLoader(new SparkExpressionParser()).parse(yaml, "test.yaml");
  }

  /** Writes the sources and builds the feature table of a definition. */
  static void prepare(PipelineDefinition def, String prefix) {
    LakehouseTables tables = TestSpark.tables();
    var tx = TestSpark.spark().sql(TX);
    tx.createOrReplaceTempView("tx_fixture");
    tables.overwrite(tx.drop("is_fraud"), prefix + "_tx", "fixture", "ds");
    tables.overwrite(TestSpark.spark().sql(LABELS), prefix + "_labels", "fixture", "ds");
    FeatureBuildJob.run(
        tables, def, new FeatureBuildJob.Params(prefix + "_cf", FIRST, LAST, true, false));
  }
}
