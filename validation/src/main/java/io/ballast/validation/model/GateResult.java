package io.ballast.validation.model;

/**
 * One gate's outcome.
 *
 * @param gate min, max, max_slice_gap, fairness or champion
 * @param value the measured value (null when undefined or the gate was skipped)
 * @param bound the bound it was held to
 * @param detail why, in words (e.g. the worst and best slice values, the confidence interval)
 */
public record GateResult(
    String gate,
    String metric,
    String slice,
    Double value,
    Double bound,
    boolean passed,
    String detail) {

  /** "min roc_auc: 0.5812 < 0.6 (FAILED)" style, for reports. */
  public String describe() {
    return gate
        + " "
        + metric
        + (slice.equals(SliceMetrics.ALL) ? "" : " [" + slice + "]")
        + ": "
        + (value == null ? "undefined" : fmt(value))
        + (bound == null ? "" : " bound " + fmt(bound))
        + " -> "
        + (passed ? "passed" : "FAILED")
        + (detail.isEmpty() ? "" : " (" + detail + ")");
  }

  static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }
}
