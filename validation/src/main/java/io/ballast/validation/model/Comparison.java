package io.ballast.validation.model;

import io.ballast.features.config.ValidationSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Challenger vs champion on one metric over the same rows. The improvement is measured in the
 * metric's better direction (champion - challenger for a lower-is-better metric), with a percentile
 * bootstrap confidence interval from the replicates' improvements.
 *
 * @param replicates improvements of the replicates where both values are defined
 */
public record Comparison(
    String metric,
    double challenger,
    double champion,
    double improvement,
    double relativeImprovement,
    double ciLow,
    double ciHigh,
    double confidence,
    int replicates) {

  /** Builds the comparison from the point values and each replicate's (challenger, champion). */
  public static Comparison of(
      String metric,
      double challenger,
      double champion,
      List<double[]> replicatePairs,
      double confidence) {
    double sign = ValidationSpec.lowerIsBetter(metric) ? -1 : 1;
    double imp = sign * (challenger - champion);
    double rel =
        champion == 0 ? (imp > 0 ? Double.POSITIVE_INFINITY : 0) : imp / Math.abs(champion);
    List<Double> diffs = new ArrayList<>();
    for (double[] p : replicatePairs) {
      if (!Double.isNaN(p[0]) && !Double.isNaN(p[1])) {
        diffs.add(sign * (p[0] - p[1]));
      }
    }
    Collections.sort(diffs);
    double alpha = (1 - confidence) / 2;
    double lo = diffs.isEmpty() ? Double.NaN : quantile(diffs, alpha);
    double hi = diffs.isEmpty() ? Double.NaN : quantile(diffs, 1 - alpha);
    return new Comparison(metric, challenger, champion, imp, rel, lo, hi, confidence, diffs.size());
  }

  /** Linear interpolation between order statistics (type 7, as numpy's default). */
  static double quantile(List<Double> sorted, double q) {
    double pos = q * (sorted.size() - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(i + 1, sorted.size() - 1);
    return sorted.get(i) + (pos - i) * (sorted.get(j) - sorted.get(i));
  }
}
