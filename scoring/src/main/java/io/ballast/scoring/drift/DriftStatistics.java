package io.ballast.scoring.drift;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Distances between two binned distributions over the same bins: plain Java on small arrays, no
 * Spark. Counts are per bin; the caller passes the same bins for both sides, the reference first
 * (the baseline, or the previous day). README "Drift" defines each statistic once.
 *
 * <p>Smoothing: only PSI needs every bin non-empty: an empty bin's share is {@link #EPSILON}, not
 * renormalised (Evidently's formula). Every other statistic uses the raw shares; chi-square keeps
 * the bins that have an expected count.
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

  /** Shares with every empty bin's share set to {@link #EPSILON} (not renormalised). */
  public static double[] floored(long[] counts) {
    double[] p = shares(counts);
    for (int i = 0; i < p.length; i++) {
      if (p[i] == 0) {
        p[i] = EPSILON;
      }
    }
    return p;
  }

  /** Population stability index: sum (t - r) ln(t / r) over floored shares; 0 when equal. */
  public static double psi(long[] reference, long[] target) {
    double[] b = floored(reference);
    double[] t = floored(target);
    double s = 0;
    for (int i = 0; i < b.length; i++) {
      s += (t[i] - b[i]) * Math.log(t[i] / b[i]);
    }
    return clean(s);
  }

  /** Total variation distance: half the sum of the absolute share differences (0..1). */
  public static double tvDistance(long[] reference, long[] target) {
    double[] p = shares(reference);
    double[] q = shares(target);
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += Math.abs(p[i] - q[i]);
    }
    return clean(Math.min(1.0, s / 2));
  }

  /** Hellinger distance: sqrt(1/2 sum (sqrt p - sqrt q)^2) (0..1). */
  public static double hellinger(long[] reference, long[] target) {
    double[] p = shares(reference);
    double[] q = shares(target);
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      double d = Math.sqrt(p[i]) - Math.sqrt(q[i]);
      s += d * d;
    }
    return clean(Math.min(1.0, Math.sqrt(s / 2)));
  }

  /** The share of the target's rows in bins where the reference has no rows (new categories). */
  public static double newShare(long[] reference, long[] target) {
    double[] q = shares(target);
    double s = 0;
    for (int i = 0; i < q.length; i++) {
      if (reference[i] == 0) {
        s += q[i];
      }
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
   * An upper bound of the exact KS statistic of the raw values, given the binned one: inside bin i
   * the cumulative shares move by at most r_i and t_i, so the gap there is at most max(|g - t_i|,
   * |g + r_i|) with g the gap at the bin's lower boundary.
   */
  public static double ksUpperBound(long[] reference, long[] target) {
    double[] p = shares(reference);
    double[] q = shares(target);
    double g = 0;
    double d = 0;
    for (int i = 0; i < p.length; i++) {
      d = Math.max(d, Math.max(Math.abs(g - q[i]), Math.abs(g + p[i])));
      g += p[i] - q[i];
      d = Math.max(d, Math.abs(g));
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

  /** Chi-square statistic, p-value, degrees of freedom and the bins used. */
  public record ChiSquare(double statistic, double pValue, int degreesOfFreedom) {}

  /**
   * Pearson's chi-square test of homogeneity of the 2 x k table (reference counts, target counts),
   * as scipy's {@code chi2_contingency(table, correction=False)}, over the bins that have an
   * expected count: with {@code referenceBinsOnly} the bins the reference has rows in (categorical:
   * the reference's categories; target rows elsewhere are left out and counted by {@link
   * #newShare}), otherwise every bin with rows on either side. Identical shares give 0 (p 1).
   */
  public static ChiSquare chiSquare(long[] reference, long[] target, boolean referenceBinsOnly) {
    int k = 0;
    long r = 0;
    long t = 0;
    for (int i = 0; i < reference.length; i++) {
      if (reference[i] > 0 || (!referenceBinsOnly && target[i] > 0)) {
        k++;
        r += reference[i];
        t += target[i];
      }
    }
    int df = k - 1;
    if (df < 1 || r == 0 || t == 0) {
      return new ChiSquare(0.0, 1.0, Math.max(df, 0));
    }
    double n = (double) r + t;
    double s = 0;
    for (int i = 0; i < reference.length; i++) {
      if (reference[i] > 0 || (!referenceBinsOnly && target[i] > 0)) {
        double c = reference[i] + target[i];
        double er = r * c / n;
        double et = t * c / n;
        s +=
            (reference[i] - er) * (reference[i] - er) / er
                + (target[i] - et) * (target[i] - et) / et;
      }
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
