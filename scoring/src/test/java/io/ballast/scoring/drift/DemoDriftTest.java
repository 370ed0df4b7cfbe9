package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

  @Test
  void detectionIsScoredPerFeatureAndInTotal() {
    DriftRow amount = drifted(SHIFT, "amount");
    DriftRow hour = drifted(SHIFT, "hour_of_day");
    DriftRow previous =
        new DriftRow(
            "tx_features",
            SHIFT.plusDays(1).toString(),
            "previous",
            "all",
            "all",
            "amount",
            "psi",
            1.0,
            0.2,
            true,
            null);
    DriftJob.Result r =
        new DriftJob.Result(
            "tx_features",
            "m/1",
            "baseline",
            SHIFT.toString(),
            SHIFT.plusDays(1).toString(),
            List.of("amount", "hour_of_day", "is_online"),
            List.of(),
            List.of(),
            List.of(),
            List.of(amount, hour, previous),
            0,
            0,
            List.of(),
            CalibratedThresholds.none());
    Map<String, DemoDrift.Detection> by =
        DemoDrift.scoreByFeature(List.of(r), FAULTS, SHIFT, SHIFT.plusDays(1));
    // amount: expected both days, flagged (against the baseline) on the first only
    assertThat(by.get("tx_features.amount")).isEqualTo(new DemoDrift.Detection(1, 0, 1));
    assertThat(by.get("tx_features.hour_of_day")).isEqualTo(new DemoDrift.Detection(0, 1, 0));
    assertThat(by.get("tx_features.is_online")).isEqualTo(new DemoDrift.Detection(0, 0, 2));
    assertThat(DemoDrift.score(List.of(r), FAULTS, SHIFT, SHIFT.plusDays(1)))
        .isEqualTo(new DemoDrift.Detection(1, 1, 3));
  }

  static DriftRow drifted(LocalDate day, String feature) {
    return new DriftRow(
        "tx_features",
        day.toString(),
        "baseline",
        "all",
        "all",
        feature,
        "psi",
        1.0,
        0.2,
        true,
        null);
  }
}
