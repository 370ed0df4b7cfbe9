package io.ballast.jobs.tracking;

import io.ballast.orchestration.http.Deadline;
import io.ballast.orchestration.http.RetryingClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the MLflow server is and how to reach it. The Authorization header is built from {@code
 * MLFLOW_TRACKING_USERNAME}/{@code PASSWORD} (Basic) or {@code MLFLOW_TRACKING_TOKEN} (Bearer) and
 * never printed: {@link #toString} shows only the URL and the kind of credentials.
 */
public record MlflowSettings(
    URI url,
    Optional<String> authorization,
    int maxAttempts,
    Duration firstBackoff,
    Duration maxBackoff,
    Duration requestTimeout,
    Duration readyTimeout,
    Duration deadline)
    implements RetryingClient.Policy {

  public static MlflowSettings of(String uri, Map<String, String> env) {
    return of(uri, env, null);
  }

  /** As above, with a {@code --remote-timeout} value (null: $BALLAST_REMOTE_TIMEOUT or 60 s). */
  public static MlflowSettings of(String uri, Map<String, String> env, String remoteTimeout) {
    String u = uri.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    String lower = u.toLowerCase(Locale.ROOT);
    URI parsed;
    try {
      parsed = URI.create(u);
    } catch (IllegalArgumentException e) {
      throw TrackingErrors.badTrackingUri(uri);
    }
    if (!(lower.startsWith("http://") || lower.startsWith("https://"))
        || parsed.getHost() == null
        || parsed.getUserInfo() != null) {
      throw TrackingErrors.badTrackingUri(parsed.getUserInfo() == null ? uri : "(with user info)");
    }
    Optional<String> auth = Optional.empty();
    String user = env.get("MLFLOW_TRACKING_USERNAME");
    String password = env.get("MLFLOW_TRACKING_PASSWORD");
    String token = env.get("MLFLOW_TRACKING_TOKEN");
    if (user != null && !user.isEmpty() && password != null) {
      String pair = user + ":" + password;
      auth =
          Optional.of(
              "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    } else if (token != null && !token.isEmpty()) {
      auth = Optional.of("Bearer " + token);
    }
    return new MlflowSettings(
        parsed,
        auth,
        4,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Deadline.chosen(remoteTimeout, env::get));
  }

  public MlflowSettings withRetries(int attempts, Duration first, Duration max) {
    return new MlflowSettings(
        url, authorization, attempts, first, max, requestTimeout, readyTimeout, deadline);
  }

  public MlflowSettings withDeadline(Duration total, Duration perTry) {
    return new MlflowSettings(
        url, authorization, maxAttempts, firstBackoff, maxBackoff, perTry, readyTimeout, total);
  }

  @Override
  public String toString() {
    return "MlflowSettings[url="
        + url
        + ", credentials="
        + authorization.map(a -> a.substring(0, a.indexOf(' '))).orElse("none")
        + "]";
  }
}
