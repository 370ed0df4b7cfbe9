package io.ballast.orchestration.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.ballast.orchestration.http.JsonHttp;
import io.ballast.orchestration.http.RetryingClient;
import io.ballast.orchestration.http.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Airflow's HTTP transport: authentication (basic, or bearer tokens fetched and refreshed once
 * on 401), retries with exponential backoff on 429, 5xx and I/O errors only (honouring Retry-After;
 * {@link RetryingClient}), and errors made from the server's {@code detail}/{@code title}.
 * Credentials go only into the Authorization header and the token request body, never into URLs,
 * logs or messages.
 */
final class AirflowHttp {
  private static final Logger LOG = LoggerFactory.getLogger(AirflowHttp.class);
  static final ObjectMapper JSON = JsonHttp.JSON;

  /**
   * A response that was not retried: any 2xx, or a 4xx other than 401/403/429. {@code tries} is how
   * many requests it took (a 409 after a retried POST may be the earlier try's own success).
   */
  record Response(int status, JsonNode body, String detail, int tries)
      implements RetryingClient.Status {}

  private final AirflowSettings settings;
  private final String base;
  private final RetryingClient client;
  private volatile String token;

  AirflowHttp(AirflowSettings settings, HttpClient client, Timer timer) {
    this.settings = settings;
    this.base = AirflowSettings.displayUrl(settings.url());
    this.token = settings.credentials().token().orElse(null);
    this.client =
        new RetryingClient(
            "Airflow",
            base,
            LOG,
            client,
            timer,
            settings,
            body -> "(" + detail(body) + ")",
            (action, tries, problem, stopped, cause) ->
                AirflowErrors.airflowUnavailable(action, base, tries, problem + stopped, cause));
  }

  String displayUrl() {
    return base;
  }

  /** A path segment, percent-encoded (run ids hold ':' and '+'). */
  static String segment(String s) {
    return JsonHttp.encode(s);
  }

  /** Sends a request to the versioned API and returns the response if it is 2xx. */
  JsonNode call(
      String action, String method, String path, Map<String, String> query, JsonNode body) {
    Response r = send(action, method, settings.version().prefix() + path, query, body, true);
    if (!r.ok()) {
      throw AirflowErrors.airflowRefused(action, base, r.status(), r.detail());
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
    URI uri = URI.create(base + path + JsonHttp.queryString(query.entrySet()));
    boolean[] refreshed = {false};
    RetryingClient.Answer a =
        client.send(
            action,
            perTry ->
                JsonHttp.request(
                    method, uri, body, perTry, authenticate ? authorization() : Optional.empty()),
            (status, text) -> {
              if ((status == 401 || status == 403) && authenticate) {
                if (status == 401 && canRefresh() && !refreshed[0]) {
                  LOG.info("Airflow refused the access token (HTTP 401); fetching a new one");
                  token = null;
                  refreshed[0] = true;
                  return true;
                }
                throw AirflowErrors.airflowUnauthorized(action, base, status);
              }
              return false;
            });
    JsonNode parsed =
        a.ok()
            ? JsonHttp.body(
                a.body(),
                NullNode.instance,
                problem -> AirflowErrors.airflowBadResponse(action, base, problem))
            : NullNode.instance;
    return new Response(a.status(), parsed, detail(a.body()), a.tries());
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
      throw AirflowErrors.airflowUnauthorized(action, base, r.status());
    }
    if (!r.ok()) {
      throw AirflowErrors.airflowRefused(action, base, r.status(), r.detail());
    }
    JsonNode t = r.body().get("access_token");
    if (t == null || !t.isTextual()) {
      throw AirflowErrors.airflowBadResponse(action, base, "no access_token in the response");
    }
    return t.asText();
  }

  /** The server's explanation: problem+json detail/title, FastAPI's detail (text or list). */
  static String detail(String text) {
    if (text == null || text.isBlank()) {
      return "no detail";
    }
    Optional<JsonNode> tree = JsonHttp.tree(text);
    if (tree.isEmpty()) {
      return JsonHttp.abbreviate(text);
    }
    JsonNode n = tree.get();
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
    return d.isMissingNode() ? JsonHttp.abbreviate(text) : d.toString();
  }
}
