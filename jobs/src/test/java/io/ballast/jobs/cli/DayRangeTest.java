package io.ballast.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DayRangeTest {
  static final LocalDate D1 = LocalDate.of(2026, 3, 1);
  static final LocalDate D2 = LocalDate.of(2026, 3, 5);

  @Test
  void aDateIsOneDayAndFromToARange() {
    assertThat(DayRange.parse("2026-03-01", null, null)).isEqualTo(new DayRange(D1, D1));
    assertThat(DayRange.parse(null, "2026-03-01", " 2026-03-05 ")).isEqualTo(new DayRange(D1, D2));
    assertThat(DayRange.parseOrAll(null, null)).isEqualTo(DayRange.ALL);
    assertThat(DayRange.ALL.ordered()).isEqualTo(DayRange.ALL);
  }

  @Test
  void dateAndRangeTogetherAreRejected() {
    assertThatThrownBy(() -> DayRange.parse("2026-03-01", "2026-03-01", null))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("--date")
        .hasMessageContaining("give either --date or --from/--to, not both");
  }

  @Test
  void aMissingBoundIsNamed() {
    assertThatThrownBy(() -> DayRange.parse(null, "2026-03-01", null))
        .hasMessageContaining("--to")
        .hasMessageContaining("give --date D, or both --from D1 and --to D2");
    assertThatThrownBy(() -> DayRange.parseOrAll(null, "2026-03-05"))
        .hasMessageContaining("--from")
        .hasMessageContaining("give --date D, or both --from D1 and --to D2");
  }

  @Test
  void aBadDateNamesItsOption() {
    assertThatThrownBy(() -> DayRange.parse(null, "2026-03-01", "2026-13-01"))
        .hasMessageContaining("--to")
        .hasMessageContaining("2026-13-01");
  }

  @Test
  void aReversedRangeParsesButIsNotOrdered() {
    DayRange reversed = DayRange.parse(null, "2026-03-05", "2026-03-01");
    assertThat(reversed).isEqualTo(new DayRange(D2, D1));
    assertThatThrownBy(reversed::ordered)
        .isInstanceOfSatisfying(BallastException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessage(
            "Cannot use the date range --from 2026-03-05 --to 2026-03-01: --from is after --to."
                + " Swap them or fix the dates.");
  }
}
