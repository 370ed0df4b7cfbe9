package io.ballast.scoring.drift;

/**
 * How many of a numeric feature's sorted edges are at or below a value ({@link
 * BinnedCounts#binOf}), found faster: the edges' range is cut into equal-width buckets, each
 * knowing the edges at or below its lower bound, so a value is searched only among the edges of its
 * bucket and the buckets either side (which absorbs any rounding in computing the bucket; a value
 * found outside them is searched among all edges). A binary search over a grid of a thousand
 * quantile edges costs ten unpredictable branches per value and feature; within a bucket it is a
 * few, and never more than the plain search where edges crowd.
 */
final class EdgeSearch {
  private static final int BUCKETS_PER_EDGE = 4;

  private final double[] edges;
  private final double lo;
  private final double hi;
  private final double scale;
  private final int[] start;

  EdgeSearch(double[] edges) {
    this.edges = edges;
    int n = edges.length;
    lo = n == 0 ? 0 : edges[0];
    hi = n == 0 ? 0 : edges[n - 1];
    double width = hi - lo;
    if (n < 2 || !(width > 0) || Double.isInfinite(width)) {
      scale = 0;
      start = new int[0];
      return;
    }
    int buckets = n * BUCKETS_PER_EDGE;
    scale = buckets / width;
    start = new int[buckets + 1];
    for (int k = 0; k < buckets; k++) {
      start[k] = BinnedCounts.binOf(edges, lo + k / scale);
    }
    start[buckets] = n;
  }

  /** The number of edges {@code <= x}; x is neither NaN nor infinite. */
  int binOf(double x) {
    int n = edges.length;
    if (start.length == 0) {
      return BinnedCounts.binOf(edges, x);
    }
    if (x < lo) {
      return 0;
    }
    if (x >= hi) {
      return n;
    }
    int buckets = start.length - 1;
    int k = (int) ((x - lo) * scale);
    int from = start[Math.max(0, Math.min(buckets, k) - 1)];
    int to = start[Math.min(buckets, k + 2)];
    if ((from > 0 && edges[from - 1] > x) || (to < n && edges[to] <= x)) {
      // rounding put x outside its buckets (a range too narrow for its magnitude): search all
      return BinnedCounts.binOf(edges, x);
    }
    return BinnedCounts.binOf(edges, from, to, x);
  }
}
