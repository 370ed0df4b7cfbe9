package io.ballast.orchestration.http;

import io.ballast.features.ArgumentErrors;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The total time one remote call may take, its retries and their pauses included: each try waits at
 * most what is left, and no retry starts that could not finish in time. Shared by the Airflow and
 * MLflow clients; set by {@code $BALLAST_REMOTE_TIMEOUT} (and {@code --remote-timeout} where a
 * command talks to Airflow), 60 s by default.
 */
public final class Deadline {
  public static final Duration DEFAULT = Duration.ofSeconds(60);
  public static final String ENV = "BALLAST_REMOTE_TIMEOUT";
  private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

  private final Timer timer;
  private final long end;

  public Deadline(Timer timer, Duration total) {
    this.timer = timer;
    this.end = timer.nanoTime() + total.toNanos();
  }

  public Duration left() {
    return Duration.ofNanos(Math.max(0, end - timer.nanoTime()));
  }

  /** Whether a pause of {@code d} still leaves time for another try. */
  public boolean allows(Duration pause) {
    return left().compareTo(pause.plusMillis(100)) > 0;
  }

  /** A try's timeout: {@code perTry}, or less when less is left (at least 1 ms). */
  public Duration tryTimeout(Duration perTry) {
    Duration left = left();
    Duration d = left.compareTo(perTry) < 0 ? left : perTry;
    return d.isZero() ? Duration.ofMillis(1) : d;
  }

  /** "60", "60s", "90 s", "2m" or "500ms"; {@code where} names the flag or variable for errors. */
  public static Duration parse(String text, String where) {
    Matcher m = TEXT.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw ArgumentErrors.badArgument(
          where, String.valueOf(text), "expected a time such as 60s, 2m or 500ms (more than 0)");
    }
    long v = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(v);
      case "m" -> Duration.ofMinutes(v);
      default -> Duration.ofSeconds(v);
    };
  }

  /** {@code flag} if given, else {@code $BALLAST_REMOTE_TIMEOUT}, else 60 s. */
  public static Duration chosen(String flag, UnaryOperator<String> env) {
    if (flag != null && !flag.isBlank()) {
      return parse(flag, "--remote-timeout");
    }
    String v = env.apply(ENV);
    return v == null || v.isBlank() ? DEFAULT : parse(v, "$" + ENV);
  }

  /** A failed try, for messages: a timeout says how long it waited. */
  public static String problem(java.io.IOException e, Duration perTry) {
    return e instanceof java.net.http.HttpTimeoutException
        ? "no answer within " + human(perTry)
        : "the connection failed (" + e.getClass().getSimpleName() + ")";
  }

  /** For messages: "12.5 s". */
  public static String human(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
