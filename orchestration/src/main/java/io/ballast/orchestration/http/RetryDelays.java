package io.ballast.orchestration.http;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * How long an HTTP client waits before its next try: exponential backoff, or the server's
 * Retry-After; both capped. Shared by the Airflow and MLflow clients.
 */
public final class RetryDelays {
  private RetryDelays() {}

  /** {@code first * 2^(attempt-1)}, at most {@code max}. */
  public static Duration exponential(Duration first, Duration max, int attempt) {
    Duration d = first.multipliedBy(1L << Math.min(attempt - 1, 20));
    return d.compareTo(max) > 0 ? max : d;
  }

  /** Retry-After in seconds, at most {@code max}; empty for an HTTP date or no header. */
  public static Optional<Duration> retryAfter(HttpResponse<?> resp, Duration max) {
    return resp.headers()
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                Duration d = Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
                return Optional.of(d.compareTo(max) > 0 ? max : d);
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
