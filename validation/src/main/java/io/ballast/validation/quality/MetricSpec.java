package io.ballast.validation.quality;

import java.util.List;
import java.util.Optional;

/**
 * One metric a quality run computes, engine-free: what it measures, on which columns, and (for
 * compliance) with which row predicate. {@link DeequAdapter} turns each into a Deequ analyzer; all
 * of a run's specs are computed in one analysis.
 *
 * @param instance what the metric is about in metric history: the column(s), {@code *} for the
 *     table, or the check name for a compliance ratio
 */
public record MetricSpec(
    Kind kind, List<String> columns, String instance, Optional<String> predicate) {

  /** The metrics Ballast uses, each named as Deequ names it. */
  public enum Kind {
    SIZE("Size"),
    COMPLETENESS("Completeness"),
    UNIQUENESS("Uniqueness"),
    COMPLIANCE("Compliance"),
    MINIMUM("Minimum"),
    MAXIMUM("Maximum"),
    MEAN("Mean"),
    STDDEV("StandardDeviation"),
    APPROX_DISTINCT("ApproxCountDistinct");

    private final String metricName;

    Kind(String metricName) {
      this.metricName = metricName;
    }

    public String metricName() {
      return metricName;
    }
  }

  public static MetricSpec size() {
    return new MetricSpec(Kind.SIZE, List.of(), "*", Optional.empty());
  }

  public static MetricSpec of(Kind kind, String column) {
    return new MetricSpec(kind, List.of(column), column, Optional.empty());
  }

  public static MetricSpec uniqueness(List<String> columns) {
    return new MetricSpec(
        Kind.UNIQUENESS, List.copyOf(columns), String.join(",", columns), Optional.empty());
  }

  public static MetricSpec compliance(String name, String predicate, List<String> columns) {
    return new MetricSpec(Kind.COMPLIANCE, List.copyOf(columns), name, Optional.of(predicate));
  }

  public String metricName() {
    return kind.metricName();
  }

  /** Whether the metric needs a shuffle (a grouping by its columns) rather than the shared scan. */
  public boolean grouping() {
    return kind == Kind.UNIQUENESS;
  }

  @Override
  public String toString() {
    return metricName() + "(" + instance + ")";
  }
}
