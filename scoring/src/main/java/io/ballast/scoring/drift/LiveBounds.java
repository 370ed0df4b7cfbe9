package io.ballast.scoring.drift;

import io.ballast.features.config.MonitoringSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a scored day's live metrics cross the definition's {@code monitoring.live} bounds, plain
 * Java on small values. A metric at or below its {@code min}, or at or above its {@code max}, is a
 * breach: the bound is the value that triggers (a min of 0.65 fires when AUC falls to 0.65, not
 * while it stays above). A bounded metric the day could not measure (e.g. no AUC without a
 * positive) is no breach but is named by {@link #unmeasured}.
 */
public final class LiveBounds {
  private LiveBounds() {}

  /**
   * One crossed bound.
   *
   * @param kind {@code min} or {@code max}
   */
  public record Breach(String ds, String metric, double value, String kind, double bound) {
    public String text() {
      return String.format(
          Locale.ROOT,
          "%s %s = %.4f, %s %s",
          ds,
          metric,
          value,
          kind.equals("min") ? "at or below its min" : "at or above its max",
          bound);
    }
  }

  /** Every bound {@code live} crosses on {@code ds}, min bounds first, in the section's order. */
  public static List<Breach> check(String ds, Map<String, Double> live, MonitoringSpec spec) {
    List<Breach> out = new ArrayList<>();
    spec.min()
        .forEach(
            (m, bound) -> {
              Double v = live.get(m);
              if (v != null && v <= bound) {
                out.add(new Breach(ds, m, v, "min", bound));
              }
            });
    spec.max()
        .forEach(
            (m, bound) -> {
              Double v = live.get(m);
              if (v != null && v >= bound) {
                out.add(new Breach(ds, m, v, "max", bound));
              }
            });
    return out;
  }

  /** The bounded metrics {@code live} has no value for. */
  public static List<String> unmeasured(Map<String, Double> live, MonitoringSpec spec) {
    List<String> out = new ArrayList<>();
    spec.min().keySet().stream().filter(m -> !live.containsKey(m)).forEach(out::add);
    spec.max().keySet().stream()
        .filter(m -> !live.containsKey(m) && !out.contains(m))
        .forEach(out::add);
    return out;
  }
}
