package io.ballast.features.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code drift:} section: which model's training baseline to compare against, slices (Spark SQL
 * expressions), thresholds per statistic, the share of drifted features that makes a partition
 * drifted, the number of quantile bins, and features left out of monitoring.
 *
 * @param thresholds statistic name to threshold; a statistic absent here has no threshold
 * @param featureThresholds per feature that overrides any: its whole statistic-to-threshold map
 *     (the section's thresholds with the feature's own on top, {@code off} ones removed)
 */
public record DriftSpec(
    Optional<String> model,
    List<String> slices,
    Map<String, Double> thresholds,
    double driftedShareBound,
    int bins,
    List<String> exclude,
    Map<String, Map<String, Double>> featureThresholds) {

  /** A spec with the same thresholds for every feature. */
  public DriftSpec(
      Optional<String> model,
      List<String> slices,
      Map<String, Double> thresholds,
      double driftedShareBound,
      int bins,
      List<String> exclude) {
    this(model, slices, thresholds, driftedShareBound, bins, exclude, Map.of());
  }

  /** Every statistic, in the order rows are written. */
  public static final List<String> STATISTICS =
      List.of(
          "psi",
          "js_distance",
          "ks_statistic",
          "ks_pvalue",
          "wasserstein",
          "chi2_statistic",
          "chi2_pvalue",
          "new_category_share",
          "linf_distance",
          "tv_distance",
          "hellinger",
          "null_rate_delta",
          "mean_delta");

  /** Statistics of numeric features only. */
  public static final List<String> NUMERIC_ONLY =
      List.of("ks_statistic", "ks_pvalue", "wasserstein", "mean_delta");

  /** Statistics of categorical features only. */
  public static final List<String> CATEGORICAL_ONLY = List.of("new_category_share");

  /**
   * Statistics reported for numeric features but never flagging them: KS is the numeric test, and a
   * second p-value on the same rows would only add false alarms.
   */
  public static final List<String> FLAG_CATEGORICAL_ONLY = List.of("chi2_pvalue");

  /** Statistics that are p-values: drifted when the value is BELOW the threshold. */
  public static final List<String> P_VALUES = List.of("ks_pvalue", "chi2_pvalue");

  public static final double DEFAULT_BOUND = 0.5;
  public static final int DEFAULT_BINS = 20;

  /** The documented default thresholds (README, "Drift"). */
  public static Map<String, Double> defaultThresholds() {
    Map<String, Double> t = new LinkedHashMap<>();
    t.put("psi", 0.2);
    t.put("js_distance", 0.1);
    t.put("ks_pvalue", 0.01);
    t.put("wasserstein", 0.1);
    t.put("chi2_pvalue", 0.01);
    t.put("new_category_share", 0.01);
    t.put("null_rate_delta", 0.05);
    return t;
  }

  /** The section's values when a definition has none. */
  public static DriftSpec defaults() {
    return new DriftSpec(
        Optional.empty(), List.of(), defaultThresholds(), DEFAULT_BOUND, DEFAULT_BINS, List.of());
  }

  /** The threshold of {@code statistic} for {@code feature}; empty when it has none. */
  public Optional<Double> threshold(String feature, String statistic) {
    return Optional.ofNullable(featureThresholds.getOrDefault(feature, thresholds).get(statistic));
  }

  /** Whether {@code value} of {@code statistic} crosses its threshold; empty when it has none. */
  public Optional<Boolean> drifted(String statistic, double value) {
    return crosses(statistic, thresholds.get(statistic), value);
  }

  /** As {@link #drifted(String, double)}, with {@code feature}'s own thresholds if it has any. */
  public Optional<Boolean> drifted(String feature, String statistic, double value) {
    return crosses(statistic, threshold(feature, statistic).orElse(null), value);
  }

  private static Optional<Boolean> crosses(String statistic, Double t, double value) {
    if (t == null) {
      return Optional.empty();
    }
    if (P_VALUES.contains(statistic)) {
      return Optional.of(value < t);
    }
    return Optional.of(Math.abs(value) > t);
  }
}
