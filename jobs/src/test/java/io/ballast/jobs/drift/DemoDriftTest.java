package io.ballast.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which (feature, day) pairs the demo's injected faults are expected to move. */
class DemoDriftTest {
  static final LocalDate QUALITY = LocalDate.of(2026, 1, 8);
  static final LocalDate SHIFT = LocalDate.of(2026, 1, 11);
  static final LocalDate END = LocalDate.of(2026, 1, 14);
  static final List<DemoDrift.Fault> FAULTS =
      List.of(
          new DemoDrift.Fault("quality_incident", QUALITY, QUALITY, List.of("amount", "txn_id")),
          new DemoDrift.Fault(
              "distribution_shift",
              SHIFT,
              END,
              List.of("amount", "merchant_category", "merchant_id", "channel")));

  @Test
  void theShiftMovesItsColumnsAndTheirFeaturesFromItsDayOn() {
    for (String f :
        List.of(
            "amount",
            "merchant_category",
            "is_online",
            "amount_sum_7d",
            "merchant_txn_count_1d",
            "score")) {
      assertThat(DemoDrift.expected(FAULTS, f, SHIFT)).as(f).isTrue();
      assertThat(DemoDrift.expected(FAULTS, f, END)).as(f).isTrue();
    }
    assertThat(DemoDrift.expected(FAULTS, "merchant_category", SHIFT.minusDays(1))).isFalse();
    assertThat(DemoDrift.expected(FAULTS, "is_online", SHIFT.minusDays(1))).isFalse();
    for (String f : List.of("hour_of_day", "txn_count_1d", "velocity_ratio_1d_7d")) {
      for (LocalDate d = QUALITY; !d.isAfter(END); d = d.plusDays(1)) {
        assertThat(DemoDrift.expected(FAULTS, f, d)).as(f + " " + d).isFalse();
      }
    }
  }

  @Test
  void theQualityIncidentLingersAsLongAsTheWindowsOverAmount() {
    assertThat(DemoDrift.expected(FAULTS, "amount", QUALITY)).isTrue();
    assertThat(DemoDrift.expected(FAULTS, "amount", QUALITY.plusDays(1))).isFalse();
    assertThat(DemoDrift.expected(FAULTS, "amount_sum_1d", QUALITY.plusDays(1))).isTrue();
    assertThat(DemoDrift.expected(FAULTS, "amount_max_7d", QUALITY.plusDays(7))).isTrue();
    assertThat(DemoDrift.expected(FAULTS, "amount_sum_1d", QUALITY.plusDays(2))).isFalse();
  }
}
