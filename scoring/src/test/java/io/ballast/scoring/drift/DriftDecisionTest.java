package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.config.DriftBaseline;
import io.ballast.features.config.DriftSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The size rule for p-values, without Spark. */
class DriftDecisionTest {
  private static final DriftSpec DEFAULTS = DriftSpec.defaults();

  private static DriftDecision ks(DriftSpec spec, double p, long reference, long target) {
    return DriftDecision.of(spec, true, "amount", "ks_pvalue", p, null, reference, target);
  }

  @Test
  void pValuesDecideWhileTheEffectiveSampleSizeIsWithinTheCut() {
    // R T / (R + T): 2,000 and 2,000 give exactly 1,000, the cut
    assertThat(ks(DEFAULTS, 0.001, 2000, 2000)).isEqualTo(new DriftDecision(0.01, true, null));
    assertThat(ks(DEFAULTS, 0.001, 10, 999)).isEqualTo(new DriftDecision(0.01, true, null));
    assertThat(ks(DEFAULTS, 0.5, 10, 10)).isEqualTo(new DriftDecision(0.01, false, null));
    assertThat(DriftDecision.of(DEFAULTS, false, "category", "chi2_pvalue", 0.001, null, 200, 300))
        .isEqualTo(new DriftDecision(0.01, true, null));
  }

  @Test
  void aSmallDayAgainstALargeBaselineKeepsItsPValueTest() {
    // 900 rows against 50,000: n_eff 884.1; "both sides within 1,000" would have muted it
    assertThat(ks(DEFAULTS, 0.001, 50_000, 900)).isEqualTo(new DriftDecision(0.01, true, null));
    assertThat(ks(DEFAULTS, 0.001, 900, 50_000)).isEqualTo(new DriftDecision(0.01, true, null));
    assertThat(ks(DEFAULTS, 0.001, 1_000_000, 1001).drifted())
        .as("n_eff 999.999: within the cut")
        .isTrue();
    assertThat(ks(DEFAULTS, 0.001, 1_000_000, 1002).drifted())
        .as("n_eff 1,001.0: just above the cut")
        .isFalse();
  }

  @Test
  void justAboveTheCutAPValueIsKeptButDoesNotDecide() {
    DriftDecision d = ks(DEFAULTS, 0.0, 2000, 2001);
    assertThat(d.threshold()).isEqualTo(0.01);
    assertThat(d.drifted()).isFalse();
    assertThat(d.reason())
        .isEqualTo(
            "p-value not used for the decision: effective sample size 1,000.2 (R T / (R + T) of"
                + " 2,000 reference and 2,001 partition rows) exceeds drift.pvalue_max_rows 1,000;"
                + " effect sizes decide (an explicit feature_thresholds entry or"
                + " pvalue_max_rows: off makes it decide)");
    assertThat(ks(DEFAULTS, 0.0, 2001, 2000).drifted()).isFalse();
    assertThat(ks(DEFAULTS, 0.0, 2400, 20000).drifted()).isFalse();
    assertThat(
            DriftDecision.of(DEFAULTS, false, "category", "chi2_pvalue", 0.0, null, 5000, 5000)
                .drifted())
        .isFalse();
  }

  @Test
  void theEffectiveSampleSize() {
    assertThat(DriftSpec.effectiveRows(2000, 2000)).isEqualTo(1000.0);
    assertThat(DriftSpec.effectiveRows(300, 50_000)).isCloseTo(298.21, within(0.01));
    assertThat(DriftSpec.effectiveRows(0, 50_000)).isZero();
    assertThat(DriftSpec.effectiveRows(3_000_000_000L, 3_000_000_000L))
        .as("no long overflow")
        .isEqualTo(1.5e9);
  }

  @Test
  void effectSizesDecideAtEverySize() {
    for (String s : List.of("wasserstein", "js_distance", "psi", "null_rate_delta")) {
      assertThat(DriftDecision.of(DEFAULTS, true, "amount", s, 0.9, null, 1_000_000, 1_000_000))
          .as(s)
          .isEqualTo(new DriftDecision(DEFAULTS.thresholds().get(s), true, null));
    }
    assertThat(
            DriftDecision.of(
                    DEFAULTS, false, "category", "new_category_share", 0.5, null, 50_000, 50_000)
                .drifted())
        .isTrue();
  }

  @Test
  void offOrAFeaturesOwnThresholdKeepsThePValueDeciding() {
    DriftSpec off = spec(OptionalLong.empty(), Map.of(), Map.of());
    assertThat(ks(off, 0.001, 50_000, 50_000)).isEqualTo(new DriftDecision(0.01, true, null));
    Map<String, Double> own = new HashMap<>(DriftSpec.defaultThresholds());
    own.put("ks_pvalue", 0.001);
    DriftSpec explicit =
        spec(
            OptionalLong.of(1000),
            Map.of("amount", Map.copyOf(own)),
            Map.of("amount", Set.of("ks_pvalue")));
    assertThat(ks(explicit, 0.0001, 50_000, 50_000))
        .isEqualTo(new DriftDecision(0.001, true, null));
    assertThat(
            DriftDecision.of(explicit, true, "other", "ks_pvalue", 0.0001, null, 50_000, 50_000)
                .drifted())
        .as("another feature keeps the size rule")
        .isFalse();
  }

  @Test
  void undefinedValuesAndNumericChiSquareAreUnchanged() {
    assertThat(DriftDecision.of(DEFAULTS, true, "amount", "ks_pvalue", null, "no rows", 0, 50_000))
        .isEqualTo(new DriftDecision(0.01, null, "no rows"));
    assertThat(DriftDecision.of(DEFAULTS, true, "amount", "chi2_pvalue", 0.0, null, 10, 10))
        .isEqualTo(new DriftDecision(null, null, null));
  }

  private static DriftSpec spec(
      OptionalLong maxRows,
      Map<String, Map<String, Double>> perFeature,
      Map<String, Set<String>> own) {
    return new DriftSpec(
        Optional.empty(),
        List.of(),
        DriftSpec.defaultThresholds(),
        DriftSpec.DEFAULT_BOUND,
        DriftSpec.DEFAULT_BINS,
        List.of(),
        perFeature,
        maxRows,
        own,
        DriftBaseline.TRAINING,
        Optional.empty());
  }
}
