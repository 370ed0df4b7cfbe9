package io.ballast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.config.Aggregate;
import io.ballast.features.config.AggregateFunction;
import io.ballast.features.config.Feature;
import io.ballast.features.config.FeatureTable;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 in plain Java: a train window on a source's first days (windows still filling up) is
 * warned about with the first as-of day that trains on full windows; a later one is not.
 */
class PartialWindowsTest {
  // Own source tx: a 7-day count and a 30-day average; labels: a 30-day sum.
  static final FeatureTable CUSTOMER =
      new FeatureTable(
          "cf",
          "customer",
          "tx",
          Optional.empty(),
          List.of(),
          List.of(
              new Feature("amount", Optional.of("amount"), Optional.empty()),
              agg("n_7d", AggregateFunction.COUNT, 7, Optional.empty()),
              agg("avg_30d", AggregateFunction.AVG, 30, Optional.empty()),
              agg("fraud_30d", AggregateFunction.SUM, 30, Optional.of("labels"))),
          "h");
  // Row values only: never partial.
  static final FeatureTable ROWS =
      new FeatureTable(
          "rows",
          "customer",
          "tx",
          Optional.empty(),
          List.of(),
          List.of(new Feature("amount", Optional.of("amount"), Optional.empty())),
          "h");
  static final LocalDate JAN1 = LocalDate.of(2026, 1, 1);
  static final Map<String, LocalDate> FIRST = Map.of("tx", JAN1, "labels", JAN1.plusDays(1));

  static Feature agg(String name, AggregateFunction fn, int days, Optional<String> source) {
    return new Feature(
        name,
        Optional.empty(),
        Optional.of(
            new Aggregate(fn, "amount", Duration.ofDays(days), false, source, Optional.empty())));
  }

  @Test
  void aTrainWindowOnTheFirstDaysIsWarnedAboutWithTheFirstAsOfOnFullWindows() {
    // The bench's 21 days: as of 01-21, train window 01-03 .. 01-09; the labels' 30-day window is
    // full last, from 01-02 + 30 days = 02-01, 29 days after 01-03.
    List<String> w =
        PartialWindows.warnings(
            "fraud_model",
            List.of(CUSTOMER, ROWS),
            FIRST,
            LocalDate.of(2026, 1, 3),
            JAN1.plusDays(20));
    assertThat(w)
        .containsExactly(
            "the train window of fraud_model starts on 2026-01-03, before the trailing windows of"
                + " cf are full (from 2026-02-01: its longest, 30d, reaches before the first source"
                + " day; tx from 2026-01-01, labels from 2026-01-02): its windowed features there"
                + " are lower than on the full-window days the model will score, and drift against"
                + " this version's baseline will flag them on clean days. Train as of 2026-02-19 or"
                + " later for full windows");
  }

  @Test
  void fullWindowsAndUnknownSourcesAreNotWarnedAbout() {
    assertThat(
            PartialWindows.warnings(
                "m", List.of(CUSTOMER, ROWS), FIRST, LocalDate.of(2026, 2, 1), JAN1.plusDays(50)))
        .isEmpty();
    // Only the own source known: its 30-day windows are full from 01-31.
    assertThat(
            PartialWindows.warnings(
                "m", List.of(CUSTOMER), Map.of("tx", JAN1), LocalDate.of(2026, 1, 31), JAN1))
        .isEmpty();
    assertThat(
            PartialWindows.warnings(
                "m", List.of(CUSTOMER), Map.of("tx", JAN1), LocalDate.of(2026, 1, 30), JAN1))
        .hasSize(1);
    assertThat(PartialWindows.warnings("m", List.of(CUSTOMER), Map.of(), JAN1, JAN1)).isEmpty();
  }
}
