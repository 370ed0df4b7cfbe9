package io.ballast.features.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Anomaly detection on one metric's history (one value per partition), with one of Deequ's
 * strategies.
 *
 * @param metric what is watched: size, completeness, mean, minimum, maximum, stddev,
 *     approx_distinct
 * @param column the column of a column metric (empty for {@code size})
 * @param params the strategy's settings by their definition keys (e.g. max_rate_increase)
 * @param historyDays how many earlier partitions form the history
 */
public record AnomalyRule(
    String metric,
    Optional<String> column,
    Strategy strategy,
    Map<String, Double> params,
    int historyDays,
    Severity severity) {

  public static final Set<String> METRICS =
      Set.of("size", "completeness", "mean", "minimum", "maximum", "stddev", "approx_distinct");

  /** The instance name in metric history: the column, or {@code *} for table metrics. */
  public String instance() {
    return column.orElse("*");
  }

  /** Deequ's anomaly strategies, each with the keys it accepts. */
  public enum Strategy {
    RELATIVE_RATE_OF_CHANGE(Set.of("max_rate_increase", "max_rate_decrease")),
    ABSOLUTE_CHANGE(Set.of("max_increase", "max_decrease")),
    SIMPLE_THRESHOLD(Set.of("lower_bound", "upper_bound")),
    ONLINE_NORMAL(Set.of("lower_deviation_factor", "upper_deviation_factor")),
    BATCH_NORMAL(Set.of("lower_deviation_factor", "upper_deviation_factor"));

    private final Set<String> keys;

    Strategy(Set<String> keys) {
      this.keys = keys;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public Set<String> keys() {
      return keys;
    }

    /**
     * How many earlier partitions the strategy needs before it judges one: none for a threshold,
     * one for a change, 7 for {@code online_normal} (a one-step-ahead z-score), 3 for {@code
     * batch_normal}.
     */
    public int historyNeeded() {
      return switch (this) {
        case SIMPLE_THRESHOLD -> 0;
        case ABSOLUTE_CHANGE, RELATIVE_RATE_OF_CHANGE -> 1;
        case ONLINE_NORMAL -> 7;
        case BATCH_NORMAL -> 3;
      };
    }

    static Optional<Strategy> parse(String s) {
      return Arrays.stream(values()).filter(t -> t.key().equals(s)).findFirst();
    }

    static String known() {
      return Arrays.stream(values()).map(Strategy::key).toList().toString();
    }
  }
}
