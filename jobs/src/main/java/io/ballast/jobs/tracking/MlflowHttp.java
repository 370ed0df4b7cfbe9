package io.ballast.jobs.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.ballast.features.BallastErrors;
import io.ballast.orchestration.airflow.Deadline;
import io.ballast.orchestration.airflow.RetryDelays;
import io.ballast.orchestration.airflow.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow's REST transport ({@code /api/2.0/mlflow/...}): GET arguments in the query string (a key
 * repeated for arrays), JSON bodies otherwise (DELETE too). Retries with exponential backoff on
 * 429, 5xx and I/O errors only, honouring Retry-After; other 4xx fail at once with the server's
 * {@code error_code} and {@code message}. Credentials only ever go into the Authorization header.
 */
final class MlflowHttp {
  private static final Logger LOG = LoggerFactory.getLogger(MlflowHttp.class);
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PREFIX = "/api/2.0/mlflow/";

  /** A non-retried answer: 2xx, or a 4xx with the server's error code and message. */
  record Response(int status, JsonNode body, String errorCode, String message) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  private final MlflowSettings settings;
  private final HttpClient client;
  private final Timer timer;
  private final String base;

  MlflowHttp(MlflowSettings settings, HttpClient client, Timer timer) {
    this.settings = settings;
    this.client = client;
    this.timer = timer;
    this.base = settings.url().toString();
  }

  static HttpClient defaultClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  String url() {
    return base;
  }

  Timer timer() {
    return timer;
  }

  MlflowSettings settings() {
    return settings;
  }

  /** A 2xx answer's body, or a user error. */
  JsonNode call(
      String action,
      String method,
      String path,
      List<Map.Entry<String, String>> query,
      JsonNode body) {
    Response r = send(action, method, path, query, body);
    if (!r.ok()) {
      throw BallastErrors.trackingRefused(action, base, r.status(), r.errorCode(), r.message());
    }
    return r.body();
  }

  Response send(
      String action,
      String method,
      String path,
      List<Map.Entry<String, String>> query,
      JsonNode body) {
    URI uri = URI.create(base + PREFIX + path + queryString(query));
    return exchange(action, perTry -> request(method, uri, body, perTry));
  }

  /**
   * Uploads a file with {@code PUT} to a URL of the artifact proxy ({@code
   * /api/2.0/mlflow-artifacts/artifacts/<path>}), raw bytes, with the same retries and credentials.
   */
  Response upload(String action, URI uri, byte[] bytes, String contentType) {
    return exchange(
        action,
        perTry -> {
          HttpRequest.Builder b =
              HttpRequest.newBuilder(uri)
                  .timeout(perTry)
                  .header("Content-Type", contentType)
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
          settings.authorization().ifPresent(a -> b.header("Authorization", a));
          return b.build();
        });
  }

  private Response exchange(String action, Function<Duration, HttpRequest> request) {
    int attempts = settings.maxAttempts();
    Deadline deadline = new Deadline(timer, settings.deadline());
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> resp;
      Duration perTry = deadline.tryTimeout(settings.requestTimeout());
      try {
        resp = client.send(request.apply(perTry), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        String problem = Deadline.problem(e, perTry);
        Duration wait = backoff(attempt);
        if (attempt >= attempts || !deadline.allows(wait)) {
          throw BallastErrors.trackingUnavailable(
              action, base, attempt, problem, stopped(attempt, attempts), e);
        }
        pause(action, attempt, problem, wait, deadline);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while calling MLflow", e);
      }
      int status = resp.statusCode();
      String[] err = error(resp.body());
      if (status == 401) {
        throw BallastErrors.trackingUnauthorized(action, base, status);
      }
      if (status == 403) {
        throw BallastErrors.trackingForbidden(action, base, err[0], err[1]);
      }
      if (status == 429 || status >= 500) {
        String problem = "HTTP " + status + " " + err[0] + " (" + err[1] + ")";
        Duration wait = retryAfter(resp).orElse(backoff(attempt));
        if (attempt >= attempts || !deadline.allows(wait)) {
          throw BallastErrors.trackingUnavailable(
              action, base, attempt, problem, stopped(attempt, attempts), null);
        }
        pause(action, attempt, problem, wait, deadline);
        continue;
      }
      if (status / 100 == 2) {
        return new Response(status, parse(action, resp.body()), "", "");
      }
      return new Response(status, NullNode.instance, err[0], err[1]);
    }
  }

  /** Why the retries stopped, when the remote timeout and not the tries ran out. */
  private String stopped(int attempt, int attempts) {
    return attempt >= attempts
        ? ""
        : " (the remote timeout of "
            + Deadline.human(settings.deadline())
            + " is up; raise it with --remote-timeout or $"
            + Deadline.ENV
            + ")";
  }

  private HttpRequest request(String method, URI uri, JsonNode body, Duration perTry) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).timeout(perTry).header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    settings.authorization().ifPresent(a -> b.header("Authorization", a));
    return b.build();
  }

  void pause(String action, int attempt, String problem, Duration d, Deadline deadline) {
    LOG.warn(
        "MLflow at {}: {} (try {} of {} to {}); retrying in {} ms, {} left of the remote timeout",
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
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw BallastErrors.trackingBadResponse(action, base, "not JSON: " + abbreviate(text));
    }
  }

  /**
   * The server's {@code error_code} and {@code message}; proxies may answer plain text, and
   * FastAPI-served routes a {@code detail} (a string, or a list of {@code {loc, msg}}).
   */
  static String[] error(String text) {
    if (text == null || text.isBlank()) {
      return new String[] {"(no error code)", "no message"};
    }
    try {
      JsonNode n = JSON.readTree(text);
      if (n.has("error_code") || n.has("message")) {
        return new String[] {
          n.path("error_code").asText("(no error code)"), n.path("message").asText("no message")
        };
      }
      if (n.has("detail")) {
        return new String[] {"(no error code)", detail(n.get("detail"))};
      }
    } catch (JsonProcessingException e) {
      // not JSON: fall through
    }
    return new String[] {"(no error code)", abbreviate(text)};
  }

  /** FastAPI's {@code detail}: a string, or validation errors as "loc: msg" joined by "; ". */
  private static String detail(JsonNode d) {
    if (!d.isArray()) {
      return abbreviate(d.isTextual() ? d.asText() : d.toString());
    }
    List<String> parts = new java.util.ArrayList<>();
    for (JsonNode e : d) {
      List<String> loc = new java.util.ArrayList<>();
      e.path("loc").forEach(l -> loc.add(l.asText()));
      String msg = e.path("msg").asText(e.toString());
      parts.add(loc.isEmpty() ? msg : String.join(".", loc) + ": " + msg);
    }
    return abbreviate(String.join("; ", parts));
  }

  private static String abbreviate(String s) {
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String queryString(List<Map.Entry<String, String>> query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    return query.stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&", "?", ""));
  }
}
