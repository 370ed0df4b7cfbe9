package io.ballast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import io.ballast.features.pit.FeatureValues.Counts;
import io.ballast.features.pit.TimeSplit;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feature-value rules of a training set, on counts alone (no Spark). */
class TrainingDataTest {
  static final TimeSplit SPLIT =
      new TimeSplit(
          LocalDate.of(2026, 3, 1),
          LocalDate.of(2026, 3, 6),
          LocalDate.of(2026, 3, 7),
          LocalDate.of(2026, 3, 7),
          LocalDate.of(2026, 3, 8),
          LocalDate.of(2026, 3, 8));
  static final Counts GOOD = new Counts(100, 100, 0, 0, false);
  static final Map<String, String> TABLES = Map.of("x", "table t");

  static Map<String, Map<String, Counts>> windows(Counts train, Counts validation, Counts test) {
    Map<String, Map<String, Counts>> out = new LinkedHashMap<>();
    out.put(TimeSplit.TRAIN, Map.of("x", train));
    out.put(TimeSplit.VALIDATION, Map.of("x", validation));
    out.put(TimeSplit.TEST, Map.of("x", test));
    return out;
  }

  @Test
  void aGoodFeatureGivesNoWarningAndEmptyParams() {
    TrainingData.Verdict v = TrainingData.check("m", SPLIT, windows(GOOD, GOOD, GOOD), TABLES);
    assertThat(v.warnings()).isEmpty();
    assertThat(v.params())
        .containsEntry("data.nan_values", "")
        .containsEntry("data.constant_features", "");
  }

  @Test
  void noValueInTheTrainWindowIsRefusedEvenWhenOtherWindowsHaveSome() {
    // 60 null and 40 NaN: no usable value
    Counts none = new Counts(100, 40, 40, 0, false);
    assertThatThrownBy(() -> TrainingData.check("m", SPLIT, windows(none, GOOD, GOOD), TABLES))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot train model m on its training set 2026-03-01 .. 2026-03-08: feature x (table"
                + " t) has no value in the 100 rows of the train window 2026-03-01 .. 2026-03-06"
                + " (60 null, 40 NaN). Drop a feature without values from the model's features:"
                + " (or from its feature table), or fix the source or expression that computes it."
                + " Nothing was recorded.");
  }

  @Test
  void anInfiniteValueInAnyWindowIsRefusedWithItsCounts() {
    Counts one = new Counts(100, 100, 0, 1, false);
    assertThatThrownBy(() -> TrainingData.check("m", SPLIT, windows(GOOD, GOOD, one), TABLES))
        .hasMessageContaining(
            "feature x (table t) has 1 infinite values (train 0, validation 0, test 1). Turn"
                + " infinite values into null in the feature's expr");
  }

  @Test
  void nanIsImputedWithAWarningAndCountedInTheParams() {
    Counts nan = new Counts(100, 100, 3, 0, false);
    TrainingData.Verdict v = TrainingData.check("m", SPLIT, windows(nan, GOOD, nan), TABLES);
    assertThat(v.warnings())
        .containsExactly(
            "feature x (table t) has 6 NaN values (train 3, validation 0, test 3), imputed like"
                + " nulls with the train window's median");
    assertThat(v.params()).containsEntry("data.nan_values", "x=6");
  }

  @Test
  void aConstantFeatureIsAWarningNotARefusal() {
    Counts flat = new Counts(100, 90, 0, 0, true);
    TrainingData.Verdict v = TrainingData.check("m", SPLIT, windows(flat, GOOD, GOOD), TABLES);
    assertThat(v.warnings()).hasSize(1);
    assertThat(v.warnings().get(0))
        .startsWith("feature x (table t) has one value in all 90 rows of the train window");
    assertThat(v.params()).containsEntry("data.constant_features", "x");
  }
}
