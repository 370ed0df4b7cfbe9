package io.ballast.scoring.drift;

import java.util.List;

/**
 * A feature's training-time profile in one slice: its bins (quantile edges for a numeric feature,
 * the most frequent categories plus "other" for a categorical one) and its binned distribution.
 *
 * @param edges numeric: the sorted distinct cut points; bin i holds values in [edges[i-1],
 *     edges[i]), bin 0 everything below edges[0], the last bin everything from the last edge up
 * @param categories categorical: the kept categories; bin i is categories[i], the last bin ({@link
 *     #OTHER}) every other value
 */
public record FeatureProfile(
    String slice,
    String sliceValue,
    String feature,
    Kind kind,
    double[] edges,
    List<String> categories,
    Histogram histogram,
    double min,
    double max) {

  public static final String OTHER = "__other__";

  /** How a feature is binned. */
  public enum Kind {
    NUMERIC,
    CATEGORICAL;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public int bins() {
    return kind == Kind.NUMERIC ? edges.length + 1 : categories.size() + 1;
  }

  /**
   * A point per numeric bin for bins this distribution leaves empty: the middle of the bin, with
   * the baseline's min and max closing the outer bins.
   */
  public double[] midpoints() {
    double[] p = new double[bins()];
    if (kind == Kind.CATEGORICAL || edges.length == 0) {
      for (int i = 0; i < p.length; i++) {
        p[i] = i;
      }
      return p;
    }
    double lo = Math.min(min, edges[0]);
    double hi = Math.max(max, edges[edges.length - 1]);
    for (int i = 0; i < p.length; i++) {
      double a = i == 0 ? lo : edges[i - 1];
      double b = i == edges.length ? hi : edges[i];
      p[i] = (a + b) / 2;
    }
    return p;
  }

  /**
   * Numeric: the coarse bin of each grid cell, for the statistics defined on about {@code bins}
   * equal-share bins (PSI, JS, chi-square, L-infinity, TV, Hellinger). Cells are grouped by this
   * profile's cumulative share at the cell's lower edge: cell k opens coarse bin round(bins * share
   * below k), so each coarse bin holds about 1 / bins of these rows. A profile with at most {@code
   * bins} cells keeps them (baselines profiled before the grid).
   */
  public int[] groups(int bins) {
    int cells = bins();
    int[] g = new int[cells];
    long[] c = histogram.counts();
    long total = histogram.nonNull();
    if (kind == Kind.CATEGORICAL || cells <= bins || total == 0) {
      for (int i = 0; i < cells; i++) {
        g[i] = i;
      }
      return g;
    }
    long below = 0;
    int last = 0;
    for (int k = 0; k < cells; k++) {
      int open = (int) Math.min(bins - 1, Math.round((double) bins * below / total));
      last = Math.max(last, open);
      g[k] = last;
      below += c[k];
    }
    return g;
  }

  /** Counts summed into the groups of {@link #groups}. */
  public static long[] grouped(long[] counts, int[] groups) {
    long[] out = new long[groups.length == 0 ? 0 : groups[groups.length - 1] + 1];
    for (int k = 0; k < counts.length; k++) {
      out[groups[k]] += counts[k];
    }
    return out;
  }
}
