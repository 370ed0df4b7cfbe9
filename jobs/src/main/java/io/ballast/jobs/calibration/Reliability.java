package io.ballast.jobs.calibration;

import java.util.ArrayList;
import java.util.List;

/**
 * A reliability curve over equal-width score bins and its expected calibration error, as plain Java
 * over per-bin sums (rows, sum of scores, positives). ECE is the row-weighted mean gap between a
 * bin's mean score and its observed positive rate: sum over bins of |positives - sum of scores| /
 * rows, the definition model validation and live performance use.
 */
public record Reliability(double ece, long rows, List<Bin> bins) {

  /** One non-empty bin: [lower, upper), the last one closed. */
  public record Bin(
      int index, double lower, double upper, long rows, double meanScore, double rate) {
    public String label() {
      return String.format(
          java.util.Locale.ROOT, "[%.2f, %.2f%s", lower, upper, upper >= 1 ? "]" : ")");
    }
  }

  /** The bin a score falls in, of {@code bins} equal-width bins over [0, 1]. */
  public static int bin(double score, int bins) {
    return (int) Math.max(0, Math.min(bins - 1, Math.floor(score * bins)));
  }

  /**
   * @param rows rows per bin
   * @param scores sum of scores per bin
   * @param positives positive labels per bin
   */
  public static Reliability of(long[] rows, double[] scores, double[] positives) {
    int k = rows.length;
    if (scores.length != k || positives.length != k) {
      throw new IllegalStateException("reliability needs one sum of each kind per bin");
    }
    long n = 0;
    double gap = 0;
    List<Bin> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      n += rows[i];
      gap += Math.abs(positives[i] - scores[i]);
      if (rows[i] > 0) {
        out.add(
            new Bin(
                i,
                (double) i / k,
                (double) (i + 1) / k,
                rows[i],
                scores[i] / rows[i],
                positives[i] / rows[i]));
      }
    }
    return new Reliability(n == 0 ? Double.NaN : gap / n, n, List.copyOf(out));
  }
}
