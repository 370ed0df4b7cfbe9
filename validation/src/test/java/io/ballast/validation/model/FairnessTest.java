package io.ballast.validation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FairnessTest {
  static SliceMetrics group(String v, double tp, double fp, double fn, double tn) {
    return new SliceMetrics("p", v, Map.of(), Map.of("tp", tp, "fp", fp, "fn", fn, "tn", tn));
  }

  @Test
  void differencesAreProtectedMinusRestOfEachRate() {
    // Protected: 10 rows, 4 predicted positive (3 right), 5 positives. Rest: 20 rows, 4 predicted
    // positive (2 right), 4 positives.
    Map<String, Double> d =
        Fairness.differences(
            Optional.of(group("true", 3, 1, 2, 4)), Optional.of(group("false", 2, 2, 2, 14)));
    assertThat(d.get("statistical_parity")).isCloseTo(4.0 / 10 - 4.0 / 20, within(1e-12));
    assertThat(d.get("equal_opportunity")).isCloseTo(3.0 / 5 - 2.0 / 4, within(1e-12));
    assertThat(d.get("predictive_parity")).isCloseTo(3.0 / 4 - 2.0 / 4, within(1e-12));
    assertThat(d.get("predictive_equality")).isCloseTo(1.0 / 5 - 2.0 / 16, within(1e-12));
  }

  @Test
  void aRateWithoutDenominatorOrAMissingGroupIsAbsent() {
    Map<String, Double> d =
        Fairness.differences(
            Optional.of(group("true", 0, 0, 2, 4)), Optional.of(group("false", 2, 2, 2, 14)));
    assertThat(d).containsKeys("statistical_parity", "equal_opportunity", "predictive_equality");
    assertThat(d).doesNotContainKey("predictive_parity");
    assertThat(Fairness.differences(Optional.empty(), Optional.of(group("false", 1, 1, 1, 1))))
        .isEmpty();
  }
}
