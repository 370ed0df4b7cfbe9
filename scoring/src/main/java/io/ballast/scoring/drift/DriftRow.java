package io.ballast.scoring.drift;

/**
 * One row of {@code ballast.drift}: a statistic of a feature in one partition and slice, against
 * the baseline or the previous partition. {@code value} is never NaN: when a statistic is undefined
 * it is null and {@code reason} says why.
 */
public record DriftRow(
    String table,
    String ds,
    String comparison,
    String slice,
    String sliceValue,
    String feature,
    String statistic,
    Double value,
    Double threshold,
    Boolean drifted,
    String reason) {}
