package io.ballast.scoring.drift;

/**
 * A {@link Histogram} being summed from grouped rows, in place: a histogram per added row would
 * copy the grid's arrays once per row (hundreds of thousands of rows of over a thousand bins when
 * drift counts 10M rows).
 */
final class HistogramSums {
  private final long[] counts;
  private final double[] sums;
  private long nulls;
  private double sumSquares;

  HistogramSums(int bins) {
    counts = new long[bins];
    sums = new double[bins];
  }

  /** One grouped row: a bin (or null) with its count, value sum and sum of squares. */
  void add(Integer bin, long n, double sum, double sumSq) {
    if (bin == null) {
      nulls += n;
    } else {
      counts[bin] += n;
      sums[bin] += sum;
      sumSquares += sumSq;
    }
  }

  /** The sums so far (the arrays are shared: add nothing after this). */
  Histogram histogram() {
    return new Histogram(counts, sums, nulls, sumSquares);
  }
}
