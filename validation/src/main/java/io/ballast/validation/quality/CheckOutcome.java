package io.ballast.validation.quality;

import io.ballast.features.config.Severity;
import java.util.Optional;

/**
 * One check (or anomaly rule) on one partition: the constraint as text, its outcome and the metric
 * value it was judged on.
 */
public record CheckOutcome(
    String partition,
    String checkName,
    String checkType,
    String constraint,
    Severity severity,
    Status status,
    String message,
    Optional<Double> value) {

  public enum Status {
    PASSED,
    FAILED,
    SKIPPED;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Whether this outcome fails the gate: a failed check of severity error. */
  public boolean gateFailure() {
    return status == Status.FAILED && severity == Severity.ERROR;
  }
}
