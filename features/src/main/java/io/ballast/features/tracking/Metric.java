package io.ballast.features.tracking;

/** One metric value of a run; {@code step} orders repeated values (e.g. search candidates). */
public record Metric(String key, double value, long step, long timestampMillis) {}
