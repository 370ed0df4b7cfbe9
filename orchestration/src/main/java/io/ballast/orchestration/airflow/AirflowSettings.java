package io.ballast.orchestration.airflow;

import io.ballast.orchestration.http.Deadline;
import io.ballast.orchestration.http.RetryingClient;
import java.net.URI;
import java.time.Duration;

/**
 * How to reach one Airflow.
 *
 * @param url the web server or API server root, e.g. {@code http://airflow:8080}
 * @param maxAttempts tries per request when the server answers 429 or 5xx or the connection fails
 * @param firstBackoff the pause after the first failed try; doubled after each further one
 * @param maxBackoff the longest pause, also the longest Retry-After honoured
 * @param pageSize the page size of paginated lists
 * @param deadline the total time of one call, its retries included ({@link Deadline})
 */
public record AirflowSettings(
    URI url,
    ApiVersion version,
    Credentials credentials,
    Duration requestTimeout,
    int maxAttempts,
    Duration firstBackoff,
    Duration maxBackoff,
    int pageSize,
    Duration deadline)
    implements RetryingClient.Policy {

  public static AirflowSettings of(URI url, ApiVersion version, Credentials credentials) {
    return new AirflowSettings(
        url,
        version,
        credentials,
        Duration.ofSeconds(30),
        5,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        100,
        Deadline.DEFAULT);
  }

  public AirflowSettings withRetries(int attempts, Duration first, Duration max) {
    return new AirflowSettings(
        url, version, credentials, requestTimeout, attempts, first, max, pageSize, deadline);
  }

  public AirflowSettings withPageSize(int size) {
    return new AirflowSettings(
        url,
        version,
        credentials,
        requestTimeout,
        maxAttempts,
        firstBackoff,
        maxBackoff,
        size,
        deadline);
  }

  public AirflowSettings withDeadline(Duration total) {
    return new AirflowSettings(
        url,
        version,
        credentials,
        requestTimeout,
        maxAttempts,
        firstBackoff,
        maxBackoff,
        pageSize,
        total);
  }

  public AirflowSettings withRequestTimeout(Duration perTry) {
    return new AirflowSettings(
        url,
        version,
        credentials,
        perTry,
        maxAttempts,
        firstBackoff,
        maxBackoff,
        pageSize,
        deadline);
  }

  public AirflowSettings withVersion(ApiVersion v) {
    return new AirflowSettings(
        url,
        v,
        credentials,
        requestTimeout,
        maxAttempts,
        firstBackoff,
        maxBackoff,
        pageSize,
        deadline);
  }

  /** The URL for messages: no user info, no query. */
  public String displayUrl() {
    return displayUrl(url);
  }

  /** A URL given by a user, for messages: user info dropped even when it does not parse. */
  public static String displayUrlOrRedacted(String url) {
    try {
      URI u = new URI(url.trim());
      if (u.getScheme() != null && u.getHost() != null) {
        return displayUrl(u);
      }
    } catch (java.net.URISyntaxException e) {
      // fall through
    }
    return url.replaceAll("//[^/@]*@", "//");
  }

  static String displayUrl(URI u) {
    String port = u.getPort() < 0 ? "" : ":" + u.getPort();
    String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
    return u.getScheme() + "://" + u.getHost() + port + path;
  }
}
