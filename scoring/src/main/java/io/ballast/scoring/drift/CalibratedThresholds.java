package io.ballast.scoring.drift;

import io.ballast.features.config.DriftCalibration;
import io.ballast.features.config.DriftSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Thresholds learned from the calibration days ({@code drift.calibration}): plain Java on the drift
 * rows those days produce, no Spark. Per (comparison, slice, slice value, feature, statistic), the
 * threshold of an effect size is the configured one or {@code margin} times the {@code quantile} of
 * the days' absolute values, whichever is larger; a p-value's is the configured one or the days'
 * {@code 1 - quantile} quantile divided by {@code margin}, whichever is smaller. A statistic with
 * fewer than {@link DriftCalibration#MIN_DAYS} days of values keeps the configured threshold.
 */
public final class CalibratedThresholds {

  /** What a threshold is learned for. */
  public record Key(
      String comparison, String slice, String sliceValue, String feature, String statistic) {}

  /**
   * @param threshold the one that decides: max(configured, margin x daily); for a p-value
   *     min(configured, daily / margin)
   * @param configured the definition's threshold
   * @param daily the quantile of the calibration days' absolute values (a p-value: the 1 - quantile
   *     quantile, its low tail)
   * @param days how many calibration days had a value
   */
  public record Entry(double threshold, double configured, double daily, int days, boolean pValue) {
    /** Whether calibration made the statistic harder to cross than configured. */
    public boolean raised() {
      return pValue ? threshold < configured : threshold > configured;
    }

    boolean crossed(double value) {
      return pValue ? value < threshold : Math.abs(value) > threshold;
    }
  }

  private final Map<Key, Entry> entries;
  private final DriftCalibration calibration;
  private final DriftCalibration.Window window;

  private CalibratedThresholds(
      Map<Key, Entry> entries, DriftCalibration calibration, DriftCalibration.Window window) {
    this.entries = entries;
    this.calibration = calibration;
    this.window = window;
  }

  /** No calibration: every row keeps the configured threshold. */
  public static CalibratedThresholds none() {
    return new CalibratedThresholds(Map.of(), null, null);
  }

  /**
   * Learns from {@code rows}, the drift rows of the calibration days computed with the configured
   * thresholds (their {@code threshold} column is the configured one).
   */
  public static CalibratedThresholds learn(
      List<DriftRow> rows,
      DriftSpec spec,
      DriftCalibration calibration,
      DriftCalibration.Window window) {
    Map<Key, List<Double>> values = new LinkedHashMap<>();
    Map<Key, Double> configured = new HashMap<>();
    for (DriftRow r : rows) {
      if (r.value() == null
          || r.threshold() == null
          || !spec.calibrates(r.feature(), r.statistic())) {
        continue;
      }
      Key k = new Key(r.comparison(), r.slice(), r.sliceValue(), r.feature(), r.statistic());
      values.computeIfAbsent(k, x -> new ArrayList<>()).add(Math.abs(r.value()));
      configured.put(k, r.threshold());
    }
    Map<Key, Entry> entries = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (v.size() >= DriftCalibration.MIN_DAYS) {
            double c = configured.get(k);
            if (DriftSpec.P_VALUES.contains(k.statistic())) {
              double daily = quantile(v, 1 - calibration.quantile());
              entries.put(
                  k,
                  new Entry(Math.min(c, daily / calibration.margin()), c, daily, v.size(), true));
            } else {
              double daily = quantile(v, calibration.quantile());
              entries.put(
                  k,
                  new Entry(Math.max(c, calibration.margin() * daily), c, daily, v.size(), false));
            }
          }
        });
    return new CalibratedThresholds(Map.copyOf(entries), calibration, window);
  }

  /**
   * The empirical quantile that no more than {@code 1 - q} of the values exceed: the value at rank
   * ceil(q n) of the sorted values (q = 1: the largest).
   */
  static double quantile(List<Double> values, double q) {
    double[] s = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(s);
    int rank = (int) Math.ceil(q * s.length - 1e-9);
    return s[Math.max(0, Math.min(s.length, rank) - 1)];
  }

  public Optional<Entry> get(Key k) {
    return Optional.ofNullable(entries.get(k));
  }

  /**
   * {@code d}, the decision with the configured threshold, decided again with the learned one when
   * the threshold decided it (a p-value left out by the sample-size rule keeps its reason and is
   * not decided); a raised threshold says so in {@code reason} (unless the row already has one).
   */
  DriftDecision apply(DriftDecision d, Key k, Double value) {
    Entry e = entries.get(k);
    if (e == null) {
      return d;
    }
    Boolean drifted = d.drifted();
    if (value != null && drifted != null && d.reason() == null) {
      drifted = e.crossed(value);
    }
    String reason = d.reason() != null || !e.raised() ? d.reason() : note(e);
    return new DriftDecision(e.threshold(), drifted, reason);
  }

  private String note(Entry e) {
    if (e.pValue()) {
      return String.format(
          Locale.ROOT,
          "threshold calibrated on %d days (%s): their %s quantile %.4g / %s, below the configured"
              + " %s",
          e.days(),
          window,
          trim(1 - calibration.quantile()),
          e.daily(),
          trim(calibration.margin()),
          trim(e.configured()));
    }
    return String.format(
        Locale.ROOT,
        "threshold calibrated on %d days (%s): %s x their %s quantile %.4g, above the configured"
            + " %s",
        e.days(),
        window,
        trim(calibration.margin()),
        trim(calibration.quantile()),
        e.daily(),
        trim(e.configured()));
  }

  private static String trim(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.4g", v).replaceAll("0+$", "");
  }

  /** How many times harder to cross than configured. */
  private static double factor(Entry e) {
    return e.pValue()
        ? e.configured() / Math.max(1e-300, e.threshold())
        : e.threshold() / Math.max(1e-12, e.configured());
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Whether {@code drift.calibration} was on for the run (even if it learned nothing). */
  public boolean isOn() {
    return calibration != null;
  }

  /**
   * For the printed summary, slice {@code all} of {@code comparison}: how many effect-size
   * thresholds were calibrated and raised, the {@code top} most raised ("origin_delay_rate_7d
   * js_distance 0.1 -> 0.72"), and how many p-value thresholds were lowered (they decide only on
   * small samples).
   */
  public String describe(String comparison, int top) {
    if (calibration == null) {
      return "";
    }
    List<Map.Entry<Key, Entry>> mine =
        entries.entrySet().stream()
            .filter(
                x ->
                    x.getKey().comparison().equals(comparison)
                        && x.getKey().slice().equals(BinnedCounts.ALL))
            .toList();
    if (mine.isEmpty()) {
      return String.format(
          Locale.ROOT,
          "thresholds not calibrated against %s: fewer than %d of the calibration days (%s) have"
              + " rows in this table; the configured thresholds decide",
          comparison,
          DriftCalibration.MIN_DAYS,
          window);
    }
    List<Map.Entry<Key, Entry>> effects =
        mine.stream().filter(x -> !x.getValue().pValue()).toList();
    List<Map.Entry<Key, Entry>> raised =
        effects.stream()
            .filter(x -> x.getValue().raised())
            .sorted(
                Comparator.comparingDouble((Map.Entry<Key, Entry> x) -> factor(x.getValue()))
                    .reversed())
            .toList();
    long lowered =
        mine.stream().filter(x -> x.getValue().pValue() && x.getValue().raised()).count();
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "thresholds calibrated on %s (%s x the %s quantile of each day's value): %d of %d"
                    + " effect sizes raised against %s",
                window,
                trim(calibration.margin()),
                trim(calibration.quantile()),
                raised.size(),
                effects.size(),
                comparison));
    for (Map.Entry<Key, Entry> x : raised.subList(0, Math.min(top, raised.size()))) {
      s.append(
          String.format(
              Locale.ROOT,
              "%s %s %s %s -> %s",
              x == raised.get(0) ? ":" : ",",
              x.getKey().feature(),
              x.getKey().statistic(),
              trim(x.getValue().configured()),
              trim(x.getValue().threshold())));
    }
    if (lowered > 0) {
      s.append(String.format(Locale.ROOT, "; %d p-value thresholds lowered", lowered));
    }
    return s.toString();
  }
}
