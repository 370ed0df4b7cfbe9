package io.ballast.jobs.tracking;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.ballast.features.BallastException;
import io.ballast.features.tracking.AliasEvent;
import io.ballast.features.tracking.Metric;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.features.tracking.ModelVersion;
import io.ballast.features.tracking.RecordedRun;
import io.ballast.features.tracking.RunStatus;
import io.ballast.features.tracking.Tracker;
import io.ballast.orchestration.http.Deadline;
import io.ballast.orchestration.http.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The MLflow client against request/response contracts written from MLflow's REST API. */
class MlflowContractTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String API = "/api/2.0/mlflow/";
  static final String BASIC = "Basic bWw6czNjcmV0"; // ml:s3cret
  final FakeTimer timer = new FakeTimer();

  Tracking tracking() {
    return tracking("file:/lh/models");
  }

  Tracking tracking(String modelsRoot) {
    MlflowSettings s =
        MlflowSettings.of(
                wm.baseUrl() + "/",
                Map.of("MLFLOW_TRACKING_USERNAME", "ml", "MLFLOW_TRACKING_PASSWORD", "s3cret"))
            .withRetries(4, Duration.ofSeconds(1), Duration.ofSeconds(30));
    return Tracking.mlflow(s, modelsRoot, timer);
  }

  @Test
  void aServerThatNeverAnswersFailsWithinTheRemoteTimeoutOfTheEnvironment() {
    wm.stubFor(
        get(urlPathEqualTo(API + "registered-models/search"))
            .willReturn(okJson("{}").withFixedDelay(20_000)));
    wm.stubFor(
        get(urlPathEqualTo(API + "model-versions/search"))
            .willReturn(okJson("{}").withFixedDelay(20_000)));
    MlflowSettings s =
        MlflowSettings.of(wm.baseUrl(), Map.of(Deadline.ENV, "1500ms"))
            .withRetries(6, Duration.ofMillis(100), Duration.ofMillis(100));
    assertThat(s.deadline()).isEqualTo(Duration.ofMillis(1500));
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () ->
                Tracking.mlflow(s, "file:/lh/models", Timer.SYSTEM)
                    .registry()
                    .versions("fraud_model"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("no answer within 1.5 s")
        .hasMessageContaining(
            "the remote timeout of 1.5 s is up; raise it with --remote-timeout or $"
                + Deadline.ENV);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
    assertThatThrownBy(() -> MlflowSettings.of(wm.baseUrl(), Map.of(Deadline.ENV, "soon")))
        .hasMessageContaining("$" + Deadline.ENV + " 'soon'")
        .hasMessageContaining("expected a time such as 60s");
  }

  static String version(String v, String status) {
    return """
        {"name": "fraud_model", "version": "%s", "creation_timestamp": 1767225600000,
         "source": "file:/lh/models/fraud_model/runs/r1", "run_id": "r1", "status": "%s",
         "tags": [{"key": "ballast.pipeline", "value": "card_fraud"}], "aliases": []}
        """
        .formatted(v, status);
  }

  @Test
  void aRunIsCreatedInAnExperimentMadeOnFirstUseLoggedAndEnded() {
    wm.stubFor(
        get(urlPathEqualTo(API + "experiments/get-by-name"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Could not"
                            + " find experiment with name 'card_fraud'\"}")));
    wm.stubFor(post(API + "experiments/create").willReturn(okJson("{\"experiment_id\": \"7\"}")));
    wm.stubFor(
        post(API + "runs/create")
            .willReturn(
                okJson("{\"run\": {\"info\": {\"run_id\": \"r1\", \"status\": \"RUNNING\"}}}")));
    wm.stubFor(post(API + "runs/log-batch").willReturn(okJson("{}")));
    wm.stubFor(post(API + "runs/update").willReturn(okJson("{\"run_info\": {}}")));

    Tracker t = tracking().tracker();
    String id =
        t.startRun(
            "card_fraud", "fraud_model 2026-03-08", 1000L, Map.of("ballast.reason", "drift"));
    assertThat(id).isEqualTo("r1");
    t.log(
        "r1",
        Map.of("algorithm", "gbt"),
        List.of(new Metric("test_auc", 0.91, 0, 2000L)),
        Map.of());
    t.endRun("r1", RunStatus.FAILED, 3000L, "Cannot train: boom");

    wm.verify(
        getRequestedFor(urlEqualTo(API + "experiments/get-by-name?experiment_name=card_fraud"))
            .withHeader("Authorization", equalTo(BASIC)));
    wm.verify(
        postRequestedFor(urlEqualTo(API + "experiments/create"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson("{\"name\": \"card_fraud\"}")));
    wm.verify(
        postRequestedFor(urlEqualTo(API + "runs/create"))
            .withRequestBody(
                equalToJson(
                    "{\"experiment_id\": \"7\", \"run_name\": \"fraud_model 2026-03-08\","
                        + " \"start_time\": 1000, \"tags\": [{\"key\": \"ballast.reason\","
                        + " \"value\": \"drift\"}]}")));
    wm.verify(
        postRequestedFor(urlEqualTo(API + "runs/log-batch"))
            .withRequestBody(
                equalToJson(
                    "{\"run_id\": \"r1\", \"metrics\": [{\"key\": \"test_auc\", \"value\": 0.91,"
                        + " \"timestamp\": 2000, \"step\": 0}], \"params\": [{\"key\":"
                        + " \"algorithm\", \"value\": \"gbt\"}], \"tags\": []}")));
    wm.verify(
        postRequestedFor(urlEqualTo(API + "runs/log-batch"))
            .withRequestBody(
                equalToJson(
                    "{\"run_id\": \"r1\", \"metrics\": [], \"params\": [], \"tags\": [{\"key\":"
                        + " \"ballast.error\", \"value\": \"Cannot train: boom\"}]}")));
    wm.verify(
        postRequestedFor(urlEqualTo(API + "runs/update"))
            .withRequestBody(
                equalToJson("{\"run_id\": \"r1\", \"status\": \"FAILED\", \"end_time\": 3000}")));
  }

  @Test
  void logBatchIsChunkedWithinTheServerLimits() {
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, String> tags = new LinkedHashMap<>();
    List<Metric> metrics = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      params.put("p" + i, "v");
      tags.put("t" + i, "v");
    }
    for (int i = 0; i < 2500; i++) {
      metrics.add(new Metric("m", i, i, 1L));
    }
    List<ObjectNode> bodies = MlflowTracker.batches("r1", params, metrics, tags);
    int p = 0;
    int t = 0;
    int m = 0;
    for (ObjectNode b : bodies) {
      assertThat(b.get("params").size()).isLessThanOrEqualTo(100);
      assertThat(b.get("tags").size()).isLessThanOrEqualTo(100);
      assertThat(b.get("metrics").size()).isLessThanOrEqualTo(1000);
      assertThat(b.get("params").size() + b.get("tags").size() + b.get("metrics").size())
          .isLessThanOrEqualTo(1000);
      p += b.get("params").size();
      t += b.get("tags").size();
      m += b.get("metrics").size();
    }
    assertThat(List.of(p, t, m)).containsExactly(250, 250, 2500);
    assertThat(bodies).hasSize(3);
  }

  @Test
  void a503IsRetriedWithBackoffThenSucceeds() {
    wm.stubFor(
        post(API + "runs/update")
            .inScenario("busy")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody(
                        "{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"busy\"}"))
            .willSetStateTo("ok"));
    wm.stubFor(
        post(API + "runs/update")
            .inScenario("busy")
            .whenScenarioStateIs("ok")
            .willReturn(okJson("{}")));
    tracking().tracker().endRun("r1", RunStatus.FINISHED, 5L, null);
    wm.verify(2, postRequestedFor(urlEqualTo(API + "runs/update")));
    assertThat(timer.sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void a400IsNotRetriedAndNamesTheServersErrorCode() {
    wm.stubFor(
        post(API + "registered-models/alias")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Model"
                            + " version 9 does not exist\"}")));
    assertThatThrownBy(() -> tracking().registry().setAlias("fraud_model", "champion", "9"))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot set alias champion of fraud_model on MLflow at "
                + wm.baseUrl()
                + ": HTTP 400 INVALID_PARAMETER_VALUE (Model version 9 does not exist). Fix the"
                + " request or the server state; this is not retried.");
    wm.verify(1, postRequestedFor(urlEqualTo(API + "registered-models/alias")));
    assertThat(timer.sleeps).isEmpty();
  }

  @Test
  void aServerThatStaysDownIsReportedAfterTheLastTry() {
    wm.stubFor(
        post(API + "runs/update")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(() -> tracking().tracker().endRun("r1", RunStatus.FINISHED, 5L, null))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot end run r1 on MLflow at "
                + wm.baseUrl()
                + ": the connection failed (IOException) after 4 tries. Check that the server is up"
                + " and reachable, then run again.");
    assertThat(timer.sleeps)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void refusedCredentialsAreAUserErrorWithoutTheSecret() {
    wm.stubFor(
        post(API + "runs/update").willReturn(aResponse().withStatus(401).withBody("denied")));
    assertThatThrownBy(() -> tracking().tracker().endRun("r1", RunStatus.FINISHED, 5L, null))
        .hasMessage(
            "Cannot end run r1 on MLflow at "
                + wm.baseUrl()
                + ": the server refused the credentials (HTTP 401). Set MLFLOW_TRACKING_USERNAME"
                + " and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN.")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    assertThat(tracking().toString()).doesNotContain("s3cret").doesNotContain("bWw6");
  }

  @Test
  void registeringWritesTheModelCreatesTheVersionAndWaitsUntilReady() {
    wm.stubFor(
        post(API + "registered-models/create")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"error_code\": \"RESOURCE_ALREADY_EXISTS\", \"message\": \"exists\"}")));
    wm.stubFor(
        post(API + "model-versions/create")
            .willReturn(
                okJson("{\"model_version\": " + version("3", "PENDING_REGISTRATION") + "}")));
    wm.stubFor(
        get(urlPathEqualTo(API + "model-versions/get"))
            .willReturn(okJson("{\"model_version\": " + version("3", "READY") + "}")));
    List<String> written = new ArrayList<>();
    ModelVersion v =
        tracking()
            .registry()
            .register("fraud_model", "r1", Map.of("ballast.pipeline", "card_fraud"), written::add);
    assertThat(written).containsExactly("file:/lh/models/fraud_model/runs/r1");
    assertThat(v.version()).isEqualTo("3");
    assertThat(v.status()).isEqualTo("READY");
    assertThat(v.sparkmlPath()).isEqualTo("file:/lh/models/fraud_model/runs/r1/sparkml");
    wm.verify(
        postRequestedFor(urlEqualTo(API + "registered-models/create"))
            .withRequestBody(equalToJson("{\"name\": \"fraud_model\"}")));
    wm.verify(
        postRequestedFor(urlEqualTo(API + "model-versions/create"))
            .withRequestBody(
                equalToJson(
                    "{\"name\": \"fraud_model\", \"source\":"
                        + " \"file:/lh/models/fraud_model/runs/r1\", \"run_id\": \"r1\", \"tags\":"
                        + " [{\"key\": \"ballast.pipeline\", \"value\": \"card_fraud\"}]}")));
    wm.verify(getRequestedFor(urlEqualTo(API + "model-versions/get?name=fraud_model&version=3")));
  }

  @Test
  void aModelNameAnswered409OnCreateIsTheSameModelAndOtherRefusalsStop() {
    wm.stubFor(
        post(API + "registered-models/create")
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withBody(
                        "{\"error_code\": \"ALREADY_EXISTS\", \"message\": \"Registered Model"
                            + " (name=fraud_model) already exists.\"}")));
    wm.stubFor(
        post(API + "model-versions/create")
            .willReturn(okJson("{\"model_version\": " + version("4", "READY") + "}")));
    ModelVersion v = tracking().registry().register("fraud_model", "r1", Map.of(), f -> {});
    assertThat(v.version()).isEqualTo("4");
    wm.verify(1, postRequestedFor(urlEqualTo(API + "registered-models/create")));
    wm.verify(1, postRequestedFor(urlEqualTo(API + "model-versions/create")));

    wm.stubFor(
        post(API + "registered-models/create")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Invalid"
                            + " name\"}")));
    assertThatThrownBy(() -> tracking().registry().register("fraud_model", "r2", Map.of(), f -> {}))
        .hasMessageContaining("HTTP 400 INVALID_PARAMETER_VALUE (Invalid name)");
    wm.verify(1, postRequestedFor(urlEqualTo(API + "model-versions/create")));
    assertThat(timer.sleeps).isEmpty();
  }

  @Test
  void aForbiddenActionSaysThePermissionToAskForAndAFastApiDetailIsShown() {
    wm.stubFor(
        post(API + "registered-models/alias")
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"error_code\": \"PERMISSION_DENIED\", \"message\": \"Permission"
                            + " denied\"}")));
    assertThatThrownBy(() -> tracking().registry().setAlias("fraud_model", "champion", "2"))
        .hasMessage(
            "Cannot set alias champion of fraud_model on MLflow at "
                + wm.baseUrl()
                + ": the server accepted the credentials but denied this action (HTTP 403"
                + " PERMISSION_DENIED: Permission denied). Ask the server's admin for a permission"
                + " on the experiment or model (READ to read, EDIT to log runs, register versions"
                + " and move aliases), or set MLFLOW_TRACKING_USERNAME and"
                + " MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) of a user who has it.");
    assertThat(
            MlflowHttp.error(
                "{\"detail\": [{\"loc\": [\"body\", \"name\"], \"msg\": \"field required\"}]}"))
        .containsExactly("(no error code)", "body.name: field required");
    assertThat(MlflowHttp.error("{\"detail\": \"Not Found\"}"))
        .containsExactly("(no error code)", "Not Found");
  }

  @Test
  void versionsAreReadPageByPage() {
    String filter = "filter=name%3D%27fraud_model%27&max_results=200";
    wm.stubFor(
        get(urlEqualTo(API + "model-versions/search?" + filter))
            .willReturn(
                okJson(
                    "{\"model_versions\": ["
                        + version("1", "READY")
                        + "], \"next_page_token\": \"tok2\"}")));
    wm.stubFor(
        get(urlEqualTo(API + "model-versions/search?" + filter + "&page_token=tok2"))
            .willReturn(okJson("{\"model_versions\": [" + version("2", "READY") + "]}")));
    List<ModelVersion> all = tracking().registry().versions("fraud_model");
    assertThat(all).extracting(ModelVersion::version).containsExactly("2", "1");
    wm.verify(2, getRequestedFor(urlPathEqualTo(API + "model-versions/search")));
  }

  @Test
  void aliasesAreSetResolvedListedAndDeleted() {
    wm.stubFor(post(API + "registered-models/alias").willReturn(okJson("{}")));
    wm.stubFor(delete(API + "registered-models/alias").willReturn(okJson("{}")));
    wm.stubFor(
        get(urlEqualTo(API + "registered-models/alias?name=fraud_model&alias=champion"))
            .willReturn(okJson("{\"model_version\": " + version("2", "READY") + "}")));
    wm.stubFor(
        get(urlEqualTo(API + "registered-models/get?name=fraud_model"))
            .willReturn(
                okJson(
                    "{\"registered_model\": {\"name\": \"fraud_model\", \"aliases\": [{\"alias\":"
                        + " \"previous\", \"version\": \"1\"}, {\"alias\": \"champion\","
                        + " \"version\": \"2\"}]}}")));
    ModelRegistry r = tracking().registry();
    r.setAlias("fraud_model", "champion", "2");
    assertThat(r.resolve("fraud_model@champion").version()).isEqualTo("2");
    assertThat(r.aliases("fraud_model"))
        .containsExactly(Map.entry("champion", "2"), Map.entry("previous", "1"));
    r.deleteAlias("fraud_model", "previous");
    wm.verify(
        postRequestedFor(urlEqualTo(API + "registered-models/alias"))
            .withRequestBody(
                equalToJson(
                    "{\"name\": \"fraud_model\", \"alias\": \"champion\", \"version\": \"2\"}")));
    wm.verify(
        deleteRequestedFor(urlEqualTo(API + "registered-models/alias"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson("{\"name\": \"fraud_model\", \"alias\": \"previous\"}")));
  }

  @Test
  void reservedAliasesAndNonHttpUrisAreRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> tracking().registry().setAlias("fraud_model", "latest", "1"))
        .hasMessage(
            "Cannot use alias 'latest': an alias is letters, digits, _ and - (at most 255), and"
                + " 'latest' and v<digits> are reserved. Use e.g. champion, challenger or previous.");
    assertThatThrownBy(() -> MlflowSettings.of("databricks", Map.of()))
        .hasMessage(
            "Cannot use tracking URI 'databricks': expected http(s)://host[:port] of an MLflow"
                + " server. Leave --tracking-uri and MLFLOW_TRACKING_URI unset to use the embedded"
                + " tracking tables.");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void theEnvironmentChoosesMlflowWithoutStartingSpark() {
    Tracking t =
        Tracking.open(
            java.util.Optional.empty(),
            Map.of("MLFLOW_TRACKING_URI", wm.baseUrl(), "MLFLOW_TRACKING_TOKEN", "tok"),
            io.ballast.features.lakehouse.Lakehouse.at("/tmp/lh"),
            () -> {
              throw new AssertionError("the embedded store must not be opened");
            });
    assertThat(t.description()).isEqualTo("MLflow " + wm.baseUrl());
    wm.stubFor(post(API + "runs/update").willReturn(okJson("{}")));
    t.tracker().endRun("r1", RunStatus.FINISHED, 5L, null);
    wm.verify(
        postRequestedFor(urlEqualTo(API + "runs/update"))
            .withHeader("Authorization", equalTo("Bearer tok")));
  }

  @Test
  void anAnswerThatIsNotJsonIsReportedAsSuch() {
    wm.stubFor(
        get(urlPathEqualTo(API + "registered-models/get"))
            .willReturn(aResponse().withStatus(200).withBody("<html>login</html>")));
    assertThatThrownBy(() -> tracking().registry().aliases("fraud_model"))
        .hasMessage(
            "Cannot get model fraud_model on MLflow at "
                + wm.baseUrl()
                + ": the answer was not understood (not JSON: <html>login</html>). Check that the"
                + " URI points at an MLflow tracking server.");
  }

  @Test
  void aRunIsReadBackWithStatusParamsTagsAndMetricsFromRunsGet() {
    wm.stubFor(
        get(urlEqualTo(API + "runs/get?run_id=r7"))
            .willReturn(
                okJson(
                    "{\"run\": {\"info\": {\"run_id\": \"r7\", \"status\": \"FINISHED\"},"
                        + " \"data\": {\"params\": [{\"key\": \"seed\", \"value\": \"42\"}],"
                        + " \"tags\": [{\"key\": \"ballast.model\", \"value\": \"m\"}],"
                        + " \"metrics\": [{\"key\": \"test_auc\", \"value\": 0.75,"
                        + " \"timestamp\": 1, \"step\": 0}, {\"key\": \"candidate_validation_x\","
                        + " \"value\": 0.5, \"timestamp\": 1, \"step\": 3}]}}}")));
    wm.stubFor(
        get(urlEqualTo(API + "runs/get?run_id=gone"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"no run\"}")));
    ModelRegistry r = tracking().registry();
    RecordedRun run = r.run("r7").orElseThrow();
    assertThat(run.status()).isEqualTo("FINISHED");
    assertThat(run.params()).containsEntry("seed", "42");
    assertThat(run.tags()).containsEntry("ballast.model", "m");
    assertThat(run.metrics())
        .containsEntry("test_auc", 0.75)
        .containsEntry("candidate_validation_x[3]", 0.5);
    assertThat(r.run("gone")).isEmpty();
  }

  @Test
  void promotionsAreVersionTagsAndRunParamsComeFromRunsGet() {
    wm.stubFor(post(API + "model-versions/set-tag").willReturn(okJson("{}")));
    wm.stubFor(
        get(urlEqualTo(API + "runs/get?run_id=r1"))
            .willReturn(
                okJson(
                    "{\"run\": {\"info\": {\"run_id\": \"r1\"}, \"data\": {\"params\":"
                        + " [{\"key\": \"test_window\", \"value\": \"2026-01-07..2026-01-07\"}],"
                        + " \"metrics\": []}}}")));
    wm.stubFor(
        get(urlEqualTo(API + "runs/get?run_id=gone"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"no run\"}")));
    String event =
        "{\"action\":\"promote\",\"alias\":\"champion\",\"from_version\":\"1\","
            + "\"to_version\":\"2\",\"user\":\"ana\",\"reason\":\"passed\"}";
    wm.stubFor(
        get(urlPathEqualTo(API + "model-versions/search"))
            .willReturn(
                okJson(
                    "{\"model_versions\": [{\"name\": \"fraud_model\", \"version\": \"2\","
                        + " \"source\": \"s\", \"status\": \"READY\", \"tags\": [{\"key\":"
                        + " \"ballast.alias_event.1767225600000\", \"value\": "
                        + MlflowHttp.JSON.valueToTree(event)
                        + "}]}]}")));
    ModelRegistry r = tracking().registry();
    r.recordAliasEvent(
        new AliasEvent(
            "fraud_model", "promote", "champion", "1", "2", "ana", "passed", 1767225600000L));
    wm.verify(
        postRequestedFor(urlEqualTo(API + "model-versions/set-tag"))
            .withRequestBody(
                equalToJson(
                    "{\"name\": \"fraud_model\", \"version\": \"2\", \"key\":"
                        + " \"ballast.alias_event.1767225600000\", \"value\": "
                        + MlflowHttp.JSON.valueToTree(event)
                        + "}")));
    assertThat(r.aliasEvents("fraud_model"))
        .containsExactly(
            new AliasEvent(
                "fraud_model", "promote", "champion", "1", "2", "ana", "passed", 1767225600000L));
    assertThat(r.runParams("r1"))
        .containsExactly(Map.entry("test_window", "2026-01-07..2026-01-07"));
    assertThat(r.runParams("gone")).isEmpty();
  }

  static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts/";

  /** A model folder as TrainJob writes it: a (tiny) sparkml/ and MLflow's files. */
  static void writeModel(String folder, String runId) {
    try {
      Path dir = Path.of(URI.create(folder));
      Path meta = dir.resolve("sparkml/metadata");
      Path stage = dir.resolve("sparkml/stages/0_SQLTransformer_1 a/metadata");
      Files.createDirectories(meta);
      Files.createDirectories(stage);
      Files.writeString(meta.resolve("part-00000"), "{\"class\":\"Pipeline\"}");
      Files.writeString(meta.resolve("_SUCCESS"), "");
      Files.writeString(stage.resolve("part-00000"), "{\"class\":\"SQL\"}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ModelFiles.write(new Configuration(), folder, ModelFilesTest.description(runId, List.of()));
  }

  static final List<String> MODEL_FILES =
      List.of(
          "MLmodel",
          "conda.yaml",
          "python_env.yaml",
          "requirements.txt",
          "sparkml/metadata/_SUCCESS",
          "sparkml/metadata/part-00000",
          "sparkml/stages/0_SQLTransformer_1 a/metadata/part-00000");

  /** runs/get of run r1, with its artifact URI. */
  void stubRunArtifacts(String artifactUri) {
    wm.stubFor(
        get(urlEqualTo(API + "runs/get?run_id=r1"))
            .willReturn(
                okJson(
                    "{\"run\": {\"info\": {\"run_id\": \"r1\", \"experiment_id\": \"7\","
                        + " \"artifact_uri\": \""
                        + artifactUri
                        + "\"}, \"data\": {}}}")));
  }

  void stubRegistration(String source, String lakehouseFolder) {
    wm.stubFor(post(API + "runs/log-model").willReturn(okJson("{}")));
    wm.stubFor(
        post(API + "registered-models/create")
            .willReturn(okJson("{\"registered_model\": {\"name\": \"fraud_model\"}}")));
    wm.stubFor(
        post(API + "model-versions/create")
            .willReturn(
                okJson(
                    ("{\"model_version\": {\"name\": \"fraud_model\", \"version\": \"4\","
                            + " \"source\": \"%s\", \"run_id\": \"r1\", \"status\": \"READY\","
                            + " \"tags\": [{\"key\": \"ballast.model_path\", \"value\": \"%s\"}]}}")
                        .formatted(source, lakehouseFolder))));
  }

  @Test
  void aModelGoesThroughTheArtifactProxyAndItsVersionsSourceIsTheRunsArtifactUri(@TempDir Path lh)
      throws Exception {
    String root = lh.toUri().toString() + "models";
    String folder = root + "/fraud_model/runs/r1";
    String source = "mlflow-artifacts:/7/r1/artifacts/model";
    stubRunArtifacts("mlflow-artifacts:/7/r1/artifacts");
    wm.stubFor(
        put(urlPathMatching(ARTIFACTS + "7/r1/artifacts/model/.+")).willReturn(okJson("{}")));
    stubRegistration(source, folder);

    ModelVersion v =
        tracking(root)
            .registry()
            .register(
                "fraud_model",
                "r1",
                Map.of("ballast.pipeline", "card_fraud"),
                f -> writeModel(f, "r1"));

    // Every file of the folder arrived, byte for byte, each with one PUT under the run's artifacts.
    List<String> put = new ArrayList<>();
    for (var e : wm.getAllServeEvents()) {
      if (e.getRequest().getMethod().getName().equals("PUT")) {
        String url = e.getRequest().getUrl();
        assertThat(url).startsWith(ARTIFACTS + "7/r1/artifacts/model/");
        String rel =
            URLDecoder.decode(
                url.substring((ARTIFACTS + "7/r1/artifacts/model/").length()),
                StandardCharsets.UTF_8);
        put.add(rel);
        assertThat(e.getRequest().getBody())
            .isEqualTo(Files.readAllBytes(Path.of(URI.create(folder)).resolve(rel)));
        assertThat(e.getRequest().getHeader("Authorization")).isEqualTo(BASIC);
      }
    }
    assertThat(put).containsExactlyInAnyOrderElementsOf(MODEL_FILES);
    wm.verify(
        putRequestedFor(
            urlEqualTo(
                ARTIFACTS
                    + "7/r1/artifacts/model/sparkml/stages/0_SQLTransformer_1%20a/metadata/part-00000")));
    wm.verify(
        putRequestedFor(urlEqualTo(ARTIFACTS + "7/r1/artifacts/model/MLmodel"))
            .withHeader("Content-Type", equalTo("application/x-yaml")));

    // The run records the logged model (its flavors), as mlflow.spark.log_model does.
    var logged =
        wm.findAll(postRequestedFor(urlEqualTo(API + "runs/log-model"))).get(0).getBodyAsString();
    var body = MlflowHttp.JSON.readTree(logged);
    assertThat(body.get("run_id").asText()).isEqualTo("r1");
    var model = MlflowHttp.JSON.readTree(body.get("model_json").asText());
    assertThat(model.get("artifact_path").asText()).isEqualTo("model");
    assertThat(model.path("flavors").path("python_function").get("loader_module").asText())
        .isEqualTo("mlflow.spark");
    assertThat(model.path("flavors").path("spark").get("model_data").asText()).isEqualTo("sparkml");

    // The version's source is the run's artifact URI of the model; Spark loads the lakehouse copy.
    wm.verify(
        postRequestedFor(urlEqualTo(API + "model-versions/create"))
            .withRequestBody(
                equalToJson(
                    "{\"name\": \"fraud_model\", \"source\": \""
                        + source
                        + "\", \"run_id\": \"r1\", \"tags\": [{\"key\": \"ballast.pipeline\","
                        + " \"value\": \"card_fraud\"}, {\"key\": \"ballast.model_path\","
                        + " \"value\": \""
                        + folder
                        + "\"}]}")));
    assertThat(v.source()).isEqualTo(source);
    assertThat(v.sparkmlPath()).isEqualTo(folder + "/sparkml");
    assertThat(wm.findAllUnmatchedRequests()).isEmpty();
    // Order: the files are up before the version that points at them exists.
    List<String> order = new ArrayList<>();
    wm.getAllServeEvents().forEach(e -> order.add(0, e.getRequest().getUrl()));
    assertThat(order.indexOf(API + "model-versions/create"))
        .isGreaterThan(order.indexOf(ARTIFACTS + "7/r1/artifacts/model/MLmodel"));
  }

  @Test
  void aRunWhoseArtifactsAreInAStoreIsWrittenThereDirectly(@TempDir Path lh) throws Exception {
    String root = lh.toUri().toString() + "models";
    String folder = root + "/fraud_model/runs/r1";
    String store = lh.toUri().toString() + "mlruns/7/r1/artifacts";
    stubRunArtifacts(store);
    stubRegistration(store + "/model", folder);
    // A server without the runs/log-model endpoint: a warning, the model is registered anyway.
    wm.stubFor(
        post(API + "runs/log-model")
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody("{\"error_code\": \"ENDPOINT_NOT_FOUND\", \"message\": \"no\"}")));

    ModelVersion v =
        tracking(root).registry().register("fraud_model", "r1", Map.of(), f -> writeModel(f, "r1"));

    assertThat(v.source()).isEqualTo(store + "/model");
    assertThat(ModelFiles.list(new Configuration(), store + "/model"))
        .containsExactlyElementsOf(MODEL_FILES);
    wm.verify(0, putRequestedFor(anyUrl()));
    wm.verify(
        postRequestedFor(urlEqualTo(API + "model-versions/create"))
            .withRequestBody(matchingJsonPath("$.source", equalTo(store + "/model"))));
  }

  @Test
  void aRefusedUploadRegistersNothing(@TempDir Path lh) {
    String root = lh.toUri().toString() + "models";
    stubRunArtifacts("mlflow-artifacts:/7/r1/artifacts");
    wm.stubFor(
        put(urlPathMatching(ARTIFACTS + ".+"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Invalid"
                            + " path\"}")));
    assertThatThrownBy(
            () ->
                tracking(root)
                    .registry()
                    .register("fraud_model", "r1", Map.of(), f -> writeModel(f, "r1")))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot upload model/MLmodel of fraud_model on MLflow at "
                + wm.baseUrl()
                + ": HTTP 400 INVALID_PARAMETER_VALUE (Invalid path). Fix the request or the"
                + " server state; this is not retried.");
    wm.verify(0, postRequestedFor(urlEqualTo(API + "model-versions/create")));
    wm.verify(0, postRequestedFor(urlEqualTo(API + "registered-models/create")));
  }

  @Test
  void anArtifactStoreBallastCannotWriteIsAUserErrorAndRegistersNothing(@TempDir Path lh) {
    String root = lh.toUri().toString() + "models";
    stubRunArtifacts("dbfs:/databricks/mlflow-tracking/7/r1/artifacts");
    assertThatThrownBy(
            () ->
                tracking(root)
                    .registry()
                    .register("fraud_model", "r1", Map.of(), f -> writeModel(f, "r1")))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith(
            "Cannot put model fraud_model into the run's MLflow artifacts at"
                + " dbfs:/databricks/mlflow-tracking/7/r1/artifacts/model:"
                + " UnsupportedFileSystemException: No FileSystem for scheme \"dbfs\"")
        .hasMessageEndingWith(
            ". Give Ballast write access to the server's artifact store, or start the server"
                + " with --serve-artifacts so that artifacts go through it.");
    wm.verify(0, postRequestedFor(urlEqualTo(API + "registered-models/create")));
    wm.verify(0, postRequestedFor(urlEqualTo(API + "model-versions/create")));
  }

  @Test
  void artifactUrisMapToTheProxyAsMlflowResolvesThem() {
    assertThat(
            MlflowArtifacts.httpUri(
                    "http://mlflow:5000", "mlflow-artifacts:/7/r1/artifacts/model", "MLmodel")
                .toString())
        .isEqualTo(
            "http://mlflow:5000/api/2.0/mlflow-artifacts/artifacts/7/r1/artifacts/model/MLmodel");
    assertThat(
            MlflowArtifacts.httpUri(
                    "https://mlflow:5000/prefix", "mlflow-artifacts:/7/r1/artifacts/model", "a b/c")
                .toString())
        .isEqualTo(
            "https://mlflow:5000/prefix/api/2.0/mlflow-artifacts/artifacts/7/r1/artifacts/model/a%20b/c");
    assertThat(
            MlflowArtifacts.httpUri(
                    "https://mlflow", "mlflow-artifacts://store:8080/7/r1/artifacts/model", "x")
                .toString())
        .isEqualTo("https://store:8080/api/2.0/mlflow-artifacts/artifacts/7/r1/artifacts/model/x");
    assertThat(MlflowArtifacts.hadoopUri("s3://bucket/mlruns/7"))
        .isEqualTo("s3a://bucket/mlruns/7");
    assertThat(MlflowArtifacts.hadoopUri("/srv/mlruns/7")).isEqualTo("file:/srv/mlruns/7");
    assertThat(MlflowArtifacts.hadoopUri("file:///srv/mlruns/7")).isEqualTo("file:///srv/mlruns/7");
  }
}
