package io.ballast.jobs.drift;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ballast.features.TestSpark;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.jobs.Ballast;
import io.ballast.scoring.explain.GlobalImportance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ballast train} saves a baseline; {@code ballast drift} finds the injected shift, exits 3,
 * triggers retraining; prediction drift and performance drift on a predictions fixture. Days
 * 2026-08-01 .. 2026-08-16.
 */
class DriftCliTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final LakehouseTables TABLES = TestSpark.tables();
  static Path definition;
  static boolean predictionsWritten;

  /**
   * 80 payments a day of 40 customers, the same values every day, amounts x3 from 08-12; fraud for
   * large non-food payments or every 17th; labels an hour later.
   */
  static final String TX =
      "SELECT txn_id, customer_id, amount, category, event_ts,"
          + " date_format(event_ts, 'yyyy-MM-dd') AS ds,"
          + " CAST((amount > 80 AND category != 'food') OR txn_id % 17 = 0 AS INT) AS is_fraud"
          + " FROM (SELECT id AS txn_id, id % 40 AS customer_id,"
          + " CAST(10 + (id % 80 * 37 % 100) AS DOUBLE)"
          + "  * CASE WHEN id >= 880 THEN 3 ELSE 1 END AS amount,"
          + " element_at(array('food', 'travel', 'online'), CAST(id % 3 AS INT) + 1) AS category,"
          + " timestamp_seconds(unix_seconds(timestamp'2026-08-01 00:00:00') + id * 1080)"
          + "  AS event_ts FROM range(1280))";

  static final String YAML =
      """
      name: dft
      entities:
        customer: {keys: [customer_id]}
      sources:
        tx: {table: ballast.dft_tx, event_time: event_ts, partition_column: ds}
        labels: {table: ballast.dft_labels, event_time: event_ts, known_at: label_ts, partition_column: ds}
      feature_tables:
        - name: dft_cf
          entity: customer
          source: tx
          passthrough: [txn_id]
          features:
            - {name: amount, expr: amount}
            - {name: category, expr: category}
      label: {source: labels, column: is_fraud}
      models:
        - name: dft_model
          algorithm: logistic_regression
          categorical: [category]
          training_window_days: 6
          validation_days: 1
          test_days: 1
      drift:
        slices: [category]
        thresholds: {ks_pvalue: off}
        drifted_share_bound: 0.5
        bins: 10
      """;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--lakehouse");
    all.add(TestSpark.lakehouse().root());
    int code =
        Ballast.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void trainOnce() throws Exception {
    definition = Files.createTempFile("dft", ".yaml");
    Files.writeString(definition, YAML);
    var spark = TestSpark.spark();
    var tx = spark.sql(TX);
    tx.createOrReplaceTempView("dft_tx_fixture");
    TABLES.overwrite(tx.drop("is_fraud"), "dft_tx", "fixture", "ds");
    TABLES.overwrite(
        spark.sql(
            "SELECT txn_id, customer_id, is_fraud, event_ts, label_ts,"
                + " date_format(label_ts, 'yyyy-MM-dd') AS ds FROM (SELECT *,"
                + " timestamp_seconds(unix_seconds(event_ts) + 3600) AS label_ts"
                + " FROM dft_tx_fixture)"),
        "dft_labels",
        "fixture",
        "ds");
    Run b =
        run(
            "features",
            "build",
            "--pipeline",
            definition.toString(),
            "--table",
            "dft_cf",
            "--from",
            "2026-08-01",
            "--to",
            "2026-08-16");
    assertThat(b.code()).as(b.err()).isZero();
    // As of 08-09: labels come an hour late, so 08-08 is the last mature label day.
    Run t = run("train", "--pipeline", definition.toString(), "--as-of", "2026-08-09");
    assertThat(t.code()).as(t.err()).isZero();
  }

  @Test
  void trainingSavesABaselineOfTheFeaturesAndTheScore() {
    List<Row> rows =
        TABLES
            .read("drift_baselines")
            .where("model_name = 'dft_model' AND slice = 'all'")
            .select("feature", "kind", "rows")
            .orderBy("feature")
            .collectAsList();
    assertThat(rows.stream().map(r -> r.getString(0)))
        .containsExactly("amount", "category", "score");
    assertThat(rows.get(1).getString(1)).isEqualTo("categorical");
    assertThat(rows.get(0).getLong(2)).isEqualTo(480);
  }

  @Test
  void featureDriftFindsTheShiftFromItsDayOnAndExits3() {
    Run r =
        run(
            "drift",
            "features",
            "--pipeline",
            definition.toString(),
            "--from",
            "2026-08-09",
            "--to",
            "2026-08-16");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).contains("has no champion; comparing with its challenger");
    assertThat(r.out()).contains("DRIFT found: [dft_cf 2026-08-12");
    List<Row> flagged =
        TABLES
            .read("drift")
            .where(
                "table_name = 'dft_cf' AND comparison = 'baseline' AND slice = 'all'"
                    + " AND drifted")
            .select("ds", "feature")
            .distinct()
            .orderBy("ds", "feature")
            .collectAsList();
    assertThat(flagged).isNotEmpty();
    assertThat(flagged).allMatch(x -> x.getString(1).equals("amount"));
    assertThat(flagged.stream().map(x -> x.getString(0)).distinct())
        .containsExactly("2026-08-12", "2026-08-13", "2026-08-14", "2026-08-15", "2026-08-16");
    // slices of the definition, per value
    assertThat(
            TABLES
                .read("drift")
                .where("table_name = 'dft_cf' AND slice = 'category' AND slice_value = 'food'")
                .count())
        .isPositive();

    Run direct =
        run(
            "drift",
            "--pipeline",
            definition.toString(),
            "--table",
            "dft_cf",
            "--date",
            "2026-08-10");
    assertThat(direct.code()).as(direct.out() + direct.err()).isZero();
    assertThat(direct.out()).contains("no drift over the bound");
  }

  @Test
  void driftTriggersTheRetrainingDag() {
    wm.stubFor(
        post("/api/v1/dags/ballast_dft_retrain/dagRuns")
            .willReturn(
                okJson(
                    "{\"dag_id\": \"ballast_dft_retrain\", \"dag_run_id\": \"manual__x\","
                        + " \"state\": \"queued\", \"conf\": {\"reason\": \"drift\"}}")));
    Run r =
        run(
            "drift",
            "--pipeline",
            definition.toString(),
            "--table",
            "dft_cf",
            "--date",
            "2026-08-13",
            "--on-drift",
            "trigger-retrain",
            "--url",
            wm.baseUrl(),
            "--api-version",
            "2");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).contains("triggered ballast_dft_retrain run manual__x for 2026-08-13");
    // The retrain run's logical date is the day checked: its tasks' {{ data_interval_start | ds }}.
    wm.verify(
        postRequestedFor(urlEqualTo("/api/v1/dags/ballast_dft_retrain/dagRuns"))
            .withRequestBody(containing("\"dag_run_id\":\"ballast__2026-08-13T00:00:00Z__"))
            .withRequestBody(containing("\"logical_date\":\"2026-08-13T00:00:00Z\""))
            .withRequestBody(containing("\"reason\":\"drift\""))
            .withRequestBody(containing("\"ds\":\"2026-08-13\""))
            .withRequestBody(containing("\"features\":[\"amount\"]")));
  }

  /**
   * The agreed predictions schema from 08-09 on: version 1 serves with a score of 0.9 for frauds
   * and 0.1 otherwise; version 2 is a shadow scoring 0.5.
   */
  static synchronized void writePredictions() {
    if (predictionsWritten) {
      return;
    }
    predictionsWritten = true;
    TABLES.overwrite(
        TestSpark.spark()
            .sql(
                "SELECT txn_id, customer_id, event_ts, ds,"
                    + " CAST(CASE WHEN is_fraud = 1 THEN 0.9 ELSE 0.1 END AS DOUBLE) AS score,"
                    + " is_fraud AS prediction, 'dft_model' AS model_name, '1' AS model_version,"
                    + " false AS shadow, map('dft_cf', 1L) AS feature_table_versions,"
                    + " current_timestamp() AS _scored_at"
                    + " FROM dft_tx_fixture WHERE ds >= '2026-08-09'"
                    + " UNION ALL SELECT txn_id, customer_id, event_ts, ds, 0.5D, 0, 'dft_model',"
                    + " '2', true, map('dft_cf', 1L), current_timestamp()"
                    + " FROM dft_tx_fixture WHERE ds >= '2026-08-09'"),
        "dft_predictions",
        "fixture",
        "ds");
  }

  @Test
  void attributionDriftOfExplainedPredictionsAgainstTheTrainingShares() {
    writePredictions();
    Map<String, Double> training =
        GlobalImportance.read(TABLES, "dft_model", "1").orElseThrow().shares();
    assertThat(training).containsOnlyKeys("amount", "category");
    assertThat(training.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-9));
    // the serving rows explained: 08-09 at the training shares, 08-10 all attribution on the
    // feature with the smaller training share
    String large = training.get("amount") >= training.get("category") ? "amount" : "category";
    String small = large.equals("amount") ? "category" : "amount";
    String explanation =
        String.format(
            java.util.Locale.ROOT,
            "CASE WHEN shadow THEN NULL WHEN ds = '2026-08-09' THEN array("
                + "named_struct('feature', '%s', 'attribution', -%.17fD),"
                + " named_struct('feature', '%s', 'attribution', %.17fD))"
                + " ELSE array(named_struct('feature', '%s', 'attribution', 0.7D),"
                + " named_struct('feature', '%s', 'attribution', 0.0D)) END",
            large,
            training.get(large),
            small,
            training.get(small),
            small,
            large);
    TABLES.overwrite(
        TABLES.read("dft_predictions").withColumn("explanation", functions.expr(explanation)),
        "dft_attr_predictions_tmp",
        "fixture",
        "ds");
    TABLES.overwrite(
        TABLES.read("dft_attr_predictions_tmp"), "dft_predictions", "fixture explained", "ds");

    Run r =
        run(
            "drift",
            "predictions",
            "--pipeline",
            definition.toString(),
            "--from",
            "2026-08-09",
            "--to",
            "2026-08-10");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 3);
    assertThat(r.out())
        .contains("2026-08-09  attribution shares vs training: no feature moved past")
        .contains("2026-08-10  attribution shares vs training: " + large + " -");
    Dataset<Row> change =
        TABLES
            .read("drift")
            .where(
                "table_name = 'dft_predictions' AND statistic = 'attribution_share_change'"
                    + " AND slice = 'all'");
    assertThat(change.where("ds = '2026-08-09' AND drifted").count()).isZero();
    assertThat(change.where("ds = '2026-08-09' AND abs(value) < 1e-9").count()).isEqualTo(2);
    Row moved = change.where("ds = '2026-08-10' AND feature = '" + large + "'").first();
    assertThat(moved.<Double>getAs("value")).isCloseTo(-training.get(large), within(1e-9));
    assertThat(moved.<Boolean>getAs("drifted")).isTrue();
    assertThat(moved.<Double>getAs("threshold")).isEqualTo(0.1);
    // the definition's slice (category) is no column of the predictions: slice 'all' only
    assertThat(change.where("slice != 'all'").count()).isZero();
  }

  @Test
  void livePerformanceOfARangeIsOneJobAndAMetricPastItsBoundTriggersTheRetrainingDag()
      throws Exception {
    writePredictions();
    wm.stubFor(
        post("/api/v1/dags/ballast_dft_retrain/dagRuns")
            .willReturn(
                okJson(
                    "{\"dag_id\": \"ballast_dft_retrain\", \"dag_run_id\": \"manual__y\","
                        + " \"state\": \"queued\", \"conf\": {}}")));
    // recall 1.0 stays above its min 0.99: no breach; precision 1.0 is above its max
    Path bounded = Files.createTempFile("dft-live", ".yaml");
    Files.writeString(
        bounded, YAML + "monitoring:\n  live: {min: {recall: 0.99}, max: {precision: 0.5}}\n");
    Run r =
        run(
            "drift",
            "performance",
            "--pipeline",
            bounded.toString(),
            "--from",
            "2026-08-08",
            "--to",
            "2026-08-10",
            "--on-breach",
            "trigger-retrain",
            "--url",
            wm.baseUrl(),
            "--api-version",
            "2");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out())
        .contains("performance of dft_model version 1 on 2026-08-09:")
        .contains("performance of dft_model version 1 on 2026-08-10:")
        .contains(
            "note: 2026-08-08 not measured: 0 labelled predictions of dft_model version 1, fewer"
                + " than monitoring.live.min_labels = 30")
        .contains(
            "LIVE BOUND crossed:\n"
                + "  2026-08-09 precision = 1.0000, at or above its max 0.5\n"
                + "  2026-08-10 precision = 1.0000, at or above its max 0.5\n")
        .doesNotContain("recall =")
        .contains("triggered ballast_dft_retrain run manual__y for 2026-08-10");
    wm.verify(
        postRequestedFor(urlEqualTo("/api/v1/dags/ballast_dft_retrain/dagRuns"))
            .withRequestBody(containing("\"logical_date\":\"2026-08-10T00:00:00Z\""))
            .withRequestBody(containing("\"reason\":\"live_performance\""))
            .withRequestBody(containing("\"metric\":\"precision\""))
            .withRequestBody(containing("\"ds\":\"2026-08-10\"")));
    List<Row> live =
        TABLES
            .read("model_metrics")
            .where(
                "model_name = 'dft_model' AND dataset = 'live' AND metric = 'rows'"
                    + " AND ds BETWEEN '2026-08-08' AND '2026-08-10'")
            .orderBy("ds")
            .collectAsList();
    assertThat(live.stream().map(x -> x.<String>getAs("ds")))
        .containsExactly("2026-08-09", "2026-08-10");
    assertThat(live).allMatch(x -> x.<Double>getAs("value") == 80.0);
  }

  @Test
  void aBadOnBreachActionOrRangeIsAClearMessage() {
    Run action =
        run(
            "drift",
            "performance",
            "--pipeline",
            definition.toString(),
            "--date",
            "2026-08-10",
            "--on-breach",
            "page-me");
    assertThat(action.code()).isEqualTo(2);
    assertThat(action.err()).contains("--on-breach").contains("expected none or trigger-retrain");
    Run both =
        run(
            "drift",
            "performance",
            "--pipeline",
            definition.toString(),
            "--date",
            "2026-08-10",
            "--from",
            "2026-08-09",
            "--to",
            "2026-08-10");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("give either --date or --from/--to, not both");
  }

  @Test
  void badInputIsAClearMessage() {
    Run noFeatures =
        run(
            "drift",
            "--pipeline",
            definition.toString(),
            "--table",
            "dft_labels",
            "--date",
            "2026-08-10");
    assertThat(noFeatures.code()).isEqualTo(2);
    assertThat(noFeatures.err()).contains("does not hold the features of baseline dft_model/");
    Run noTable =
        run(
            "drift",
            "--pipeline",
            definition.toString(),
            "--table",
            "nope",
            "--date",
            "2026-08-10");
    assertThat(noTable.code()).isEqualTo(2);
    assertThat(noTable.err()).contains("nope");
    Run badAction =
        run(
            "drift",
            "features",
            "--pipeline",
            definition.toString(),
            "--date",
            "2026-08-10",
            "--on-drift",
            "explode");
    assertThat(badAction.code()).isEqualTo(2);
    assertThat(badAction.err()).contains("expected none or trigger-retrain");
  }

  /**
   * The daily graph's drift and live tasks through {@code pipeline run} (job calls in this
   * session): on 08-13 (amounts x3) feature drift is found and precision crosses its live bound,
   * each a success with exit 3; prediction drift and the live metrics are written; a definition
   * whose drift model has no version fails each task with the message {@code drift features}
   * prints. The feature build and score of those days are marked done in the task log, so only the
   * drift tasks run. ({@code drift predictions} and {@code drift performance}, the same shared
   * code, run through the CLI in the attribution and live-range tests.)
   */
  @Test
  void pipelineRunRecordsDriftFoundABoundCrossedAndTheCommandsError() throws Exception {
    writePredictions();
    Path bounded = Files.createTempFile("dft-run", ".yaml");
    Files.writeString(bounded, YAML + "monitoring:\n  live: {max: {precision: 0.5}}\n");
    String drift = "drift_.*|live_performance";
    markDone(List.of("2026-08-13", "2026-08-14"), "features_build_dft_cf", "score");
    Run r =
        run(
            "pipeline",
            "run",
            "--pipeline",
            bounded.toString(),
            "--date",
            "2026-08-13",
            "--tasks",
            drift);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(taskLog("2026-08-13"))
        .contains(
            "drift_features SUCCESS 3 drift found", "live_performance SUCCESS 3 live bound crossed")
        .anyMatch(t -> t.matches("drift_predictions SUCCESS (0 |3 drift found)"));
    Row js =
        TABLES
            .read("drift")
            .where(
                "table_name = 'dft_predictions' AND ds = '2026-08-13' AND feature = 'score'"
                    + " AND statistic = 'js_distance' AND comparison = 'baseline'"
                    + " AND slice = 'all'")
            .first();
    assertThat(js.<Double>getAs("value")).isGreaterThan(0.0);
    List<Row> live =
        TABLES
            .read("model_metrics")
            .where("model_name = 'dft_model' AND dataset = 'live' AND ds = '2026-08-13'")
            .collectAsList();
    assertThat(metric(live, "roc_auc")).isCloseTo(1.0, within(1e-12));
    assertThat(metric(live, "precision")).isCloseTo(1.0, within(1e-12));
    assertThat(metric(live, "recall")).isCloseTo(1.0, within(1e-12));
    assertThat(metric(live, "rows")).isEqualTo(80.0);
    assertThat(
            TABLES
                .read("model_metrics")
                .where("model_name = 'dft_model' AND dataset = 'training' AND metric = 'roc_auc'")
                .count())
        .isEqualTo(1);

    Path untrained = Files.createTempFile("dft-untrained", ".yaml");
    Files.writeString(
        untrained,
        YAML.replace(
            "drift:\n",
            "  - {name: dft_untrained, algorithm: logistic_regression, training_window_days: 6}\n"
                + "drift:\n  model: dft_untrained\n"));
    Run cli = run("drift", "features", "--pipeline", untrained.toString(), "--date", "2026-08-14");
    assertThat(cli.code()).isEqualTo(2);
    assertThat(cli.err()).startsWith("error: Cannot compute drift: model dft_untrained");
    String message = cli.err().strip().substring("error: ".length());
    Run failed =
        run(
            "pipeline",
            "run",
            "--pipeline",
            untrained.toString(),
            "--date",
            "2026-08-14",
            "--tasks",
            drift);
    assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(2);
    assertThat(taskLog("2026-08-14"))
        .containsExactly(
            "drift_features FAILED 2 " + message,
            "drift_predictions FAILED 2 " + message,
            "live_performance FAILED 2 " + message);
  }

  /** Marks the daily graph's tasks done for the days in the local runner's task log. */
  static void markDone(List<String> days, String... tasks) {
    List<Row> rows = new ArrayList<>();
    for (String day : days) {
      for (String t : tasks) {
        rows.add(
            RowFactory.create(
                "fixture",
                "dft",
                "ballast_dft_daily",
                day,
                t,
                "SUCCESS",
                0,
                new Timestamp(0),
                0.0,
                ""));
      }
    }
    TABLES.append(
        TestSpark.spark().createDataFrame(rows, BallastTable.PIPELINE_TASK_RUNS.requireSchema()),
        BallastTable.PIPELINE_TASK_RUNS.name());
  }

  /** The drift tasks' rows of the day: task, status, exit code, message. */
  static List<String> taskLog(String day) {
    return TABLES
        .read(BallastTable.PIPELINE_TASK_RUNS.name())
        .where("pipeline = 'dft' AND run_id != 'fixture' AND ds = '" + day + "'")
        .orderBy("task")
        .collectAsList()
        .stream()
        .map(
            x ->
                x.<String>getAs("task")
                    + " "
                    + x.<String>getAs("status")
                    + " "
                    + x.<Integer>getAs("exit_code")
                    + " "
                    + x.<String>getAs("message"))
        .toList();
  }

  static double metric(List<Row> rows, String name) {
    return rows.stream()
        .filter(r -> r.<String>getAs("metric").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + rows))
        .getAs("value");
  }
}
