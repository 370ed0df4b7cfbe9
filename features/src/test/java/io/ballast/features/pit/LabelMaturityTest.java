package io.ballast.features.pit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which label days a run may use, without Spark. */
class LabelMaturityTest {
  static final LocalDate AS_OF = LocalDate.of(2026, 3, 20);
  static final LabelDelays.Measured NONE = new LabelDelays.Measured(0, 0);

  @Test
  void knownByDefaultsToAsOfAndTheWindowsEndAtTheLastMatureDay() {
    LabelMaturity m =
        LabelMaturity.of(AS_OF, Optional.empty(), Optional.of(Duration.ofDays(10)), NONE);
    assertThat(m.knownBy()).isEqualTo(AS_OF);
    assertThat(m.maturityDays()).isEqualTo(10);
    assertThat(m.lastDay()).isEqualTo(LocalDate.of(2026, 3, 10));
    assertThat(m.params())
        .containsEntry("labels_known_by", "2026-03-20")
        .containsEntry("label_maturity_days", "10")
        .containsEntry("label_last_mature_day", "2026-03-10");
  }

  @Test
  void anyPartOfADayOfDelayMakesTheDayBeforeTheLastMature() {
    // 3 h: the labels of 03-19's last events arrive on 03-20, so 03-19 is the last mature day.
    LabelMaturity m =
        LabelMaturity.of(
            AS_OF, Optional.empty(), Optional.empty(), new LabelDelays.Measured(3 * 3600, 500));
    assertThat(m.maturityDays()).isEqualTo(1);
    assertThat(m.lastDay()).isEqualTo(LocalDate.of(2026, 3, 19));
    assertThat(m.source()).contains("over 500 labels known by 2026-03-20 = 0.13 days");
    LabelMaturity zero = LabelMaturity.of(AS_OF, Optional.empty(), Optional.empty(), NONE);
    assertThat(zero.lastDay()).isEqualTo(AS_OF);
  }

  @Test
  void anEarlierKnownByMovesTheWindowsBack() {
    LabelMaturity m =
        LabelMaturity.of(
            AS_OF, Optional.of(LocalDate.of(2026, 3, 15)), Optional.of(Duration.ofDays(2)), NONE);
    assertThat(m.lastDay()).isEqualTo(LocalDate.of(2026, 3, 13));
  }

  @Test
  void aKnownByAfterAsOfIsRefused() {
    assertThatThrownBy(
            () -> LabelMaturity.of(AS_OF, Optional.of(AS_OF.plusDays(1)), Optional.empty(), NONE))
        .hasMessage(
            "Cannot train as of 2026-03-20: --known-by 2026-03-21 is later than --as-of, so the"
                + " model would learn from labels that arrived after the day it is trained on."
                + " Pass a --known-by on or before 2026-03-20, or leave it out (it defaults to"
                + " --as-of).");
  }
}
