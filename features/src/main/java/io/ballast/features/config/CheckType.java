package io.ballast.features.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The data-quality checks a table can declare, each with the keys it accepts and its default
 * severity. History-based checks default to {@link Severity#WARNING}; every other check is a gate
 * ({@link Severity#ERROR}) unless declared otherwise.
 */
public enum CheckType {
  COMPLETENESS(Set.of("column", "min"), Severity.ERROR),
  UNIQUE(Set.of("column", "columns"), Severity.ERROR),
  RANGE(Set.of("column", "min", "max", "min_ratio"), Severity.ERROR),
  ALLOWED_VALUES(Set.of("column", "values", "min_ratio"), Severity.ERROR),
  PATTERN(Set.of("column", "regex", "min_ratio"), Severity.ERROR),
  NON_NEGATIVE(Set.of("column", "min_ratio"), Severity.ERROR),
  ROW_COUNT(Set.of("min", "max"), Severity.ERROR),
  FRESHNESS(Set.of("column", "max_lag"), Severity.ERROR),
  SQL(Set.of("predicate", "min_ratio"), Severity.ERROR),
  ROW_COUNT_VS_HISTORY(Set.of("days", "max_change"), Severity.WARNING);

  /** Keys every check accepts. */
  static final Set<String> COMMON_KEYS = Set.of("type", "name", "severity");

  private final Set<String> keys;
  private final Severity defaultSeverity;

  CheckType(Set<String> keys, Severity defaultSeverity) {
    this.keys = keys;
    this.defaultSeverity = defaultSeverity;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }

  Set<String> keys() {
    return keys;
  }

  /** Whether each row passes or fails it on its own (so failing rows can be quarantined). */
  public boolean rowLevel() {
    return switch (this) {
      case COMPLETENESS, UNIQUE, RANGE, ALLOWED_VALUES, PATTERN, NON_NEGATIVE, SQL -> true;
      case ROW_COUNT, FRESHNESS, ROW_COUNT_VS_HISTORY -> false;
    };
  }

  static Optional<CheckType> parse(String s) {
    return Arrays.stream(values()).filter(t -> t.key().equals(s)).findFirst();
  }

  static String known() {
    return Arrays.stream(values()).map(CheckType::key).toList().toString();
  }
}
