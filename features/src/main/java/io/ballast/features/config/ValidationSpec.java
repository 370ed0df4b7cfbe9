package io.ballast.features.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a model version is validated before it may become champion: the metrics' settings, the slices
 * and protected attribute to measure, and the gates that decide promotion.
 *
 * @param threshold score at or above which a row is predicted positive (precision, recall, F1,
 *     fairness)
 * @param topKPercent the share of highest-scored rows for {@code precision_at_top_k}
 * @param eceBins equal-width score bins of the expected calibration error
 * @param slices Spark SQL expressions; every distinct value is one slice
 * @param protectedAttribute a Spark SQL expression giving a boolean group (true = protected)
 * @param min lowest allowed value per metric (whole test window)
 * @param max highest allowed value per metric (whole test window)
 * @param maxSliceGap largest allowed difference between the best and worst value of a slice
 * @param sliceMinPositives slice values with fewer positives are reported but not held to the
 *     slice-gap gate (their metrics are noise)
 * @param fairness largest allowed absolute difference between the groups, per fairness metric
 */
public record ValidationSpec(
    double threshold,
    double topKPercent,
    int eceBins,
    List<String> slices,
    Optional<String> protectedAttribute,
    Map<String, Double> min,
    Map<String, Double> max,
    Map<String, Double> maxSliceGap,
    int sliceMinPositives,
    Map<String, Double> fairness,
    Optional<ChampionGate> champion) {

  /** Metrics of a binary classifier's scores, in report order. */
  public static final List<String> CLASSIFICATION_METRICS =
      List.of(
          "roc_auc",
          "pr_auc",
          "log_loss",
          "brier",
          "ece",
          "precision",
          "recall",
          "f1",
          "precision_at_top_k");

  /** Metrics of a regression's predictions. */
  public static final List<String> REGRESSION_METRICS = List.of("rmse", "mae", "r2");

  /** Counts reported with the metrics. */
  public static final List<String> COUNTS = List.of("rows", "positives");

  /** Metrics where lower is better. */
  public static final Set<String> LOWER_IS_BETTER =
      Set.of("log_loss", "brier", "ece", "rmse", "mae");

  /** Differences between the protected group and the rest (Databricks Lakehouse Monitoring's). */
  public static final List<String> FAIRNESS_METRICS =
      List.of(
          "statistical_parity", "equal_opportunity", "predictive_parity", "predictive_equality");

  /** Defaults: threshold 0.5, top 1%, 10 calibration bins, no slices, no gates. */
  public static final ValidationSpec DEFAULT =
      new ValidationSpec(
          0.5,
          1.0,
          10,
          List.of(),
          Optional.empty(),
          Map.of(),
          Map.of(),
          Map.of(),
          5,
          Map.of(),
          Optional.empty());

  /** Every metric a gate may name. */
  public static List<String> knownMetrics() {
    List<String> all = new java.util.ArrayList<>(CLASSIFICATION_METRICS);
    all.addAll(REGRESSION_METRICS);
    all.addAll(COUNTS);
    return List.copyOf(all);
  }

  public static boolean lowerIsBetter(String metric) {
    return LOWER_IS_BETTER.contains(metric);
  }

  /**
   * The challenger must beat the champion on {@code metric} over the same test rows.
   *
   * @param minAbsoluteChange improvement (in the metric's better direction) required
   * @param minRelativeChange improvement relative to the champion's value required
   * @param bootstrap replicates of the bootstrap confidence interval of the improvement
   * @param confidence the interval's level; its lower bound must be above zero
   * @param seed seeds the replicates' Poisson(1) weights
   */
  public record ChampionGate(
      String metric,
      double minAbsoluteChange,
      double minRelativeChange,
      int bootstrap,
      double confidence,
      long seed) {}
}
