package io.ballast.scoring.drift;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics from a score histogram: plain Java on the small grouped result. Scores are
 * grouped in {@link #BUCKETS} equal buckets; AUC treats scores in one bucket as ties (error at most
 * the share of pairs in one bucket).
 */
public final class LivePerformance {
  public static final int BUCKETS = 10_000;
  static final int CALIBRATION_BINS = 10;

  private LivePerformance() {}

  /**
   * One score bucket: rows, positives, the sum of scores and of squared errors, true positives and
   * predicted positives (by the stored prediction).
   */
  public record Bucket(
      int bucket,
      long rows,
      long positives,
      double scoreSum,
      double squaredError,
      long truePositives,
      long predictedPositives) {}

  /** roc_auc, precision, recall, f1, ece, brier, rows, positives, mean_score, positive_rate. */
  public static Map<String, Double> metrics(List<Bucket> buckets) {
    List<Bucket> sorted =
        buckets.stream().sorted(java.util.Comparator.comparingInt(Bucket::bucket)).toList();
    long rows = 0;
    long pos = 0;
    long tp = 0;
    long pp = 0;
    double scores = 0;
    double se = 0;
    for (Bucket b : sorted) {
      rows += b.rows();
      pos += b.positives();
      tp += b.truePositives();
      pp += b.predictedPositives();
      scores += b.scoreSum();
      se += b.squaredError();
    }
    long neg = rows - pos;
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("rows", (double) rows);
    m.put("positives", (double) pos);
    if (pos > 0 && neg > 0) {
      // pairs (positive, negative) where the positive scores higher; ties count half
      double negBelow = 0;
      double auc = 0;
      for (Bucket b : sorted) {
        long n = b.rows() - b.positives();
        auc += b.positives() * (negBelow + n / 2.0);
        negBelow += n;
      }
      m.put("roc_auc", auc / ((double) pos * neg));
    }
    if (pp > 0) {
      m.put("precision", (double) tp / pp);
    }
    if (pos > 0) {
      m.put("recall", (double) tp / pos);
    }
    if (m.containsKey("precision") && m.containsKey("recall")) {
      double p = m.get("precision");
      double r = m.get("recall");
      m.put("f1", p + r == 0 ? 0.0 : 2 * p * r / (p + r));
    }
    if (rows > 0) {
      double[] n = new double[CALIBRATION_BINS];
      double[] s = new double[CALIBRATION_BINS];
      double[] y = new double[CALIBRATION_BINS];
      for (Bucket b : sorted) {
        int bin = Math.min(CALIBRATION_BINS - 1, b.bucket() * CALIBRATION_BINS / BUCKETS);
        n[bin] += b.rows();
        s[bin] += b.scoreSum();
        y[bin] += b.positives();
      }
      double ece = 0;
      for (int i = 0; i < CALIBRATION_BINS; i++) {
        if (n[i] > 0) {
          ece += n[i] / rows * Math.abs(s[i] / n[i] - y[i] / n[i]);
        }
      }
      m.put("ece", ece);
      m.put("brier", se / rows);
      m.put("mean_score", scores / rows);
      m.put("positive_rate", (double) pos / rows);
    }
    return m;
  }
}
