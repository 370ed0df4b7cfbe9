package io.ballast.validation.quality;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Earlier partitions' metric values of one table, keyed by metric and instance, by partition day.
 * Loaded once per run from {@code quality_metrics}, then extended with each partition the run
 * computes, so a range run sees its own earlier days.
 */
public final class MetricHistory {
  private final Map<String, TreeMap<LocalDate, Double>> series = new HashMap<>();

  private static String key(String metric, String instance) {
    return metric + "|" + instance;
  }

  public void put(String metric, String instance, LocalDate day, double value) {
    series.computeIfAbsent(key(metric, instance), k -> new TreeMap<>()).put(day, value);
  }

  public void put(MetricSpec spec, LocalDate day, double value) {
    put(spec.metricName(), spec.instance(), day, value);
  }

  /** Values of the {@code days} partitions before {@code day}, keyed by epoch day, oldest first. */
  public SortedMap<Long, Double> before(MetricSpec spec, LocalDate day, int days) {
    TreeMap<Long, Double> out = new TreeMap<>();
    TreeMap<LocalDate, Double> s = series.get(key(spec.metricName(), spec.instance()));
    if (s != null) {
      s.subMap(day.minusDays(days), true, day, false).forEach((d, v) -> out.put(d.toEpochDay(), v));
    }
    return out;
  }
}
