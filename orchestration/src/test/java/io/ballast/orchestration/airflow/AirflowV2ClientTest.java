package io.ballast.orchestration.airflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.ballast.features.BallastException;
import io.ballast.orchestration.http.Timer;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against a recorded Airflow 2 ({@code /api/v1}, basic auth). */
class AirflowV2ClientTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String BASIC = "Basic YWRtaW46czNjcmV0"; // admin:s3cret
  static final OffsetDateTime DAY = OffsetDateTime.parse("2026-02-01T00:00:00Z");
  static final String RUN =
      """
      {"dag_id": "ballast_card_fraud_retrain", "dag_run_id": "r1", "state": "%s",
       "logical_date": "2026-02-01T00:00:00+00:00", "start_date": null, "end_date": null,
       "run_type": "manual", "conf": {"reason": "drift"}}
      """;

  final FakeTimer timer = new FakeTimer();

  AirflowClient client() {
    return client(100);
  }

  AirflowClient client(int pageSize) {
    AirflowSettings s =
        AirflowSettings.of(
                URI.create(wm.baseUrl()),
                ApiVersion.AIRFLOW_2,
                Credentials.login("admin", "s3cret"))
            .withRetries(4, Duration.ofSeconds(1), Duration.ofSeconds(30))
            .withPageSize(pageSize);
    return new AirflowClient(s, AirflowClient.defaultHttpClient(), timer);
  }

  static String run(String state) {
    return RUN.formatted(state);
  }

  @Test
  void triggerPostsConfAndLogicalDateWithBasicAuth() throws Exception {
    wm.stubFor(
        post("/api/v1/dags/ballast_card_fraud_retrain/dagRuns").willReturn(okJson(run("queued"))));
    DagRun r =
        client()
            .trigger(
                "ballast_card_fraud_retrain",
                Optional.of("r1"),
                OffsetDateTime.of(2026, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                new ObjectMapper().readTree("{\"reason\": \"drift\"}"));
    assertThat(r.runId()).isEqualTo("r1");
    assertThat(r.state()).isEqualTo("queued");
    assertThat(r.conf().path("reason").asText()).isEqualTo("drift");
    wm.verify(
        postRequestedFor(urlEqualTo("/api/v1/dags/ballast_card_fraud_retrain/dagRuns"))
            .withHeader("Authorization", equalTo(BASIC))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"dag_run_id\": \"r1\", \"logical_date\": \"2026-02-01T00:00:00Z\","
                        + " \"conf\": {\"reason\": \"drift\"}}")));
  }

  @Test
  void triggerAlwaysSendsTheLogicalDateNeverANull() {
    // The day a drift check processed, as DriftCommand passes it: midnight UTC with its offset.
    wm.stubFor(post("/api/v1/dags/d/dagRuns").willReturn(okJson(run("queued"))));
    OffsetDateTime day = AirflowClient.startOfDay(java.time.LocalDate.of(2026, 2, 3));
    client().trigger("d", Optional.empty(), day, null);
    String id = AirflowClient.derivedRunId("d", day, null);
    assertThat(id).matches("ballast__2026-02-03T00:00:00Z__[0-9a-f]{12}");
    wm.verify(
        postRequestedFor(urlEqualTo("/api/v1/dags/d/dagRuns"))
            .withRequestBody(
                equalToJson(
                    "{\"dag_run_id\": \""
                        + id
                        + "\", \"logical_date\":"
                        + " \"2026-02-03T00:00:00Z\", \"conf\": {}}"))
            .withRequestBody(notContaining("null")));
  }

  @Test
  void aTriggerWithoutALogicalDateIsABugAndSendsNothing() {
    assertThatThrownBy(() -> client().trigger("d", Optional.empty(), null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a trigger of d needs a logical date");
    wm.verify(0, postRequestedFor(urlEqualTo("/api/v1/dags/d/dagRuns")));
  }

  @Test
  void theDerivedRunIdIsTheSameForTheSameTriggerAndDiffersOtherwise() {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    OffsetDateTime day = OffsetDateTime.parse("2026-02-01T00:00:00Z");
    String a = AirflowClient.derivedRunId("d", day, json.createObjectNode().put("k", 1));
    assertThat(a).startsWith("ballast__2026-02-01T00:00:00Z__");
    assertThat(AirflowClient.derivedRunId("d", day, json.createObjectNode().put("k", 1)))
        .isEqualTo(a);
    assertThat(AirflowClient.derivedRunId("d", day, json.createObjectNode().put("k", 2)))
        .isNotEqualTo(a);
    assertThat(AirflowClient.derivedRunId("e", day, json.createObjectNode().put("k", 1)))
        .isNotEqualTo(a);
  }

  @Test
  void aTriggerWhoseFirstTryTimedOutFindsTheRunItMadeInsteadOfMakingAnother() {
    // The first POST is answered too late (the run was made); the retry gets 409 for the same id.
    wm.stubFor(
        post("/api/v1/dags/d/dagRuns")
            .inScenario("slow")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(okJson(run("queued")).withFixedDelay(2000))
            .willSetStateTo("made"));
    wm.stubFor(
        post("/api/v1/dags/d/dagRuns")
            .inScenario("slow")
            .whenScenarioStateIs("made")
            .willReturn(aResponse().withStatus(409).withBody("{\"detail\": \"exists\"}")));
    wm.stubFor(
        get(urlPathMatching("/api/v1/dags/d/dagRuns/.*")).willReturn(okJson(run("running"))));
    AirflowSettings s =
        AirflowSettings.of(
                URI.create(wm.baseUrl()),
                ApiVersion.AIRFLOW_2,
                Credentials.login("admin", "s3cret"))
            .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(10))
            .withRequestTimeout(Duration.ofMillis(500));
    DagRun r =
        new AirflowClient(s, AirflowClient.defaultHttpClient(), Timer.SYSTEM)
            .trigger("d", Optional.of("r1"), DAY, null);
    assertThat(r.state()).isEqualTo("running");
    wm.verify(2, postRequestedFor(urlEqualTo("/api/v1/dags/d/dagRuns")));
    wm.verify(1, getRequestedFor(urlEqualTo("/api/v1/dags/d/dagRuns/r1")));
  }

  @Test
  void aServerThatNeverAnswersFailsWithinTheRemoteTimeout() {
    wm.stubFor(
        get(urlPathMatching("/api/v1/dags/d/dagRuns/.*"))
            .willReturn(okJson(run("queued")).withFixedDelay(20_000)));
    AirflowSettings s =
        AirflowSettings.of(
                URI.create(wm.baseUrl()),
                ApiVersion.AIRFLOW_2,
                Credentials.login("admin", "s3cret"))
            .withRetries(5, Duration.ofMillis(100), Duration.ofMillis(100))
            .withDeadline(Duration.ofMillis(1500));
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () ->
                new AirflowClient(s, AirflowClient.defaultHttpClient(), Timer.SYSTEM)
                    .run("d", "r1"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("no answer within 1.5 s")
        .hasMessageContaining("the remote timeout of 1.5 s is up")
        .hasMessageContaining("--remote-timeout");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
  }

  @Test
  void duplicateRunIsReportedAsSuch() {
    wm.stubFor(
        post("/api/v1/dags/d/dagRuns")
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"type\": \"about:blank\", \"title\": \"Conflict\", \"status\": 409,"
                            + " \"detail\": \"DAGRun with DAG ID: 'd' and DAGRun ID: 'r1' already exists\"}")));
    assertThatThrownBy(() -> client().trigger("d", Optional.of("r1"), DAY, null))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot trigger DAG d: a run with run id r1 already exists (DAGRun with DAG ID: 'd' and"
                + " DAGRun ID: 'r1' already exists). Use 'ballast airflow status' to follow it, or"
                + " pass another --run-id or --logical-date.");
    wm.verify(1, postRequestedFor(urlEqualTo("/api/v1/dags/d/dagRuns")));
  }

  @Test
  void notFoundIsNotRetriedAndCarriesTheServersDetail() {
    wm.stubFor(
        post("/api/v1/dags/nope/dagRuns")
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"title\": \"DAG not found\", \"status\": 404, \"detail\": \"DAG with"
                            + " dag_id: 'nope' not found\"}")));
    assertThatThrownBy(() -> client().trigger("nope", Optional.empty(), DAY, null))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot trigger DAG nope on Airflow at "
                + wm.baseUrl()
                + ": HTTP 404: DAG with dag_id: 'nope' not found. Check --dag and --run-id (is the"
                + " DAG file deployed and parsed?).");
    wm.verify(1, postRequestedFor(urlEqualTo("/api/v1/dags/nope/dagRuns")));
    assertThat(timer.sleeps).isEmpty();
  }

  @Test
  void badRequestIsNotRetriedAndFallsBackToTheTitle() {
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/r1")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("{\"title\": \"Bad Request\", \"status\": 400}")));
    assertThatThrownBy(() -> client().run("d", "r1"))
        .hasMessageContaining("Cannot get DAG run d/r1 on Airflow at")
        .hasMessageContaining(": HTTP 400: Bad Request. Check the arguments");
    wm.verify(1, getRequestedFor(urlEqualTo("/api/v1/dags/d/dagRuns/r1")));
  }

  @Test
  void serviceUnavailableThenSuccessIsRetriedAfterABackoff() {
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/r1")
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody("{\"detail\": \"restarting\"}"))
            .willSetStateTo("up"));
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/r1")
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(okJson(run("running"))));
    assertThat(client().run("d", "r1").state()).isEqualTo("running");
    wm.verify(2, getRequestedFor(urlEqualTo("/api/v1/dags/d/dagRuns/r1")));
    assertThat(timer.sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void retriesAreBoundedAndBackOffExponentially() {
    wm.stubFor(get("/api/v1/dags/d/dagRuns/r1").willReturn(aResponse().withStatus(502)));
    assertThatThrownBy(() -> client().run("d", "r1"))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot get DAG run d/r1 on Airflow at "
                + wm.baseUrl()
                + ": HTTP 502 (no detail) after 4 attempts. Check --url, that the Airflow API"
                + " server is running and reachable, and try again.");
    wm.verify(4, getRequestedFor(urlEqualTo("/api/v1/dags/d/dagRuns/r1")));
    assertThat(timer.sleeps)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void tooManyRequestsHonoursRetryAfter() {
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/r1")
            .inScenario("busy")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
            .willSetStateTo("free"));
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/r1")
            .inScenario("busy")
            .whenScenarioStateIs("free")
            .willReturn(okJson(run("success"))));
    assertThat(client().run("d", "r1").finished()).isTrue();
    assertThat(timer.sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void connectionErrorsAreRetried() {
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/r1")
            .inScenario("reset")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/r1")
            .inScenario("reset")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(run("running"))));
    assertThat(client().run("d", "r1").state()).isEqualTo("running");
    assertThat(timer.sleeps).hasSize(1);
  }

  @Test
  void runIdsAreEncodedInThePath() {
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/manual__2026-02-01T00%3A00%3A00%2B00%3A00")
            .willReturn(okJson(run("success"))));
    assertThat(client().run("d", "manual__2026-02-01T00:00:00+00:00").state()).isEqualTo("success");
  }

  @Test
  void taskInstancesArePaginated() {
    String path = "/api/v1/dags/d/dagRuns/r1/taskInstances";
    wm.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("limit", equalTo("2"))
            .withQueryParam("offset", equalTo("0"))
            .willReturn(
                okJson(
                    "{\"task_instances\": [{\"task_id\": \"a\", \"state\": \"success\","
                        + " \"try_number\": 1}, {\"task_id\": \"b\", \"state\": \"failed\","
                        + " \"try_number\": 3}], \"total_entries\": 3}")));
    wm.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("limit", equalTo("2"))
            .withQueryParam("offset", equalTo("2"))
            .willReturn(
                okJson(
                    "{\"task_instances\": [{\"task_id\": \"c\", \"state\": null, \"try_number\":"
                        + " 0}], \"total_entries\": 3}")));
    assertThat(client(2).taskInstances("d", "r1"))
        .containsExactly(
            new TaskInstance("a", "success", 1),
            new TaskInstance("b", "failed", 3),
            new TaskInstance("c", null, 0));
    wm.verify(2, getRequestedFor(urlPathEqualTo(path)).withHeader("Authorization", equalTo(BASIC)));
  }

  @Test
  void pauseUsesTheUpdateMask() {
    wm.stubFor(
        patch(urlPathEqualTo("/api/v1/dags/d"))
            .willReturn(okJson("{\"dag_id\": \"d\", \"is_paused\": true}")));
    assertThat(client().setPaused("d", true)).isTrue();
    wm.verify(
        patchRequestedFor(urlEqualTo("/api/v1/dags/d?update_mask=is_paused"))
            .withRequestBody(equalToJson("{\"is_paused\": true}")));
  }

  @Test
  void importErrorsAreListed() {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/importErrors"))
            .willReturn(
                okJson(
                    "{\"import_errors\": [{\"import_error_id\": 1, \"filename\":"
                        + " \"/dags/x.py\", \"stack_trace\": \"SyntaxError\", \"timestamp\":"
                        + " \"2026-02-01T00:00:00+00:00\"}], \"total_entries\": 1}")));
    assertThat(client().importErrors())
        .containsExactly(
            new DagImportError("/dags/x.py", "SyntaxError", "2026-02-01T00:00:00+00:00"));
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/importErrors"))
            .withQueryParam("limit", equalTo("100"))
            .withQueryParam("offset", equalTo("0")));
  }

  @Test
  void healthNeedsNoCredentials() {
    wm.stubFor(
        get("/api/v1/health")
            .willReturn(
                okJson(
                    "{\"metadatabase\": {\"status\": \"healthy\"}, \"scheduler\": {\"status\":"
                        + " \"unhealthy\", \"latest_scheduler_heartbeat\": null}}")));
    assertThat(client().health())
        .containsEntry("metadatabase", "healthy")
        .containsEntry("scheduler", "unhealthy");
    wm.verify(getRequestedFor(urlEqualTo("/api/v1/health")).withHeader("Authorization", absent()));
  }

  @Test
  void refusedCredentialsAreNamedWithoutTheSecret() {
    wm.stubFor(get("/api/v1/dags/d/dagRuns/r1").willReturn(aResponse().withStatus(401)));
    assertThatThrownBy(() -> client().run("d", "r1"))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot get DAG run d/r1 on Airflow at "
                + wm.baseUrl()
                + ": the server refused the credentials (HTTP 401). Check --user and"
                + " AIRFLOW_PASSWORD, or --token / AIRFLOW_TOKEN, and the user's permissions.")
        .message()
        .doesNotContain("s3cret");
    wm.verify(1, getRequestedFor(urlEqualTo("/api/v1/dags/d/dagRuns/r1")));
  }

  @Test
  void awaitPollsWithGrowingPausesUntilTheRunFinishes() {
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/r1")
            .inScenario("run")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(run("running")))
            .willSetStateTo("2"));
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/r1")
            .inScenario("run")
            .whenScenarioStateIs("2")
            .willReturn(okJson(run("running")))
            .willSetStateTo("3"));
    wm.stubFor(
        get("/api/v1/dags/d/dagRuns/r1")
            .inScenario("run")
            .whenScenarioStateIs("3")
            .willReturn(okJson(run("failed"))));
    DagRun r =
        client()
            .await(
                "d", "r1", Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(60));
    assertThat(r.state()).isEqualTo("failed");
    assertThat(timer.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  @Test
  void awaitTimesOutWithTheLastState() {
    wm.stubFor(get("/api/v1/dags/d/dagRuns/r1").willReturn(okJson(run("running"))));
    assertThatThrownBy(
            () ->
                client()
                    .await(
                        "d",
                        "r1",
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(4)))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot wait for DAG run d/r1: it is still 'running' after 10 s. Wait longer with"
                + " --timeout, or check the run in Airflow.");
    assertThat(timer.sleeps)
        .containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(2));
    wm.verify(4, getRequestedFor(urlEqualTo("/api/v1/dags/d/dagRuns/r1")));
  }

  @Test
  void detectsAirflow2WhenOnlyApiV1Answers() {
    wm.stubFor(get("/api/v2/monitor/health").willReturn(aResponse().withStatus(404)));
    wm.stubFor(get("/api/v1/health").willReturn(okJson("{}")));
    AirflowSettings s =
        AirflowSettings.of(URI.create(wm.baseUrl()), ApiVersion.AIRFLOW_3, Credentials.none());
    assertThat(AirflowClient.detectVersion(s, AirflowClient.defaultHttpClient(), timer))
        .isEqualTo(ApiVersion.AIRFLOW_2);
    assertThat(List.of(Credentials.login("u", "pw").toString(), Credentials.token("tk").toString()))
        .noneMatch(x -> x.contains("pw") || x.contains("tk"));
  }
}
