package io.ballast.validation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.config.ValidationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The promotion decision, without Spark. */
class GatesTest {
  static SliceMetrics slice(String s, String v, Map<String, Double> values) {
    return new SliceMetrics(s, v, values, Map.of());
  }

  static ValidationSpec spec(
      Map<String, Double> min,
      Map<String, Double> max,
      Map<String, Double> gap,
      Map<String, Double> fair,
      Optional<ValidationSpec.ChampionGate> champion) {
    return new ValidationSpec(
        0.5,
        1,
        10,
        List.of("merchant_category"),
        Optional.of("is_online = 1"),
        min,
        max,
        gap,
        0,
        fair,
        champion);
  }

  static final List<SliceMetrics> METRICS =
      List.of(
          slice("all", "all", Map.of("roc_auc", 0.7, "ece", 0.05)),
          slice("merchant_category", "food", Map.of("roc_auc", 0.9)),
          slice("merchant_category", "travel", Map.of("roc_auc", 0.6)),
          slice("merchant_category", "empty", Map.of()));

  @Test
  void everyGateIsEvaluatedAndEachFailureNamesValueAndBound() {
    List<GateResult> r =
        Gates.evaluate(
            spec(
                Map.of("roc_auc", 0.75),
                Map.of("ece", 0.1),
                Map.of("roc_auc", 0.2),
                Map.of("statistical_parity", 0.1),
                Optional.empty()),
            METRICS,
            Map.of("statistical_parity", -0.15),
            Optional.empty(),
            Optional.empty());
    assertThat(r).hasSize(4);
    assertThat(Gates.allPassed(r)).isFalse();
    GateResult min = r.get(0);
    assertThat(min.passed()).isFalse();
    assertThat(min.describe()).isEqualTo("min roc_auc: 0.7000 bound 0.7500 -> FAILED");
    assertThat(r.get(1).passed()).isTrue();
    GateResult gap = r.get(2);
    assertThat(gap.value()).isCloseTo(0.3, within(1e-12));
    assertThat(gap.passed()).isFalse();
    assertThat(gap.detail()).contains("lowest travel = 0.6000", "highest food = 0.9000");
    GateResult fair = r.get(3);
    assertThat(fair.value()).isCloseTo(0.15, within(1e-12));
    assertThat(fair.passed()).isFalse();
    assertThat(fair.detail()).contains("-0.1500");
  }

  @Test
  void undefinedValuesFailMinMaxAndFairness() {
    List<GateResult> r =
        Gates.evaluate(
            spec(
                Map.of("pr_auc", 0.1),
                Map.of("log_loss", 1.0),
                Map.of(),
                Map.of("equal_opportunity", 0.5),
                Optional.empty()),
            METRICS,
            Map.of(),
            Optional.empty(),
            Optional.empty());
    assertThat(r).extracting(GateResult::passed).containsExactly(false, false, false);
    assertThat(r.get(0).describe()).contains("undefined");
  }

  @Test
  void boundsAreInclusive() {
    List<GateResult> r =
        Gates.evaluate(
            spec(Map.of("roc_auc", 0.7), Map.of("ece", 0.05), Map.of(), Map.of(), Optional.empty()),
            METRICS,
            Map.of(),
            Optional.empty(),
            Optional.empty());
    assertThat(Gates.allPassed(r)).isTrue();
  }

  static final ValidationSpec.ChampionGate CHAMP =
      new ValidationSpec.ChampionGate("pr_auc", 0.01, 0.0, 200, 0.95, 1);

  @Test
  void withoutAChampionTheChampionGateIsSkippedAndSaysSo() {
    GateResult g = Gates.champion(CHAMP, Optional.empty(), Optional.empty());
    assertThat(g.passed()).isTrue();
    assertThat(g.detail()).isEqualTo("skipped: no champion yet");
  }

  @Test
  void aChallengerMustWinByTheMarginAndOutsideTheNoise() {
    Comparison clear = new Comparison("pr_auc", 0.60, 0.50, 0.10, 0.2, 0.05, 0.15, 0.95, 200);
    assertThat(Gates.champion(CHAMP, Optional.of("1"), Optional.of(clear)).passed()).isTrue();

    Comparison noisy = new Comparison("pr_auc", 0.60, 0.50, 0.10, 0.2, -0.01, 0.2, 0.95, 200);
    GateResult g = Gates.champion(CHAMP, Optional.of("1"), Optional.of(noisy));
    assertThat(g.passed()).isFalse();
    assertThat(g.detail()).contains("within the noise", "[-0.0100, 0.2000]", "champion v1");

    Comparison small = new Comparison("pr_auc", 0.505, 0.50, 0.005, 0.01, 0.001, 0.01, 0.95, 200);
    assertThat(Gates.champion(CHAMP, Optional.of("1"), Optional.of(small)).detail())
        .contains("below min_absolute_change 0.0100");

    ValidationSpec.ChampionGate rel =
        new ValidationSpec.ChampionGate("pr_auc", 0.0, 0.5, 200, 0.95, 1);
    assertThat(Gates.champion(rel, Optional.of("1"), Optional.of(clear)).detail())
        .contains("below min_relative_change 0.5000");
  }

  @Test
  void lowerIsBetterMetricsCompareTheOtherWayAndTheIntervalIsPercentiles() {
    List<double[]> reps = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      reps.add(new double[] {0.30 - i / 1000.0, 0.35}); // improvement 0.05 .. 0.15
    }
    Comparison c = Comparison.of("log_loss", 0.2, 0.35, reps, 0.9);
    assertThat(c.improvement()).isCloseTo(0.15, within(1e-12));
    assertThat(c.relativeImprovement()).isCloseTo(0.15 / 0.35, within(1e-12));
    assertThat(c.ciLow()).isCloseTo(0.055, within(1e-12));
    assertThat(c.ciHigh()).isCloseTo(0.145, within(1e-12));
    assertThat(c.replicates()).isEqualTo(101);
  }

  @Test
  void sliceValuesWithTooFewPositivesAreNotGated() {
    ValidationSpec base =
        spec(Map.of(), Map.of(), Map.of("roc_auc", 0.2), Map.of(), Optional.empty());
    ValidationSpec spec =
        new ValidationSpec(
            base.threshold(),
            base.topKPercent(),
            base.eceBins(),
            base.slices(),
            base.protectedAttribute(),
            base.min(),
            base.max(),
            base.maxSliceGap(),
            5,
            base.fairness(),
            base.champion());
    List<SliceMetrics> m =
        List.of(
            new SliceMetrics(
                "merchant_category", "food", Map.of("roc_auc", 0.9), Map.of("tp", 4.0, "fn", 2.0)),
            new SliceMetrics(
                "merchant_category",
                "travel",
                Map.of("roc_auc", 0.6),
                Map.of("tp", 1.0, "fn", 1.0)),
            new SliceMetrics(
                "merchant_category", "toys", Map.of("roc_auc", 0.8), Map.of("tp", 3.0, "fn", 3.0)));
    GateResult g = Gates.evaluate(spec, m, Map.of(), Optional.empty(), Optional.empty()).get(0);
    assertThat(g.passed()).isTrue();
    assertThat(g.value()).isCloseTo(0.1, within(1e-12));
    assertThat(g.detail()).endsWith("1 value(s) with fewer than 5 positives not gated");
  }
}
