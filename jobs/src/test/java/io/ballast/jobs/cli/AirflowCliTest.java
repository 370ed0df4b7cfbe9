package io.ballast.jobs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ballast.jobs.Ballast;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ballast airflow ...} in-process, against WireMock; no SparkSession is started. */
class AirflowCliTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final Path DEMO = Path.of("../orchestration/pipelines/card_fraud.yaml");
  static final Path DAGS = Path.of("../orchestration/dags");

  record Run(int code, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    AirflowConnection.env = env::get;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Ballast.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run run(String... args) {
    return run(Map.of(), args);
  }

  @AfterEach
  void restoreEnv() {
    AirflowConnection.env = System::getenv;
  }

  @Test
  void renderWritesTheCommittedDemoDags(@TempDir Path out) throws Exception {
    Run r = run("airflow", "render", "--pipeline", DEMO.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    for (String f : new String[] {"ballast_card_fraud_daily.py", "ballast_card_fraud_retrain.py"}) {
      assertThat(r.out()).contains("wrote " + out.resolve(f));
      assertThat(Files.readString(out.resolve(f))).isEqualTo(Files.readString(DAGS.resolve(f)));
    }
  }

  @Test
  void renderOptionsReachTheFiles(@TempDir Path out) throws Exception {
    Run r =
        run(
            "airflow",
            "render",
            "--pipeline",
            DEMO.toString(),
            "--out",
            out.resolve("x").toString(),
            "--jar",
            "/jars/b.jar",
            "--conn-id",
            "spark_k8s",
            "--pipeline-path",
            "/p/cf.yaml",
            "--lakehouse-uri",
            "s3a://lake");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("x/ballast_card_fraud_daily.py")))
        .contains(
            "APPLICATION = \"/jars/b.jar\"",
            "SPARK_CONN_ID = \"spark_k8s\"",
            "\"/p/cf.yaml\"",
            "Asset(\"s3://lake/tables/customer_features\")",
            "ENV_VARS = {\"BALLAST_LAKEHOUSE\": \"s3a://lake\"}");
  }

  @Test
  void renderOfAMissingDefinitionSaysWhere(@TempDir Path out) {
    Run r = run("airflow", "render", "--pipeline", "nope.yaml", "--out", out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("Cannot load pipeline definition nope.yaml: the file does not exist.");
  }

  @Test
  void triggerSendsTheLogicalDateAndConfWithBasicAuth() {
    wm.stubFor(
        post("/api/v1/dags/ballast_card_fraud_retrain/dagRuns")
            .willReturn(
                okJson(
                    "{\"dag_id\": \"ballast_card_fraud_retrain\", \"dag_run_id\": \"r1\","
                        + " \"state\": \"queued\", \"logical_date\": \"2026-02-03T00:00:00+00:00\","
                        + " \"conf\": {\"reason\": \"drift\"}}")));
    Run r =
        run(
            Map.of("AIRFLOW_PASSWORD", "s3cret"),
            "airflow",
            "trigger",
            "--url",
            wm.baseUrl(),
            "--api-version",
            "2",
            "--user",
            "admin",
            "--dag",
            "ballast_card_fraud_retrain",
            "--run-id",
            "r1",
            "--logical-date",
            "2026-02-03",
            "--conf-json",
            "{\"reason\": \"drift\"}");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"dag_run_id\":\"r1\"", "\"state\":\"queued\"");
    wm.verify(
        postRequestedFor(urlEqualTo("/api/v1/dags/ballast_card_fraud_retrain/dagRuns"))
            .withHeader("Authorization", equalTo("Basic YWRtaW46czNjcmV0"))
            .withRequestBody(
                equalToJson(
                    "{\"dag_run_id\": \"r1\", \"logical_date\": \"2026-02-03T00:00:00Z\","
                        + " \"conf\": {\"reason\": \"drift\"}}")));
  }

  @Test
  void aUserWithoutPasswordIsAskedForOne() {
    Run r =
        run(
            "airflow",
            "pause",
            "--url",
            wm.baseUrl(),
            "--api-version",
            "3",
            "--user",
            "admin",
            "--dag",
            "d");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "Cannot call Airflow at "
                + wm.baseUrl()
                + ": no credentials. --user admin needs its password in $AIRFLOW_PASSWORD (or pass"
                + " --token).");
  }

  @Test
  void badArgumentsAreNamed() {
    String url = wm.baseUrl();
    assertThat(
            run(
                    "airflow",
                    "trigger",
                    "--url",
                    url,
                    "--api-version",
                    "2",
                    "--dag",
                    "d",
                    "--conf-json",
                    "[1]")
                .err())
        .contains(
            "Cannot use --conf-json '[1]': expected a JSON object, e.g. '{\"reason\": \"drift\"}'.");
    assertThat(
            run(
                    "airflow",
                    "trigger",
                    "--url",
                    url,
                    "--api-version",
                    "2",
                    "--dag",
                    "d",
                    "--logical-date",
                    "3 Feb")
                .err())
        .contains("Cannot use --logical-date '3 Feb': expected a date (2026-02-01, midnight UTC)");
    assertThat(
            run(
                    "airflow",
                    "wait",
                    "--url",
                    url,
                    "--api-version",
                    "2",
                    "--dag",
                    "d",
                    "--run-id",
                    "r",
                    "--timeout",
                    "soon")
                .err())
        .contains("Cannot use --timeout 'soon': expected a duration such as 90s, 30m or 2h.");
    assertThat(run("airflow", "health", "--url", "ftp://u:pw@h", "--api-version", "9").err())
        .contains("Cannot use --url 'ftp://h': expected http(s)://host[:port].")
        .doesNotContain("pw");
    assertThat(run("airflow", "health", "--url", url, "--api-version", "9").err())
        .contains("Cannot use --api-version '9': expected 2, 3 or auto.");
  }

  @Test
  void waitReportsAFailedRunWithItsFailedTasks() {
    wm.stubFor(
        get("/api/v2/dags/d/dagRuns/r1")
            .willReturn(
                okJson("{\"dag_id\": \"d\", \"dag_run_id\": \"r1\", \"state\": \"failed\"}")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v2/dags/d/dagRuns/r1/taskInstances"))
            .willReturn(
                okJson(
                    "{\"task_instances\": [{\"task_id\": \"score\", \"state\": \"failed\","
                        + " \"try_number\": 3}, {\"task_id\": \"drift_features\", \"state\":"
                        + " \"upstream_failed\", \"try_number\": 0}, {\"task_id\": \"a\","
                        + " \"state\": \"success\", \"try_number\": 1}], \"total_entries\": 3}")));
    Run r =
        run(
            Map.of("AIRFLOW_TOKEN", "jwt"),
            "airflow",
            "wait",
            "--url",
            wm.baseUrl(),
            "--api-version",
            "3",
            "--dag",
            "d",
            "--run-id",
            "r1",
            "--timeout",
            "5s");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "Cannot complete DAG run d/r1: it ended 'failed' (failed tasks: score,"
                + " drift_features). Read the failed tasks' logs in Airflow, fix the cause and"
                + " clear the tasks.");
  }

  @Test
  void healthDetectsTheApiVersion() {
    wm.stubFor(
        get("/api/v2/monitor/health")
            .willReturn(
                okJson(
                    "{\"metadatabase\": {\"status\": \"healthy\"}, \"scheduler\": {\"status\": \"healthy\"}}")));
    Run r = run("airflow", "health", "--url", wm.baseUrl());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Airflow 3 at " + wm.baseUrl(), "scheduler     healthy");
  }

  @Test
  void unhealthyComponentsExit2() {
    wm.stubFor(
        get("/api/v1/health").willReturn(okJson("{\"scheduler\": {\"status\": \"unhealthy\"}}")));
    assertThat(run("airflow", "health", "--url", wm.baseUrl(), "--api-version", "2").code())
        .isEqualTo(2);
  }

  @Test
  void statusPrintsTheRunAndItsTasks() {
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/r1")
            .willReturn(
                okJson(
                    "{\"dag_id\": \"d\", \"dag_run_id\": \"r1\", \"state\": \"running\", \"logical_date\": \"2026-02-03\"}")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/dags/d/dagRuns/r1/taskInstances"))
            .willReturn(
                okJson(
                    "{\"task_instances\": [{\"task_id\": \"score\", \"state\": \"running\", \"try_number\": 1}], \"total_entries\": 1}")));
    Run r =
        run(
            "airflow",
            "status",
            "--url",
            wm.baseUrl(),
            "--api-version",
            "2",
            "--dag",
            "d",
            "--run-id",
            "r1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("d r1: running (logical date 2026-02-03)", "score  running  1");
  }

  @Test
  void pauseAndUnpausePatchTheDag() {
    wm.stubFor(
        patch(urlPathEqualTo("/api/v1/dags/d"))
            .withRequestBody(equalToJson("{\"is_paused\": true}"))
            .willReturn(okJson("{\"dag_id\": \"d\", \"is_paused\": true}")));
    wm.stubFor(
        patch(urlPathEqualTo("/api/v1/dags/d"))
            .withRequestBody(equalToJson("{\"is_paused\": false}"))
            .willReturn(okJson("{\"dag_id\": \"d\", \"is_paused\": false}")));
    String url = wm.baseUrl();
    assertThat(run("airflow", "pause", "--url", url, "--api-version", "2", "--dag", "d").out())
        .contains("d is paused");
    assertThat(run("airflow", "unpause", "--url", url, "--api-version", "2", "--dag", "d").out())
        .contains("d is not paused");
  }

  @Test
  void helpListsTheSubcommands() {
    Run r = run("airflow", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "render", "trigger", "status", "wait", "pause", "unpause", "health", "import-errors");
  }
}
