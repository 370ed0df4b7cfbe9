package io.ballast.validation.quality;

import io.ballast.features.config.AnomalyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Anomaly strategies on one metric's history, in plain Java: each tests a new value against the
 * values BEFORE it (oldest first), never against a history that already contains it.
 *
 * <ul>
 *   <li>{@code simple_threshold}: outside [lower_bound, upper_bound]; needs no history.
 *   <li>{@code absolute_change}: x(t) - x(t-1) outside [-max_decrease, max_increase] (Deequ's
 *       AbsoluteChangeStrategy, order 1).
 *   <li>{@code relative_rate_of_change}: x(t) / x(t-1) outside [max_rate_decrease,
 *       max_rate_increase] (Deequ's RelativeRateOfChangeStrategy, order 1).
 *   <li>{@code online_normal}: one-step-ahead z-score: x(t) outside mean -+ factor * std of the
 *       earlier values, walking the history in order and leaving out earlier values that were
 *       themselves anomalies; needs {@link #MIN_NORMAL_HISTORY} earlier values. Deequ's
 *       OnlineNormalStrategy adds x(t) to the running mean and std before testing it, so with n
 *       values its largest possible z is (n - 1) / sqrt(n): a 3-sigma rule cannot fire on fewer
 *       than 11 values, however far x(t) is.
 * </ul>
 *
 * {@code batch_normal} is not here: Deequ's BatchNormalStrategy already tests against the history
 * only ({@link DeequAdapter#anomaly}).
 */
public final class AnomalyStrategies {
  /** Earlier values {@code online_normal} needs before it tests a value. */
  public static final int MIN_NORMAL_HISTORY = AnomalyRule.Strategy.ONLINE_NORMAL.historyNeeded();

  private AnomalyStrategies() {}

  /** Whether this class judges the rule's strategy. */
  public static boolean handles(AnomalyRule.Strategy s) {
    return s != AnomalyRule.Strategy.BATCH_NORMAL;
  }

  /** How many earlier values the strategy needs before it can judge a value. */
  public static int historyNeeded(AnomalyRule.Strategy s) {
    return s.historyNeeded();
  }

  /**
   * The anomaly's detail when {@code value} is anomalous after {@code history} (oldest first), else
   * empty. The caller checks {@link #historyNeeded} first.
   */
  public static Optional<String> anomaly(AnomalyRule rule, List<Double> history, double value) {
    Map<String, Double> p = rule.params();
    return switch (rule.strategy()) {
      case SIMPLE_THRESHOLD ->
          outside(
              "value",
              value,
              p.getOrDefault("lower_bound", Double.NEGATIVE_INFINITY),
              p.getOrDefault("upper_bound", Double.POSITIVE_INFINITY));
      case ABSOLUTE_CHANGE ->
          outside(
              "change",
              value - last(history),
              -p.getOrDefault("max_decrease", Double.POSITIVE_INFINITY),
              p.getOrDefault("max_increase", Double.POSITIVE_INFINITY));
      case RELATIVE_RATE_OF_CHANGE ->
          outside(
              "rate of change",
              value / last(history),
              p.getOrDefault("max_rate_decrease", Double.NEGATIVE_INFINITY),
              p.getOrDefault("max_rate_increase", Double.POSITIVE_INFINITY));
      case ONLINE_NORMAL ->
          online(
              history,
              value,
              p.getOrDefault("lower_deviation_factor", 3.0),
              p.getOrDefault("upper_deviation_factor", 3.0));
      case BATCH_NORMAL ->
          throw new IllegalStateException("batch_normal is judged by DeequAdapter.anomaly");
    };
  }

  /**
   * Per value of {@code series}, whether it is an anomaly against the values before it (false for
   * the values the strategy cannot judge yet).
   */
  public static boolean[] detect(AnomalyRule rule, List<Double> series) {
    boolean[] out = new boolean[series.size()];
    int needed = historyNeeded(rule.strategy());
    for (int i = needed; i < series.size(); i++) {
      out[i] = anomaly(rule, series.subList(0, i), series.get(i)).isPresent();
    }
    return out;
  }

  private static double last(List<Double> history) {
    if (history.isEmpty()) {
      throw new IllegalStateException("a change strategy needs one earlier value");
    }
    return history.get(history.size() - 1);
  }

  private static Optional<String> outside(String what, double v, double lower, double upper) {
    // NaN (0 / 0: no change from zero) is inside, as in Deequ
    if (v < lower || v > upper) {
      return Optional.of(
          String.format("%s %s is not in bounds [%s, %s]", what, num(v), num(lower), num(upper)));
    }
    return Optional.empty();
  }

  /** The earlier values that are not anomalies themselves (each judged against those before). */
  static List<Double> normalHistory(List<Double> history, double lower, double upper) {
    List<Double> kept = new ArrayList<>();
    for (double x : history) {
      if (kept.size() < MIN_NORMAL_HISTORY || zTest(kept, x, lower, upper).isEmpty()) {
        kept.add(x);
      }
    }
    return kept;
  }

  private static Optional<String> online(
      List<Double> history, double value, double lower, double upper) {
    List<Double> kept = normalHistory(history, lower, upper);
    if (kept.size() < MIN_NORMAL_HISTORY) {
      throw new IllegalStateException(
          "online_normal needs " + MIN_NORMAL_HISTORY + " earlier values, got " + kept.size());
    }
    return zTest(kept, value, lower, upper);
  }

  private static Optional<String> zTest(
      List<Double> earlier, double value, double lower, double upper) {
    double total = 0;
    for (double x : earlier) {
      total += x;
    }
    double mean = total / earlier.size();
    double ss = 0;
    for (double x : earlier) {
      ss += (x - mean) * (x - mean);
    }
    double std = earlier.size() < 2 ? 0 : Math.sqrt(ss / (earlier.size() - 1));
    Optional<String> out = outside("value", value, mean - lower * std, mean + upper * std);
    return out.map(
        d ->
            d
                + String.format(
                    " (mean %s, std %s of %d earlier values)",
                    num(mean), num(std), earlier.size()));
  }

  private static String num(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return String.format("%.6g", v);
  }
}
