package io.ballast.features.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@code drift:} section: which model's training baseline to compare against, slices (Spark SQL
 * expressions), thresholds per statistic, the share of drifted features that makes a partition
 * drifted, the number of quantile bins, and features left out of monitoring.
 *
 * @param thresholds statistic name to threshold; a statistic absent here has no threshold
 * @param featureThresholds per feature that overrides any: its whole statistic-to-threshold map
 *     (the section's thresholds with the feature's own on top, {@code off} ones removed)
 * @param pvalueMaxRows p-value statistics decide only when the comparison's effective sample size
 *     ({@link #effectiveRows}) is at most this; empty ({@code off}) = at every size
 * @param featureOwn per feature, the statistics its {@code feature_thresholds} entry names: an
 *     explicit p-value threshold there decides at every size
 * @param baseline what each partition is compared with besides its previous day: the training
 *     profile (default), a rolling window or the same weekday of past weeks
 * @param calibration thresholds from a quiet period's day-to-day variation; empty: the configured
 *     thresholds alone
 */
public record DriftSpec(
    Optional<String> model,
    List<String> slices,
    Map<String, Double> thresholds,
    double driftedShareBound,
    int bins,
    List<String> exclude,
    Map<String, Map<String, Double>> featureThresholds,
    OptionalLong pvalueMaxRows,
    Map<String, Set<String>> featureOwn,
    DriftBaseline baseline,
    Optional<DriftCalibration> calibration) {

  /**
   * A spec with the same thresholds for every feature, the default p-value row cut and the training
   * baseline.
   */
  public DriftSpec(
      Optional<String> model,
      List<String> slices,
      Map<String, Double> thresholds,
      double driftedShareBound,
      int bins,
      List<String> exclude) {
    this(
        model,
        slices,
        thresholds,
        driftedShareBound,
        bins,
        exclude,
        Map.of(),
        OptionalLong.of(DEFAULT_PVALUE_MAX_ROWS),
        Map.of(),
        DriftBaseline.TRAINING,
        Optional.empty());
  }

  /** This spec compared against {@code b} instead. */
  public DriftSpec withBaseline(DriftBaseline b) {
    return with(b, calibration);
  }

  /** This spec without calibration: the configured thresholds alone. */
  public DriftSpec uncalibrated() {
    return with(baseline, Optional.empty());
  }

  private DriftSpec with(DriftBaseline b, Optional<DriftCalibration> c) {
    return new DriftSpec(
        model,
        slices,
        thresholds,
        driftedShareBound,
        bins,
        exclude,
        featureThresholds,
        pvalueMaxRows,
        featureOwn,
        b,
        c);
  }

  /**
   * Whether the threshold of {@code statistic} for {@code feature} may be calibrated: one the
   * feature has that its own {@code feature_thresholds} entry does not set (an explicit value
   * wins).
   */
  public boolean calibrates(String feature, String statistic) {
    return calibration.isPresent()
        && threshold(feature, statistic).isPresent()
        && !featureOwn.getOrDefault(feature, Set.of()).contains(statistic);
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

  /**
   * Attribution drift of a predictions table scored with {@code --explain}: per day, slice and
   * input feature, its share of the summed mean |attribution| minus its share on the model's test
   * window (the training baseline); computed apart from {@link #STATISTICS}, compared by absolute
   * value.
   */
  public static final String ATTRIBUTION_SHARE_CHANGE = "attribution_share_change";

  /** The day's share itself, written beside {@link #ATTRIBUTION_SHARE_CHANGE} (no threshold). */
  public static final String ATTRIBUTION_SHARE = "attribution_share";

  /** Every statistic a threshold may name. */
  public static final List<String> THRESHOLD_STATISTICS =
      java.util.stream.Stream.concat(
              STATISTICS.stream(), java.util.stream.Stream.of(ATTRIBUTION_SHARE_CHANGE))
          .toList();

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

  /**
   * Evidently's cut of 1,000 rows, applied to the effective sample size R T / (R + T): above it a
   * p-value rejects any tiny difference, so the effect sizes (Wasserstein, JS, PSI, ...) decide.
   */
  public static final long DEFAULT_PVALUE_MAX_ROWS = 1000;

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
    t.put(ATTRIBUTION_SHARE_CHANGE, 0.1);
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

  /**
   * The effective sample size of a two-sample test, R T / (R + T): the n of the KS statistic's
   * asymptotic distribution (D sqrt(R T / (R + T))), and what sets a p-value's power. A small day
   * against a large baseline stays small (300 rows against 50,000: 298); two equal sides count half
   * (2,000 and 2,000: 1,000). 0 when either side is empty.
   */
  public static double effectiveRows(long referenceRows, long targetRows) {
    if (referenceRows <= 0 || targetRows <= 0) {
      return 0;
    }
    return (double) referenceRows * targetRows / ((double) referenceRows + targetRows);
  }

  /**
   * Whether {@code statistic} may flag {@code feature} when the reference has {@code referenceRows}
   * and the target {@code targetRows} non-null rows: always for an effect size; for a p-value only
   * when the {@link #effectiveRows effective sample size} is within {@link #pvalueMaxRows} or the
   * feature's own entry sets its threshold.
   */
  public boolean decides(String feature, String statistic, long referenceRows, long targetRows) {
    if (!P_VALUES.contains(statistic)
        || pvalueMaxRows.isEmpty()
        || featureOwn.getOrDefault(feature, Set.of()).contains(statistic)) {
      return true;
    }
    return effectiveRows(referenceRows, targetRows) <= pvalueMaxRows.getAsLong();
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
