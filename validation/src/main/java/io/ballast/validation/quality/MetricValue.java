package io.ballast.validation.quality;

import java.util.Optional;

/**
 * A computed metric: its value, or why it has none (e.g. an empty partition has no completeness).
 */
public record MetricValue(Optional<Double> value, Optional<String> error) {
  public static MetricValue of(double v) {
    return new MetricValue(Optional.of(v), Optional.empty());
  }

  public static MetricValue failed(String why) {
    return new MetricValue(Optional.empty(), Optional.of(why));
  }
}
