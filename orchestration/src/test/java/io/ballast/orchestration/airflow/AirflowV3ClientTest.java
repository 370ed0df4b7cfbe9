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
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.ballast.features.BallastException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against a recorded Airflow 3 ({@code /api/v2}, bearer tokens from /auth/token). */
class AirflowV3ClientTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String RUN =
      """
      {"dag_id": "d", "dag_run_id": "r1", "state": "%s", "logical_date": null,
       "queued_at": "2026-02-01T00:00:01Z", "run_after": "2026-02-01T00:00:00Z",
       "triggered_by": "rest_api", "start_date": null, "end_date": null, "conf": {}}
      """;

  static final OffsetDateTime DAY = AirflowClient.startOfDay(LocalDate.of(2026, 2, 3));

  final FakeTimer timer = new FakeTimer();

  AirflowClient client(Credentials credentials, int pageSize) {
    AirflowSettings s =
        AirflowSettings.of(URI.create(wm.baseUrl()), ApiVersion.AIRFLOW_3, credentials)
            .withRetries(3, Duration.ofMillis(500), Duration.ofSeconds(10))
            .withPageSize(pageSize);
    return new AirflowClient(s, AirflowClient.defaultHttpClient(), timer);
  }

  AirflowClient client() {
    return client(Credentials.login("admin", "s3cret"), 100);
  }

  void tokens(String... values) {
    String state = Scenario.STARTED;
    for (int i = 0; i < values.length; i++) {
      String next = "token" + (i + 1);
      wm.stubFor(
          post("/auth/token")
              .inScenario("tokens")
              .whenScenarioStateIs(state)
              .willReturn(
                  aResponse()
                      .withStatus(201)
                      .withHeader("Content-Type", "application/json")
                      .withBody("{\"access_token\": \"" + values[i] + "\"}"))
              .willSetStateTo(next));
      state = next;
    }
  }

  @Test
  void triggerFetchesATokenAndSendsTheLogicalDateNeverANull() {
    // Airflow 3 requires the logical_date key and accepts null, but a run without a logical date
    // has no {{ ds }} and no data interval: the client always sends the day.
    tokens("jwt-1");
    wm.stubFor(
        post("/api/v2/dags/d/dagRuns")
            .willReturn(
                okJson(
                    RUN.formatted("queued")
                        .replace(
                            "\"logical_date\": null",
                            "\"logical_date\": \"2026-02-03T00:00:00Z\""))));
    DagRun r = client().trigger("d", Optional.empty(), DAY, null);
    assertThat(r.runId()).isEqualTo("r1");
    assertThat(r.logicalDate()).isEqualTo("2026-02-03T00:00:00Z");
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/auth/token"))
            .withHeader("Authorization", absent())
            .withRequestBody(equalToJson("{\"username\": \"admin\", \"password\": \"s3cret\"}")));
    wm.verify(
        postRequestedFor(urlEqualTo("/api/v2/dags/d/dagRuns"))
            .withHeader("Authorization", equalTo("Bearer jwt-1"))
            .withRequestBody(
                equalToJson(
                    "{\"dag_run_id\": \""
                        + AirflowClient.derivedRunId("d", DAY, null)
                        + "\", \"logical_date\": \"2026-02-03T00:00:00Z\", \"conf\": {}}"))
            .withRequestBody(notContaining("null")));
  }

  @Test
  void triggerSendsAnExplicitLogicalDateAndConf() throws Exception {
    tokens("jwt-1");
    wm.stubFor(post("/api/v2/dags/d/dagRuns").willReturn(okJson(RUN.formatted("queued"))));
    client()
        .trigger(
            "d",
            Optional.of("retrain__2026-02-03"),
            OffsetDateTime.of(2026, 2, 3, 0, 0, 0, 0, ZoneOffset.ofHours(1)),
            new ObjectMapper()
                .readTree("{\"reason\": \"drift\", \"drift_summary\": {\"psi\": 0.3}}"));
    wm.verify(
        postRequestedFor(urlEqualTo("/api/v2/dags/d/dagRuns"))
            .withRequestBody(
                equalToJson(
                    "{\"dag_run_id\": \"retrain__2026-02-03\", \"logical_date\":"
                        + " \"2026-02-03T00:00:00+01:00\", \"conf\": {\"reason\": \"drift\","
                        + " \"drift_summary\": {\"psi\": 0.3}}}")));
  }

  @Test
  void anExpiredTokenIsRefreshedOnceOn401() {
    tokens("jwt-old", "jwt-new");
    wm.stubFor(
        get("/api/v2/dags/d/dagRuns/r1")
            .withHeader("Authorization", equalTo("Bearer jwt-old"))
            .willReturn(aResponse().withStatus(401).withBody("{\"detail\": \"Token expired\"}")));
    wm.stubFor(
        get("/api/v2/dags/d/dagRuns/r1")
            .withHeader("Authorization", equalTo("Bearer jwt-new"))
            .willReturn(okJson(RUN.formatted("success"))));
    assertThat(client().run("d", "r1").state()).isEqualTo("success");
    wm.verify(2, postRequestedFor(urlEqualTo("/auth/token")));
    wm.verify(2, getRequestedFor(urlEqualTo("/api/v2/dags/d/dagRuns/r1")));
    assertThat(timer.sleeps).isEmpty();
  }

  @Test
  void aSecond401AfterTheRefreshIsAUserError() {
    tokens("jwt-1", "jwt-2");
    wm.stubFor(get("/api/v2/dags/d/dagRuns/r1").willReturn(aResponse().withStatus(401)));
    assertThatThrownBy(() -> client().run("d", "r1"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("the server refused the credentials (HTTP 401)")
        .message()
        .doesNotContain("s3cret")
        .doesNotContain("jwt-");
    wm.verify(2, postRequestedFor(urlEqualTo("/auth/token")));
    wm.verify(2, getRequestedFor(urlEqualTo("/api/v2/dags/d/dagRuns/r1")));
  }

  @Test
  void aGivenTokenIsSentAndNotRefreshed() {
    wm.stubFor(get("/api/v2/dags/d/dagRuns/r1").willReturn(aResponse().withStatus(401)));
    assertThatThrownBy(() -> client(Credentials.token("given-jwt"), 100).run("d", "r1"))
        .hasMessageContaining("HTTP 401");
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/api/v2/dags/d/dagRuns/r1"))
            .withHeader("Authorization", equalTo("Bearer given-jwt")));
    wm.verify(0, postRequestedFor(urlEqualTo("/auth/token")));
  }

  @Test
  void wrongPasswordIsReportedFromTheTokenEndpoint() {
    wm.stubFor(
        post("/auth/token")
            .willReturn(
                aResponse().withStatus(401).withBody("{\"detail\": \"Invalid credentials\"}")));
    assertThatThrownBy(() -> client().run("d", "r1"))
        .hasMessage(
            "Cannot get an access token on Airflow at "
                + wm.baseUrl()
                + ": the server refused the credentials (HTTP 401). Check --user and"
                + " AIRFLOW_PASSWORD, or --token / AIRFLOW_TOKEN, and the user's permissions.");
  }

  @Test
  void serviceUnavailableThenSuccessIsRetried() {
    tokens("jwt-1");
    wm.stubFor(
        get("/api/v2/dags/d/dagRuns/r1")
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    wm.stubFor(
        get("/api/v2/dags/d/dagRuns/r1")
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(okJson(RUN.formatted("running"))));
    assertThat(client().run("d", "r1").state()).isEqualTo("running");
    wm.verify(2, getRequestedFor(urlEqualTo("/api/v2/dags/d/dagRuns/r1")));
    assertThat(timer.sleeps).containsExactly(Duration.ofMillis(500));
  }

  @Test
  void duplicateRunIsReportedAsSuch() {
    tokens("jwt-1");
    wm.stubFor(
        post("/api/v2/dags/d/dagRuns")
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withBody("{\"detail\": {\"reason\": \"Unique constraint violation\"}}")));
    assertThatThrownBy(() -> client().trigger("d", Optional.empty(), DAY, null))
        .hasMessageStartingWith(
            "Cannot trigger DAG d: a run with logical date 2026-02-03T00:00:00Z already exists"
                + " ({\"reason\":\"Unique constraint violation\"}).");
    wm.verify(1, postRequestedFor(urlEqualTo("/api/v2/dags/d/dagRuns")));
  }

  @Test
  void validationErrorsListTheFieldsAndAreNotRetried() {
    tokens("jwt-1");
    wm.stubFor(
        post("/api/v2/dags/d/dagRuns")
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withBody(
                        "{\"detail\": [{\"type\": \"extra_forbidden\", \"loc\": [\"body\","
                            + " \"execution_date\"], \"msg\": \"Extra inputs are not"
                            + " permitted\"}]}")));
    assertThatThrownBy(() -> client().trigger("d", Optional.empty(), DAY, null))
        .hasMessage(
            "Cannot trigger DAG d on Airflow at "
                + wm.baseUrl()
                + ": HTTP 422: [\"body\",\"execution_date\"] Extra inputs are not permitted. Check"
                + " the arguments (dates need a time zone, --conf-json an object).");
    wm.verify(1, postRequestedFor(urlEqualTo("/api/v2/dags/d/dagRuns")));
  }

  @Test
  void notFoundIsNotRetried() {
    tokens("jwt-1");
    wm.stubFor(
        get("/api/v2/dags/d/dagRuns/nope")
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"detail\": \"The DagRun with dag_id: `d` and run_id: `nope` was not found\"}")));
    assertThatThrownBy(() -> client().run("d", "nope"))
        .hasMessageContaining(
            ": HTTP 404: The DagRun with dag_id: `d` and run_id: `nope` was not found.");
    wm.verify(1, getRequestedFor(urlEqualTo("/api/v2/dags/d/dagRuns/nope")));
  }

  @Test
  void pauseSendsTheFlagWithoutAnUpdateMask() {
    tokens("jwt-1");
    wm.stubFor(
        patch("/api/v2/dags/d").willReturn(okJson("{\"dag_id\": \"d\", \"is_paused\": false}")));
    assertThat(client().setPaused("d", false)).isFalse();
    wm.verify(
        patchRequestedFor(urlEqualTo("/api/v2/dags/d"))
            .withHeader("Authorization", equalTo("Bearer jwt-1"))
            .withRequestBody(equalToJson("{\"is_paused\": false}")));
  }

  @Test
  void importErrorsArePaginated() {
    tokens("jwt-1");
    for (int offset : new int[] {0, 1}) {
      wm.stubFor(
          get(urlPathEqualTo("/api/v2/importErrors"))
              .withQueryParam("limit", equalTo("1"))
              .withQueryParam("offset", equalTo(Integer.toString(offset)))
              .willReturn(
                  okJson(
                      "{\"import_errors\": [{\"import_error_id\": "
                          + offset
                          + ", \"filename\": \"f"
                          + offset
                          + ".py\", \"bundle_name\": \"dags-folder\", \"stack_trace\": \"e\","
                          + " \"timestamp\": \"t\"}], \"total_entries\": 2}")));
    }
    assertThat(client(Credentials.login("admin", "s3cret"), 1).importErrors())
        .extracting(DagImportError::filename)
        .containsExactly("f0.py", "f1.py");
    wm.verify(2, getRequestedFor(urlPathEqualTo("/api/v2/importErrors")));
  }

  @Test
  void healthIsUnderMonitorAndNeedsNoToken() {
    wm.stubFor(
        get("/api/v2/monitor/health")
            .willReturn(
                okJson(
                    "{\"metadatabase\": {\"status\": \"healthy\"}, \"scheduler\": {\"status\":"
                        + " \"healthy\"}, \"triggerer\": {\"status\": null},"
                        + " \"dag_processor\": {\"status\": \"healthy\"}}")));
    assertThat(client().health())
        .containsEntry("scheduler", "healthy")
        .containsEntry("dag_processor", "healthy")
        .containsKey("triggerer");
    wm.verify(0, postRequestedFor(urlEqualTo("/auth/token")));
    wm.verify(
        getRequestedFor(urlEqualTo("/api/v2/monitor/health"))
            .withHeader("Authorization", absent()));
  }

  @Test
  void detectsAirflow3() {
    wm.stubFor(get("/api/v2/monitor/health").willReturn(okJson("{}")));
    AirflowSettings s =
        AirflowSettings.of(
            URI.create(wm.baseUrl() + "/"), ApiVersion.AIRFLOW_2, Credentials.none());
    assertThat(AirflowClient.detectVersion(s, AirflowClient.defaultHttpClient(), timer))
        .isEqualTo(ApiVersion.AIRFLOW_3);
  }

  @Test
  void unreachableServerIsNamedAfterTheRetries() {
    AirflowSettings s =
        AirflowSettings.of(
                URI.create("http://127.0.0.1:1"), ApiVersion.AIRFLOW_3, Credentials.token("t"))
            .withRetries(2, Duration.ofMillis(1), Duration.ofMillis(1));
    assertThatThrownBy(
            () -> new AirflowClient(s, AirflowClient.defaultHttpClient(), timer).run("d", "r"))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot get DAG run d/r on Airflow at http://127.0.0.1:1: the connection failed"
                + " (ConnectException) after 2 attempts. Check --url, that the Airflow API server"
                + " is running and reachable, and try again.");
  }
}
