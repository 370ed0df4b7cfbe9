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
}
