package io.ballast.orchestration.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * One remote service's HTTP transport: each call gets a {@link Deadline}, each try waits at most
 * what is left of it, and 429, 5xx and I/O errors are retried with exponential backoff (or the
 * server's Retry-After, both capped) until the tries or the deadline run out. Every other status is
 * handed back. What the service knows itself (its URLs, how its error bodies name the reason, its
 * messages) comes in as functions.
 */
public final class RetryingClient {

  /**
   * How hard to try: tries per call, the first pause (doubled after each further failed try), the
   * longest pause (also the longest Retry-After honoured), the longest try and the total time of a
   * call. The services' settings records implement it with their components.
   */
  public interface Policy {
    int maxAttempts();

    Duration firstBackoff();

    Duration maxBackoff();

    Duration requestTimeout();

    Duration deadline();
  }

  /**
   * The service's user error when retrying stops: {@code problem} is the last try's, {@code
   * stopped} is "" or why the deadline and not the tries ended it, {@code cause} the last I/O error
   * or null.
   */
  @FunctionalInterface
  public interface Unavailable {
    RuntimeException error(
        String action, int tries, String problem, String stopped, IOException cause);
  }

  /**
   * Looks at an answer before the retry policy: throws the service's user error (a refusal of the
   * credentials, say), or returns true to send again at once, not counted as a try (after fetching
   * a new token).
   */
  @FunctionalInterface
  public interface Screen {
    boolean resend(int status, String body);
  }

  /** An answer that was not retried; {@code tries} is how many requests it took. */
  public record Answer(int status, String body, int tries) implements Status {}

  /** An HTTP status; 2xx is ok. */
  public interface Status {
    int status();

    default boolean ok() {
      return status() / 100 == 2;
    }
  }

  private final String name;
  private final String url;
  private final Logger log;
  private final HttpClient client;
  private final Timer timer;
  private final Policy policy;
  private final Function<String, String> reason;
  private final Unavailable unavailable;

  /**
   * @param name the service in logs, e.g. "MLflow"
   * @param url its address in logs (no credentials)
   * @param log where retries are logged
   * @param reason the reason in a retried answer's body, for the problem after "HTTP 503 "
   */
  public RetryingClient(
      String name,
      String url,
      Logger log,
      HttpClient client,
      Timer timer,
      Policy policy,
      Function<String, String> reason,
      Unavailable unavailable) {
    this.name = name;
    this.url = url;
    this.log = log;
    this.client = client;
    this.timer = timer;
    this.policy = policy;
    this.reason = reason;
    this.unavailable = unavailable;
  }

  public Timer timer() {
    return timer;
  }

  /**
   * Sends the request made for each try (given its timeout) until an answer is neither retried nor
   * resent, and returns it; throws {@link Unavailable} when the tries or the deadline run out. A
   * retried non-idempotent request may have reached the server: callers read {@link Answer#tries}.
   */
  public Answer send(String action, Function<Duration, HttpRequest> request, Screen screen) {
    Deadline deadline = new Deadline(timer, policy.deadline());
    for (int attempt = 1; ; attempt++) {
      Duration perTry = deadline.tryTimeout(policy.requestTimeout());
      HttpResponse<String> resp = null;
      IOException failure = null;
      try {
        resp = client.send(request.apply(perTry), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while calling " + name, e);
      }
      String problem;
      Duration wait;
      if (resp == null) {
        problem = Deadline.problem(failure, perTry);
        wait = backoff(attempt);
      } else {
        int status = resp.statusCode();
        if (screen.resend(status, resp.body())) {
          attempt--; // a resend is not a retry
          continue;
        }
        if (status != 429 && status < 500) {
          return new Answer(status, resp.body(), attempt);
        }
        problem = "HTTP " + status + " " + reason.apply(resp.body());
        wait = RetryDelays.retryAfter(resp, policy.maxBackoff()).orElse(backoff(attempt));
      }
      if (attempt >= policy.maxAttempts() || !deadline.allows(wait)) {
        throw unavailable.error(action, attempt, problem, stopped(attempt), failure);
      }
      pause(action, attempt, problem, wait, deadline);
    }
  }

  /** Why the retries stopped, when the remote timeout and not the tries ran out. */
  private String stopped(int attempt) {
    return attempt >= policy.maxAttempts()
        ? ""
        : " (the remote timeout of "
            + Deadline.human(policy.deadline())
            + " is up; raise it with --remote-timeout or $"
            + Deadline.ENV
            + ")";
  }

  /** Logs why and waits {@code d} before try {@code attempt + 1} of {@code action}. */
  public void pause(String action, int attempt, String problem, Duration d, Deadline deadline) {
    log.warn(
        "{} at {}: {} (try {} of {} to {}); retrying in {} ms, {} left of the remote timeout",
        name,
        url,
        problem,
        attempt,
        policy.maxAttempts(),
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

  private Duration backoff(int attempt) {
    return RetryDelays.exponential(policy.firstBackoff(), policy.maxBackoff(), attempt);
  }
}
