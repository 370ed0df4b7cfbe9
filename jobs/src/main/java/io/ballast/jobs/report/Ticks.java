package io.ballast.jobs.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An axis on round numbers: ticks a "nice" step apart (1, 2, 2.5 or 5 x 10^k) covering the data,
 * the ends optionally held inside hard bounds (a share never runs past [0, 1]).
 *
 * @param min the axis' first tick
 * @param max the axis' last tick
 * @param step the distance between ticks
 */
record Ticks(double min, double max, double step) {
  private static final double[] NICE = {1, 2, 2.5, 5, 10};

  /**
   * The axis for data in [lo, hi] with at most {@code maxTicks} ticks, inside [floor, ceil] (NaN:
   * unbounded); {@code withZero} stretches it to 0 (counts, bars).
   */
  static Ticks of(double lo, double hi, int maxTicks, double floor, double ceil, boolean withZero) {
    if (Double.isNaN(lo) || Double.isNaN(hi)) {
      lo = Double.isNaN(floor) ? 0 : floor;
      hi = Double.isNaN(ceil) ? 1 : ceil;
    }
    if (withZero) {
      lo = Math.min(lo, 0);
      hi = Math.max(hi, 0);
    }
    if (hi - lo < 1e-12) {
      double pad = Math.abs(hi) < 1e-12 ? 1 : Math.abs(hi) * 0.1;
      lo -= pad;
      hi += pad;
    }
    if (!Double.isNaN(floor)) {
      lo = Math.max(lo, floor);
    }
    if (!Double.isNaN(ceil)) {
      hi = Math.min(hi, ceil);
    }
    if (hi - lo < 1e-12) { // the data sat on a bound: open towards the other side
      if (!Double.isNaN(ceil) && hi >= ceil) {
        lo = hi - Math.max(Math.abs(hi) * 0.1, 1e-3);
      } else {
        hi = lo + Math.max(Math.abs(lo) * 0.1, 1e-3);
      }
    }
    double step = niceStep((hi - lo) / Math.max(1, maxTicks - 1));
    double min = Math.floor(lo / step + 1e-9) * step;
    double max = Math.ceil(hi / step - 1e-9) * step;
    while ((max - min) / step + 1 > maxTicks + 1e-9) {
      step = niceStep(step * 1.01);
      min = Math.floor(lo / step + 1e-9) * step;
      max = Math.ceil(hi / step - 1e-9) * step;
    }
    if (!Double.isNaN(floor) && min < floor) {
      min = floor;
    }
    if (!Double.isNaN(ceil) && max > ceil) {
      max = ceil;
    }
    return new Ticks(min, max, step);
  }

  /** The smallest of 1, 2, 2.5, 5 x 10^k at least {@code raw}. */
  static double niceStep(double raw) {
    if (raw <= 0 || Double.isNaN(raw)) {
      return 1;
    }
    double exp = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double n : NICE) {
      if (n * exp >= raw * (1 - 1e-9)) {
        return n * exp;
      }
    }
    return 10 * exp;
  }

  /** The tick values, min to max; a bound that is off the step (e.g. 1.0 after 0.94) is kept. */
  List<Double> values() {
    List<Double> out = new ArrayList<>();
    long first = (long) Math.ceil(min / step - 1e-9);
    long last = (long) Math.floor(max / step + 1e-9);
    if (first * step - min > 1e-9 * step) {
      out.add(min);
    }
    for (long k = first; k <= last; k++) {
      out.add(round(k * step));
    }
    if (max - last * step > step * 1e-6) {
      out.add(max);
    }
    return out;
  }

  /** A tick's label with as many decimals as the step needs (0.25 -> "0.25", 2000 -> "2,000"). */
  String label(double v) {
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    if (Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6) {
      decimals++; // 2.5 x 10^k needs one more
    }
    if (Math.abs(v) >= 1e6) {
      return String.format(Locale.ROOT, "%.3g", v);
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  /** {@code v} to 12 significant digits: 0.95, not 0.9500000000000001. */
  private static double round(double v) {
    return v == 0 ? 0 : new BigDecimal(v).round(new MathContext(12)).doubleValue();
  }
}
