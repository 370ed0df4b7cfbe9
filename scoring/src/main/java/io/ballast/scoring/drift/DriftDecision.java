package io.ballast.scoring.drift;

import io.ballast.features.config.DriftSpec;
import java.util.Locale;

/**
 * The verdict on one statistic of one feature in one comparison: plain Java on small values, no
 * Spark. A p-value decides only where samples are small: the effective sample size R T / (R + T)
 * within {@code drift.pvalue_max_rows} (Evidently's cut of 1,000). With more rows it rejects any
 * tiny difference, so the row keeps its value and threshold, is not drifted, and says why; effect
 * sizes decide at every size.
 *
 * @param threshold null when the statistic has none (or never flags this kind of feature)
 * @param drifted null when the value is undefined or there is no threshold
 * @param reason why the value is undefined or did not decide; null otherwise
 */
public record DriftDecision(Double threshold, Boolean drifted, String reason) {

  /**
   * Decides {@code statistic} of {@code feature}.
   *
   * @param value null when undefined, {@code reason} then says why
   * @param referenceRows non-null rows of the reference (baseline or previous day)
   * @param targetRows non-null rows of the partition
   */
  public static DriftDecision of(
      DriftSpec spec,
      boolean numeric,
      String feature,
      String statistic,
      Double value,
      String reason,
      long referenceRows,
      long targetRows) {
    boolean flags = !(numeric && DriftSpec.FLAG_CATEGORICAL_ONLY.contains(statistic));
    Double threshold = flags ? spec.threshold(feature, statistic).orElse(null) : null;
    if (value == null || threshold == null) {
      return new DriftDecision(threshold, null, reason);
    }
    if (!spec.decides(feature, statistic, referenceRows, targetRows)) {
      return new DriftDecision(
          threshold,
          false,
          String.format(
              Locale.ROOT,
              "p-value not used for the decision: effective sample size %,.1f (R T / (R + T) of"
                  + " %,d reference and %,d partition rows) exceeds drift.pvalue_max_rows %,d;"
                  + " effect sizes decide (an explicit feature_thresholds entry or"
                  + " pvalue_max_rows: off makes it decide)",
              DriftSpec.effectiveRows(referenceRows, targetRows),
              referenceRows,
              targetRows,
              spec.pvalueMaxRows().getAsLong()));
    }
    return new DriftDecision(
        threshold, spec.drifted(feature, statistic, value).orElse(null), reason);
  }
}
