package io.ballast.features.config;

import java.util.Optional;

/**
 * Checks that a Spark SQL expression parses. Kept behind an interface so definitions load without
 * Spark (the orchestration module) and are fully checked where Spark is present.
 */
@FunctionalInterface
public interface ExpressionParser {
  /** Returns the parse error, if any. */
  Optional<String> check(String expression);

  /** Accepts every expression: for callers without Spark on the class path. */
  ExpressionParser NONE = e -> Optional.empty();
}
