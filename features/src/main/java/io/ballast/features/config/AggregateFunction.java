package io.ballast.features.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The aggregates a trailing window supports. */
public enum AggregateFunction {
  COUNT,
  SUM,
  AVG,
  MIN,
  MAX,
  COUNT_DISTINCT;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<AggregateFunction> parse(String s) {
    return Arrays.stream(values()).filter(f -> f.key().equals(s)).findFirst();
  }

  static String known() {
    return Arrays.stream(values()).map(AggregateFunction::key).toList().toString();
  }
}
