package io.ballast.orchestration.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.orchestration.http.Timer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A small typed client of Airflow's stable REST API, version 2 ({@code /api/v1}) or 3 ({@code
 * /api/v2}): trigger, get and wait for DAG runs, list task instances and import errors,
 * pause/unpause, health. No Spark.
 */
public final class AirflowClient {
  private final AirflowSettings settings;
  private final AirflowHttp http;
  private final Timer timer;

  public AirflowClient(AirflowSettings settings) {
    this(settings, defaultHttpClient(), Timer.SYSTEM);
  }

  public AirflowClient(AirflowSettings settings, HttpClient client, Timer timer) {
    this.settings = settings;
    this.http = new AirflowHttp(settings, client, timer);
    this.timer = timer;
  }

  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Which API the server speaks: Airflow 3 answers {@code /api/v2/monitor/health}, Airflow 2 {@code
   * /api/v1/health}. Neither needs credentials.
   */
  public static ApiVersion detectVersion(AirflowSettings settings, HttpClient client, Timer timer) {
    AirflowHttp probe = new AirflowHttp(settings, client, timer);
    String action = "detect the API version";
    for (ApiVersion v : List.of(ApiVersion.AIRFLOW_3, ApiVersion.AIRFLOW_2)) {
      AirflowHttp.Response r = probe.send(action, "GET", v.healthPath(), Map.of(), null, false);
      if (r.ok()) {
        return v;
      }
      if (r.status() == 401 || r.status() == 403) {
        // Airflow's health endpoints need no credentials: something in front of it asks for them.
        throw AirflowErrors.airflowUnauthorized(
            action + " (" + v.healthPath() + " asks for credentials; or pass --api-version 2|3)",
            probe.displayUrl(),
            r.status());
      }
    }
    throw AirflowErrors.airflowBadResponse(
        action, probe.displayUrl(), "neither /api/v2/monitor/health nor /api/v1/health answered");
  }

  public ApiVersion version() {
    return settings.version();
  }

  /**
   * Triggers a DAG run. The request always carries a run id, so that it can be retried safely: a
   * try that timed out may still have made the run, and the retry then finds it (HTTP 409 on the
   * same id) instead of making a second one. It always carries the logical date too, on Airflow 2
   * and 3 alike: Airflow 3 accepts {@code "logical_date": null} but then gives the run no logical
   * date and no data interval, so the DAG's date templates ({@code {{ ds }}}, {@code {{
   * data_interval_start | ds }}}) have nothing to render.
   *
   * @param runId the run id, or empty for one derived from the DAG, logical date and conf ({@link
   *     #derivedRunId}): the same trigger twice gives the run the first one made
   * @param logicalDate the run's logical date, with an offset: for the retrain DAG the day whose
   *     data to process (its {@code {{ data_interval_start | ds }}}); see {@link #startOfDay}
   * @param conf the run's {@code dag_run.conf}, a JSON object
   */
  public DagRun trigger(
      String dagId, Optional<String> runId, OffsetDateTime logicalDate, JsonNode conf) {
    if (logicalDate == null) {
      throw new IllegalStateException("a trigger of " + dagId + " needs a logical date");
    }
    JsonNode c = conf == null ? AirflowHttp.JSON.createObjectNode() : conf;
    String id = runId.orElseGet(() -> derivedRunId(dagId, logicalDate, c));
    String date = logicalDate.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    ObjectNode body = AirflowHttp.JSON.createObjectNode();
    body.put("dag_run_id", id);
    body.put("logical_date", date);
    body.set("conf", c);
    String action = "trigger DAG " + dagId;
    AirflowHttp.Response r =
        http.send(
            action, "POST", settings.version().prefix() + dagRuns(dagId), Map.of(), body, true);
    if (r.status() == 409 && (r.tries() > 1 || runId.isEmpty())) {
      // Our own earlier try (or the same trigger made before): the run exists; return it.
      Optional<DagRun> made = findRun(dagId, id);
      if (made.isPresent()) {
        return made.get();
      }
    }
    if (r.status() == 409) {
      String what = runId.isPresent() ? "run id " + id : "logical date " + date;
      throw AirflowErrors.airflowDuplicateRun(dagId, what, r.detail());
    }
    if (!r.ok()) {
      throw AirflowErrors.airflowRefused(action, http.displayUrl(), r.status(), r.detail());
    }
    return DagRun.from(r.body(), dagId);
  }

  /** Midnight UTC of a day: the logical date of a trigger that processes that day. */
  public static OffsetDateTime startOfDay(LocalDate day) {
    return day.atStartOfDay().atOffset(ZoneOffset.UTC);
  }

  /**
   * {@code ballast__<logical date>__<12 hex digits of SHA-256 over DAG, date and conf>}: the same
   * trigger gives the same id.
   */
  public static String derivedRunId(String dagId, OffsetDateTime logicalDate, JsonNode conf) {
    String date = logicalDate.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String canonical = dagId + "\n" + date + "\n" + (conf == null ? "{}" : conf.toString());
    try {
      byte[] h =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "ballast__" + date + "__" + java.util.HexFormat.of().formatHex(h).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private Optional<DagRun> findRun(String dagId, String runId) {
    AirflowHttp.Response r =
        http.send(
            "get DAG run " + dagId + "/" + runId,
            "GET",
            settings.version().prefix() + dagRuns(dagId) + "/" + AirflowHttp.segment(runId),
            Map.of(),
            null,
            true);
    return r.ok() ? Optional.of(DagRun.from(r.body(), dagId)) : Optional.empty();
  }

  public DagRun run(String dagId, String runId) {
    JsonNode n =
        http.call(
            "get DAG run " + dagId + "/" + runId,
            "GET",
            dagRuns(dagId) + "/" + AirflowHttp.segment(runId),
            Map.of(),
            null);
    return DagRun.from(n, dagId);
  }

  /**
   * Polls a run until it finishes, first after {@code firstPoll}, then 1.5 times longer each time
   * up to {@code maxPoll}.
   *
   * @throws io.ballast.features.BallastException if it has not finished within {@code timeout}
   */
  public DagRun await(
      String dagId, String runId, Duration timeout, Duration firstPoll, Duration maxPoll) {
    long deadline = timer.nanoTime() + timeout.toNanos();
    Duration poll = firstPoll;
    while (true) {
      DagRun r = run(dagId, runId);
      if (r.finished()) {
        return r;
      }
      long left = deadline - timer.nanoTime();
      if (left <= 0) {
        throw AirflowErrors.airflowWaitTimeout(dagId, runId, human(timeout), r.state());
      }
      try {
        timer.sleep(Duration.ofNanos(Math.min(poll.toNanos(), left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + runId, e);
      }
      poll = Duration.ofMillis(Math.min((long) (poll.toMillis() * 1.5), maxPoll.toMillis()));
    }
  }

  /** Every task instance of a run, fetched page by page. */
  public List<TaskInstance> taskInstances(String dagId, String runId) {
    String path = dagRuns(dagId) + "/" + AirflowHttp.segment(runId) + "/taskInstances";
    return pages(
        "list task instances of " + dagId + "/" + runId,
        path,
        "task_instances",
        TaskInstance::from);
  }

  /** Pauses or unpauses a DAG; returns whether it is paused now. */
  public boolean setPaused(String dagId, boolean paused) {
    Map<String, String> query =
        settings.version() == ApiVersion.AIRFLOW_2 ? Map.of("update_mask", "is_paused") : Map.of();
    JsonNode n =
        http.call(
            (paused ? "pause DAG " : "unpause DAG ") + dagId,
            "PATCH",
            "/dags/" + AirflowHttp.segment(dagId),
            query,
            AirflowHttp.JSON.createObjectNode().put("is_paused", paused));
    return n.path("is_paused").asBoolean(paused);
  }

  /** The DAG files the scheduler could not import. */
  public List<DagImportError> importErrors() {
    return pages("list import errors", "/importErrors", "import_errors", DagImportError::from);
  }

  /** Each component's status, e.g. {@code metadatabase -> healthy}. No credentials needed. */
  public Map<String, String> health() {
    String action = "check health";
    AirflowHttp.Response r =
        http.send(action, "GET", settings.version().healthPath(), Map.of(), null, false);
    if (!r.ok()) {
      throw AirflowErrors.airflowRefused(action, http.displayUrl(), r.status(), r.detail());
    }
    Map<String, String> out = new LinkedHashMap<>();
    r.body()
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().path("status").asText("unknown")));
    return out;
  }

  private <T> List<T> pages(String action, String path, String field, Function<JsonNode, T> item) {
    List<T> out = new ArrayList<>();
    int limit = settings.pageSize();
    for (int offset = 0; ; offset += limit) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("limit", Integer.toString(limit));
      query.put("offset", Integer.toString(offset));
      JsonNode page = http.call(action, "GET", path, query, null);
      JsonNode items = page.path(field);
      if (!items.isArray()) {
        throw AirflowErrors.airflowBadResponse(
            action, http.displayUrl(), "no '" + field + "' list in the response");
      }
      items.forEach(n -> out.add(item.apply(n)));
      long total = page.path("total_entries").asLong(out.size());
      if (items.isEmpty() || out.size() >= total) {
        return out;
      }
    }
  }

  /** The DAG's runs, under the API prefix. */
  private static String dagRuns(String dagId) {
    return "/dags/" + AirflowHttp.segment(dagId) + "/dagRuns";
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s % 60 == 0 && s >= 60 ? (s / 60) + " min" : s + " s";
  }
}
