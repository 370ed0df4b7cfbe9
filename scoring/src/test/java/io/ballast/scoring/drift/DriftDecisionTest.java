package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

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
  void pValuesDecideAtAndBelowTheCut() {
    assertThat(ks(DEFAULTS, 0.001, 1000, 1000)).isEqualTo(new DriftDecision(0.01, true, null));
    assertThat(ks(DEFAULTS, 0.001, 10, 999)).isEqualTo(new DriftDecision(0.01, true, null));
    assertThat(ks(DEFAULTS, 0.5, 10, 10)).isEqualTo(new DriftDecision(0.01, false, null));
    assertThat(DriftDecision.of(DEFAULTS, false, "category", "chi2_pvalue", 0.001, null, 200, 300))
        .isEqualTo(new DriftDecision(0.01, true, null));
  }

  @Test
  void aboveTheCutOnEitherSideAPValueIsKeptButDoesNotDecide() {
    DriftDecision d = ks(DEFAULTS, 0.0, 2400, 20000);
    assertThat(d.threshold()).isEqualTo(0.01);
    assertThat(d.drifted()).isFalse();
    assertThat(d.reason())
        .isEqualTo(
            "p-value not used for the decision: 2,400 and 20,000 rows (reference, partition)"
                + " exceed drift.pvalue_max_rows 1,000; effect sizes decide (an explicit"
                + " feature_thresholds entry or pvalue_max_rows: off makes it decide)");
    assertThat(ks(DEFAULTS, 0.0, 1001, 10).drifted()).isFalse();
    assertThat(ks(DEFAULTS, 0.0, 10, 1001).drifted()).isFalse();
    assertThat(
            DriftDecision.of(DEFAULTS, false, "category", "chi2_pvalue", 0.0, null, 5000, 5000)
                .drifted())
        .isFalse();
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
        own);
  }
}
