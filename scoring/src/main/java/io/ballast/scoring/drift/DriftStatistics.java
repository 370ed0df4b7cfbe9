package io.ballast.scoring.drift;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Distances between two binned distributions over the same bins: plain Java on small arrays, no
 * Spark. Counts are per bin; the caller passes the same bins for both sides.
 *
 * <p>Smoothing: PSI and chi-square need every bin non-empty. Empty bins get {@link #EPSILON} (a
 * share of 1e-4, as Evidently does) and the shares are renormalised to sum to 1. JS distance,
 * L-infinity, KS and Wasserstein are defined with empty bins and use the raw shares.
 */
public final class DriftStatistics {
  /** The share given to an empty bin before renormalising (PSI, chi-square). */
  public static final double EPSILON = 1e-4;

  private DriftStatistics() {}

  /** Counts to shares; all zeros when the total is 0. */
  public static double[] shares(long[] counts) {
    double total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] p = new double[counts.length];
    for (int i = 0; i < p.length && total > 0; i++) {
      p[i] = counts[i] / total;
    }
    return p;
  }

  /** Shares with every empty bin set to {@link #EPSILON}, renormalised to sum to 1. */
  public static double[] smoothed(long[] counts) {
    double[] p = shares(counts);
    double total = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] == 0) {
        p[i] = EPSILON;
      }
      total += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= total;
    }
    return p;
  }

  /** Population stability index: sum (t - b) ln(t / b) over smoothed shares; 0 when equal. */
  public static double psi(long[] baseline, long[] target) {
    double[] b = smoothed(baseline);
    double[] t = smoothed(target);
    double s = 0;
    for (int i = 0; i < b.length; i++) {
      s += (t[i] - b[i]) * Math.log(t[i] / b[i]);
    }
    return clean(s);
  }

  /**
   * Jensen-Shannon distance with log base 2 (0 = identical, 1 = disjoint): the square root of the
   * JS divergence, as scipy's {@code jensenshannon(p, q, base=2)}.
   */
  public static double jsDistance(long[] baseline, long[] target) {
    double[] p = shares(baseline);
    double[] q = shares(target);
    double d = 0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      if (p[i] > 0) {
        d += p[i] * Math.log(p[i] / m);
      }
      if (q[i] > 0) {
        d += q[i] * Math.log(q[i] / m);
      }
    }
    d = d / 2 / Math.log(2);
    return clean(Math.sqrt(Math.max(0, d)));
  }

  /** The largest absolute difference between the shares of one bin (categorical). */
  public static double linf(long[] baseline, long[] target) {
    double[] p = shares(baseline);
    double[] q = shares(target);
    double m = 0;
    for (int i = 0; i < p.length; i++) {
      m = Math.max(m, Math.abs(p[i] - q[i]));
    }
    return m;
  }

  /**
   * Two-sample Kolmogorov-Smirnov statistic on ordered bins: the largest difference between the two
   * cumulative shares at a bin boundary (exact for the binned values).
   */
  public static double ksStatistic(long[] baseline, long[] target) {
    double[] p = shares(baseline);
    double[] q = shares(target);
    double cp = 0;
    double cq = 0;
    double d = 0;
    for (int i = 0; i < p.length; i++) {
      cp += p[i];
      cq += q[i];
      d = Math.max(d, Math.abs(cp - cq));
    }
    return Math.min(1.0, d);
  }

  /**
   * The asymptotic two-sided p-value of a KS statistic for samples of n and m values: Kolmogorov's
   * limiting distribution at d * sqrt(n m / (n + m)) (scipy's {@code kstwobign.sf}).
   */
  public static double ksPValue(double d, long n, long m) {
    if (d <= 0) {
      return 1.0;
    }
    double en = Math.sqrt((double) n * m / ((double) n + m));
    double x = d * en;
    // commons-math's approximateP(d, n, m) is 1 - ksSum(x) with int sizes; the series itself
    // takes any size.
    double p = 1.0 - new KolmogorovSmirnovTest().ksSum(x, 1e-20, 100_000);
    return clamp01(clean(p));
  }

  /**
   * 1-Wasserstein distance between two weighted point sets: each bin is a point (its values' mean)
   * carrying the bin's share. Equal to scipy's {@code wasserstein_distance(u, v, u_w, v_w)}.
   */
  public static double wasserstein(
      double[] uValues, long[] uCounts, double[] vValues, long[] vCounts) {
    double[] uw = shares(uCounts);
    double[] vw = shares(vCounts);
    int n = uValues.length + vValues.length;
    double[] xs = new double[n];
    double[] du = new double[n];
    double[] dv = new double[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < uValues.length; i++) {
      xs[i] = uValues[i];
      du[i] = uw[i];
    }
    for (int j = 0; j < vValues.length; j++) {
      xs[uValues.length + j] = vValues[j];
      dv[uValues.length + j] = vw[j];
    }
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(xs[a], xs[b]));
    double cu = 0;
    double cv = 0;
    double w = 0;
    for (int k = 0; k < n - 1; k++) {
      int i = order[k];
      cu += du[i];
      cv += dv[i];
      w += Math.abs(cu - cv) * (xs[order[k + 1]] - xs[i]);
    }
    return clean(w);
  }

  /** Chi-square statistic and p-value: target counts against the smoothed baseline shares. */
  public record ChiSquare(double statistic, double pValue, int degreesOfFreedom) {}

  /**
   * Pearson's goodness of fit of target counts to the baseline's (smoothed) shares. Bins empty on
   * both sides carry no information and are left out (so identical distributions give 0).
   */
  public static ChiSquare chiSquare(long[] baseline, long[] target) {
    int k = 0;
    for (int i = 0; i < baseline.length; i++) {
      k += baseline[i] + target[i] > 0 ? 1 : 0;
    }
    long[] b = new long[k];
    long[] t = new long[k];
    for (int i = 0, j = 0; i < baseline.length; i++) {
      if (baseline[i] + target[i] > 0) {
        b[j] = baseline[i];
        t[j++] = target[i];
      }
    }
    double[] e = smoothed(b);
    double n = 0;
    for (long c : t) {
      n += c;
    }
    int df = k - 1;
    if (df < 1 || n == 0) {
      return new ChiSquare(0.0, 1.0, Math.max(df, 0));
    }
    double s = 0;
    for (int i = 0; i < k; i++) {
      double x = e[i] * n;
      s += (t[i] - x) * (t[i] - x) / x;
    }
    double p = 1.0 - new ChiSquaredDistribution(null, df).cumulativeProbability(s);
    return new ChiSquare(clean(s), clamp01(clean(p)), df);
  }

  private static double clean(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalStateException("drift statistic is not finite: " + v);
    }
    return Math.abs(v) < 1e-15 ? 0.0 : v;
  }

  private static double clamp01(double v) {
    return Math.max(0.0, Math.min(1.0, v));
  }
}
