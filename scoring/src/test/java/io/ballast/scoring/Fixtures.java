package io.ballast.scoring;

import io.ballast.features.TestSpark;
import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.pit.TrainingSetJob;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A tiny scoring use case: 96 card payments over 4 days (2026-07-01 .. 2026-07-04) of 12 customers,
 * payment i at i * 54 min, with labels an hour later; one feature table (amount, a 1-day count) and
 * a logistic regression fitted on the point-in-time training set of the first 3 days.
 */
final class Fixtures {
  static final LocalDate FIRST = LocalDate.of(2026, 7, 1);
  static final LocalDate LAST = LocalDate.of(2026, 7, 4);
  static final String PREFIX = "sc";
  static final List<String> FEATURES = List.of("amount", "n_1d");

  static final String TX =
      "SELECT txn_id, customer_id, amount, event_ts, date_format(event_ts, 'yyyy-MM-dd') AS ds"
          + " FROM (SELECT id AS txn_id, id % 12 AS customer_id,"
          + " CAST(5 + (id * 37 % 100) AS DOUBLE) AS amount,"
          + " timestamp_seconds(unix_seconds(timestamp'2026-07-01 00:00:00') + id * 3600) AS"
          + " event_ts FROM range(96))";

  static final String LABELS =
      "SELECT txn_id, customer_id, CAST(amount > 60 AS INT) AS is_fraud, event_ts,"
          + " timestamp_seconds(unix_seconds(event_ts) + 3600) AS label_ts,"
          + " date_format(timestamp_seconds(unix_seconds(event_ts) + 3600), 'yyyy-MM-dd') AS ds"
          + " FROM sc_tx_view";

  static final String YAML =
      """
      name: sc
      entities:
        customer: {keys: [customer_id]}
      sources:
        tx: {table: ballast.sc_tx, event_time: event_ts, partition_column: ds}
        labels: {table: ballast.sc_labels, event_time: event_ts, known_at: label_ts, partition_column: ds}
      feature_tables:
        - name: sc_cf
          entity: customer
          source: tx
          ttl: 30d
          passthrough: [txn_id]
          features:
            - {name: amount, expr: amount}
            - {name: n_1d, agg: count, window: 1d}
      label: {source: labels, column: is_fraud}
      """;

  private static PipelineDefinition def;
  private static PipelineModel model;

  private Fixtures() {}

  static PipelineDefinition definition(String yaml) {
    return new PipelineLoader(new SparkExpressionParser()).parse(yaml, "sc.yaml");
  }

  /** Writes the sources, builds the feature table for days 1-3 and fits the model, once. */
  static synchronized PipelineDefinition prepare() {
    if (def != null) {
      return def;
    }
    LakehouseTables tables = TestSpark.tables();
    def = definition(YAML);
    Dataset<Row> tx = TestSpark.spark().sql(TX);
    tx.createOrReplaceTempView("sc_tx_view");
    tables.overwrite(tx, "sc_tx", "fixture", "ds");
    tables.overwrite(TestSpark.spark().sql(LABELS), "sc_labels", "fixture", "ds");
    FeatureBuildJob.run(
        tables, def, new FeatureBuildJob.Params("sc_cf", FIRST, LAST.minusDays(1), true, false));
    Dataset<Row> train =
        TrainingSetJob.assemble(
                tables,
                def,
                new TrainingSetJob.Params(
                    FIRST, LAST.minusDays(1), Map.of(), Optional.empty(), Optional.empty(), ""))
            .rows();
    model = fit(train);
    return def;
  }

  static PipelineModel fit(Dataset<Row> train) {
    PipelineStage[] stages = {
      new SQLTransformer()
          .setStatement(
              "SELECT *, CAST(amount AS DOUBLE) AS _num_amount, CAST(n_1d AS DOUBLE) AS _num_n_1d"
                  + " FROM __THIS__"),
      new VectorAssembler()
          .setInputCols(new String[] {"_num_amount", "_num_n_1d"})
          .setOutputCol("_features"),
      new LogisticRegression().setFeaturesCol("_features").setLabelCol("label").setMaxIter(20)
    };
    return new Pipeline().setStages(stages).fit(train);
  }

  static ScoringModel model(String version) {
    prepare();
    return new ScoringModel("sc_model", version, "sc_model/" + version, model, FEATURES, Map.of());
  }

  /** Builds the feature table's last day (the "new day" of a scoring test). */
  static void buildLastDay() {
    FeatureBuildJob.run(
        TestSpark.tables(),
        prepare(),
        new FeatureBuildJob.Params("sc_cf", LAST, LAST, true, false));
  }
}
