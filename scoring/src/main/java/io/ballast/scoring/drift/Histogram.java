package io.ballast.scoring.drift;

/**
 * One feature's binned distribution in one partition and slice: per-bin counts and value sums (the
 * bin's mean is its point for Wasserstein), the rows whose value is null (NaN and infinities count
 * as null), and the sum of squares of the values (for the std).
 */
public record Histogram(long[] counts, double[] sums, long nulls, double sumSquares) {
  public static Histogram empty(int bins) {
    return new Histogram(new long[bins], new double[bins], 0, 0);
  }

  public long nonNull() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  public long rows() {
    return nonNull() + nulls;
  }

  public double sum() {
    double s = 0;
    for (double v : sums) {
      s += v;
    }
    return s;
  }

  /** The mean of the non-null values; NaN when there are none (callers check first). */
  public double mean() {
    return sum() / nonNull();
  }

  /** The sample std of the non-null values; 0 with fewer than two. */
  public double std() {
    long n = nonNull();
    if (n < 2) {
      return 0;
    }
    double m = mean();
    return Math.sqrt(Math.max(0, (sumSquares - n * m * m) / (n - 1)));
  }

  public double nullRate() {
    long r = rows();
    return r == 0 ? 0 : (double) nulls / r;
  }

  /** Each bin's point: the mean of its values, or {@code fallback[i]} when the bin is empty. */
  public double[] points(double[] fallback) {
    double[] p = new double[counts.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = counts[i] > 0 ? sums[i] / counts[i] : fallback[i];
    }
    return p;
  }

  /** This distribution and {@code o} (same bins) together: counts, sums and nulls added. */
  Histogram plus(Histogram o) {
    long[] c = counts.clone();
    double[] s = sums.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] += o.counts[i];
      s[i] += o.sums[i];
    }
    return new Histogram(c, s, nulls + o.nulls, sumSquares + o.sumSquares);
  }
}
