package io.ballast.scoring.drift;

/**
 * One row of {@code ballast.drift_summary}: in one partition, comparison and slice, how many
 * features were compared and how many drifted (any statistic over its threshold).
 *
 * @param driftedShare null when no feature could be compared (an empty partition)
 */
public record DriftSummary(
    String table,
    String ds,
    String comparison,
    String slice,
    String sliceValue,
    int features,
    int driftedFeatures,
    Double driftedShare,
    double bound,
    boolean drifted) {}
