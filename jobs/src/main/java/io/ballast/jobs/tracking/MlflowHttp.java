package io.ballast.jobs.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.ballast.orchestration.http.Deadline;
import io.ballast.orchestration.http.JsonHttp;
import io.ballast.orchestration.http.RetryingClient;
import io.ballast.orchestration.http.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * MLflow's REST transport ({@code /api/2.0/mlflow/...}): GET arguments in the query string (a key
 * repeated for arrays), JSON bodies otherwise (DELETE too). Retries with exponential backoff on
 * 429, 5xx and I/O errors only, honouring Retry-After ({@link RetryingClient}); other 4xx fail at
 * once with the server's {@code error_code} and {@code message}. Credentials only ever go into the
 * Authorization header.
 */
final class MlflowHttp {
  static final ObjectMapper JSON = JsonHttp.JSON;
  static final String PREFIX = "/api/2.0/mlflow/";

  /** A non-retried answer: 2xx, or a 4xx with the server's error code and message. */
  record Response(int status, JsonNode body, String errorCode, String message)
      implements RetryingClient.Status {}

  private final MlflowSettings settings;
  private final String base;
  private final RetryingClient client;

  MlflowHttp(MlflowSettings settings, HttpClient client, Timer timer) {
    this.settings = settings;
    this.base = settings.url().toString();
    this.client =
        new RetryingClient(
            "MLflow",
            base,
            LoggerFactory.getLogger(MlflowHttp.class),
            client,
            timer,
            settings,
            body -> {
              String[] err = error(body);
              return err[0] + " (" + err[1] + ")";
            },
            (action, tries, problem, stopped, cause) ->
                TrackingErrors.trackingUnavailable(action, base, tries, problem, stopped, cause));
  }

  static HttpClient defaultClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  String url() {
    return base;
  }

  Timer timer() {
    return client.timer();
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
      throw TrackingErrors.trackingRefused(action, base, r.status(), r.errorCode(), r.message());
    }
    return r.body();
  }

  Response send(
      String action,
      String method,
      String path,
      List<Map.Entry<String, String>> query,
      JsonNode body) {
    URI uri = URI.create(base + PREFIX + path + JsonHttp.queryString(query));
    return exchange(
        action, perTry -> JsonHttp.request(method, uri, body, perTry, settings.authorization()));
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

  /** 401 and 403 are user errors at once; 2xx is parsed; other 4xx carry the server's reason. */
  private Response exchange(String action, Function<Duration, HttpRequest> request) {
    RetryingClient.Answer a =
        client.send(
            action,
            request,
            (status, text) -> {
              if (status == 401) {
                throw TrackingErrors.trackingUnauthorized(action, base, status);
              }
              if (status == 403) {
                String[] err = error(text);
                throw TrackingErrors.trackingForbidden(action, base, err[0], err[1]);
              }
              return false;
            });
    if (a.ok()) {
      JsonNode parsed =
          JsonHttp.body(
              a.body(),
              JSON.createObjectNode(),
              problem -> TrackingErrors.trackingBadResponse(action, base, problem));
      return new Response(a.status(), parsed, "", "");
    }
    String[] err = error(a.body());
    return new Response(a.status(), NullNode.instance, err[0], err[1]);
  }

  void pause(String action, int attempt, String problem, Duration d, Deadline deadline) {
    client.pause(action, attempt, problem, d, deadline);
  }

  /**
   * The server's {@code error_code} and {@code message}; proxies may answer plain text, and
   * FastAPI-served routes a {@code detail} (a string, or a list of {@code {loc, msg}}).
   */
  static String[] error(String text) {
    if (text == null || text.isBlank()) {
      return new String[] {"(no error code)", "no message"};
    }
    Optional<JsonNode> tree = JsonHttp.tree(text);
    if (tree.isPresent()) {
      JsonNode n = tree.get();
      if (n.has("error_code") || n.has("message")) {
        return new String[] {
          n.path("error_code").asText("(no error code)"), n.path("message").asText("no message")
        };
      }
      if (n.has("detail")) {
        return new String[] {"(no error code)", detail(n.get("detail"))};
      }
    }
    return new String[] {"(no error code)", JsonHttp.abbreviate(text)};
  }

  /** FastAPI's {@code detail}: a string, or validation errors as "loc: msg" joined by "; ". */
  private static String detail(JsonNode d) {
    if (!d.isArray()) {
      return JsonHttp.abbreviate(d.isTextual() ? d.asText() : d.toString());
    }
    List<String> parts = new java.util.ArrayList<>();
    for (JsonNode e : d) {
      List<String> loc = new java.util.ArrayList<>();
      e.path("loc").forEach(l -> loc.add(l.asText()));
      String msg = e.path("msg").asText(e.toString());
      parts.add(loc.isEmpty() ? msg : String.join(".", loc) + ": " + msg);
    }
    return JsonHttp.abbreviate(String.join("; ", parts));
  }
}
