package io.ballast.orchestration.airflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.ballast.features.BallastErrors;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Airflow's HTTP transport: authentication (basic, or bearer tokens fetched and refreshed once
 * on 401), retries with exponential backoff on 429, 5xx and I/O errors only (honouring
 * Retry-After), and errors made from the server's {@code detail}/{@code title}. Credentials go only
 * into the Authorization header and the token request body, never into URLs, logs or messages.
 */
final class AirflowHttp {
  private static final Logger LOG = LoggerFactory.getLogger(AirflowHttp.class);
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A response that was not retried: any 2xx, or a 4xx other than 401/403/429. {@code tries} is how
   * many requests it took (a 409 after a retried POST may be the earlier try's own success).
   */
  record Response(int status, JsonNode body, String detail, int tries) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  private final AirflowSettings settings;
  private final HttpClient client;
  private final Timer timer;
  private final String base;
  private volatile String token;

  AirflowHttp(AirflowSettings settings, HttpClient client, Timer timer) {
    this.settings = settings;
    this.client = client;
    this.timer = timer;
    this.base = AirflowSettings.displayUrl(settings.url());
    this.token = settings.credentials().token().orElse(null);
  }

  String displayUrl() {
    return base;
  }

  /** A path segment, percent-encoded (run ids hold ':' and '+'). */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Sends a request to the versioned API and returns the response if it is 2xx. */
  JsonNode call(
      String action, String method, String path, Map<String, String> query, JsonNode body) {
    Response r = send(action, method, settings.version().prefix() + path, query, body, true);
    if (!r.ok()) {
      throw BallastErrors.airflowRefused(action, base, r.status(), r.detail());
    }
    return r.body();
  }

  /**
   * Sends a request, retrying 429, 5xx and I/O errors; 401/403 become a user error (after one token
   * refresh on Airflow 3); other statuses are returned.
   */
  Response send(
      String action,
      String method,
      String path,
      Map<String, String> query,
      JsonNode body,
      boolean authenticate) {
    URI uri = URI.create(base + path + queryString(query));
    boolean refreshed = false;
    int attempts = settings.maxAttempts();
    Deadline deadline = new Deadline(timer, settings.deadline());
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> resp;
      Duration perTry = deadline.tryTimeout(settings.requestTimeout());
      try {
        resp =
            client.send(
                request(method, uri, body, authenticate, perTry),
                HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        String problem = Deadline.problem(e, perTry);
        Duration wait = backoff(attempt);
        if (attempt >= attempts || !deadline.allows(wait)) {
          throw BallastErrors.airflowUnavailable(
              action, base, attempt, problem + stopped(attempt, attempts), e);
        }
        pause(action, attempt, problem, wait, deadline);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while calling Airflow", e);
      }
      int status = resp.statusCode();
      if ((status == 401 || status == 403) && authenticate) {
        if (status == 401 && canRefresh() && !refreshed) {
          LOG.info("Airflow refused the access token (HTTP 401); fetching a new one");
          token = null;
          refreshed = true;
          attempt--; // a refresh is not a retry
          continue;
        }
        throw BallastErrors.airflowUnauthorized(action, base, status);
      }
      if (status == 429 || status >= 500) {
        String problem = "HTTP " + status + " (" + detail(resp.body()) + ")";
        Duration wait = retryAfter(resp).orElse(backoff(attempt));
        if (attempt >= attempts || !deadline.allows(wait)) {
          throw BallastErrors.airflowUnavailable(
              action, base, attempt, problem + stopped(attempt, attempts), null);
        }
        pause(action, attempt, problem, wait, deadline);
        continue;
      }
      return new Response(
          status,
          status / 100 == 2 ? parse(action, resp.body()) : NullNode.instance,
          detail(resp.body()),
          attempt);
    }
  }

  /** Why the retries stopped, for the message: the deadline, when it and not the tries ran out. */
  private String stopped(int attempt, int attempts) {
    return attempt >= attempts
        ? ""
        : " (the remote timeout of "
            + Deadline.human(settings.deadline())
            + " is up; raise it with --remote-timeout or $"
            + Deadline.ENV
            + ")";
  }

  private HttpRequest request(
      String method, URI uri, JsonNode body, boolean authenticate, Duration perTry) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).timeout(perTry).header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    if (authenticate) {
      authorization().ifPresent(a -> b.header("Authorization", a));
    }
    return b.build();
  }

  private Optional<String> authorization() {
    Credentials c = settings.credentials();
    if (settings.version() == ApiVersion.AIRFLOW_2 && c.hasLogin()) {
      String pair = c.user().get() + ":" + c.password().get();
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    if (token == null && canRefresh()) {
      token = fetchToken();
    }
    return Optional.ofNullable(token).map(t -> "Bearer " + t);
  }

  private boolean canRefresh() {
    return settings.version() == ApiVersion.AIRFLOW_3 && settings.credentials().hasLogin();
  }

  /** Airflow 3: {@code POST /auth/token} with the user and password, answered 201 with a JWT. */
  private String fetchToken() {
    Credentials c = settings.credentials();
    JsonNode body =
        JSON.createObjectNode().put("username", c.user().get()).put("password", c.password().get());
    String action = "get an access token";
    Response r = send(action, "POST", "/auth/token", Map.of(), body, false);
    if (r.status() == 401 || r.status() == 403) {
      throw BallastErrors.airflowUnauthorized(action, base, r.status());
    }
    if (!r.ok()) {
      throw BallastErrors.airflowRefused(action, base, r.status(), r.detail());
    }
    JsonNode t = r.body().get("access_token");
    if (t == null || !t.isTextual()) {
      throw BallastErrors.airflowBadResponse(action, base, "no access_token in the response");
    }
    return t.asText();
  }

  private void pause(String action, int attempt, String problem, Duration d, Deadline deadline) {
    LOG.warn(
        "Airflow at {}: {} (try {} of {} to {}); retrying in {} ms, {} left of the remote timeout",
        base,
        problem,
        attempt,
        settings.maxAttempts(),
        action,
        d.toMillis(),
        Deadline.human(deadline.left()));
    try {
      timer.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }

  Duration backoff(int attempt) {
    return RetryDelays.exponential(settings.firstBackoff(), settings.maxBackoff(), attempt);
  }

  private Optional<Duration> retryAfter(HttpResponse<?> resp) {
    return RetryDelays.retryAfter(resp, settings.maxBackoff());
  }

  private JsonNode parse(String action, String text) {
    if (text == null || text.isBlank()) {
      return NullNode.instance;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw BallastErrors.airflowBadResponse(action, base, "not JSON: " + abbreviate(text));
    }
  }

  /** The server's explanation: problem+json detail/title, FastAPI's detail (text or list). */
  static String detail(String text) {
    if (text == null || text.isBlank()) {
      return "no detail";
    }
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return abbreviate(text);
    }
    JsonNode d = n.path("detail");
    if (d.isTextual() && !d.asText().isBlank()) {
      return d.asText();
    }
    if (d.isArray()) {
      return java.util.stream.StreamSupport.stream(d.spliterator(), false)
          .map(e -> e.path("loc") + " " + e.path("msg").asText())
          .collect(Collectors.joining("; "));
    }
    if (n.path("title").isTextual()) {
      return n.path("title").asText();
    }
    return d.isMissingNode() ? abbreviate(text) : d.toString();
  }

  private static String abbreviate(String s) {
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }

  private static String queryString(Map<String, String> query) {
    if (query.isEmpty()) {
      return "";
    }
    return query.entrySet().stream()
        .map(e -> segment(e.getKey()) + "=" + segment(e.getValue()))
        .collect(Collectors.joining("&", "?", ""));
  }
}
