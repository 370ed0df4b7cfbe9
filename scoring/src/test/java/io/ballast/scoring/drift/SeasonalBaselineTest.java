package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.config.DriftBaseline;
import io.ballast.features.config.DriftSpec;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rolling and same-weekday baselines, without Spark, on a weekly-seasonal series: five weeks of one
 * numeric feature (four bins, 100 rows a day), weekdays spread evenly, weekends heavier at the top,
 * and one real shift on Wednesday 2026-12-02.
 */
class SeasonalBaselineTest {
  static final LocalDate FIRST = LocalDate.of(2026, 11, 2); // a Monday
  static final LocalDate FROM = LocalDate.of(2026, 11, 23); // the last two weeks are tested
  static final LocalDate TO = LocalDate.of(2026, 12, 6);
  static final LocalDate SHIFT = LocalDate.of(2026, 12, 2);
  static final double[] MID = {5, 15, 25, 35};
  static final long[] WEEKDAY = {25, 25, 25, 25};
  static final long[] WEEKEND = {5, 10, 35, 50};
  static final long[] SHIFTED = {90, 10, 0, 0};

  /** The training window looked like weekdays: 1,000 rows spread evenly. */
  static final BaselineProfile TRAINING =
      new BaselineProfile(
          "m/1",
          "m",
          "1",
          List.of(
              new FeatureProfile(
                  BinnedCounts.ALL,
                  BinnedCounts.ALL,
                  "amount",
                  FeatureProfile.Kind.NUMERIC,
                  new double[] {10, 20, 30},
                  List.of(),
                  histogram(new long[] {250, 250, 250, 250}),
                  0,
                  40)));

  static Histogram histogram(long[] n) {
    HistogramSums h = new HistogramSums(n.length);
    for (int b = 0; b < n.length; b++) {
      h.add(b, n[b], n[b] * MID[b], n[b] * MID[b] * MID[b]);
    }
    return h.histogram();
  }

  static boolean weekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  /** What the one counting pass returns for FIRST..TO. */
  static List<DriftCalculator.Cell> cells() {
    List<DriftCalculator.Cell> out = new ArrayList<>();
    for (LocalDate d = FIRST; !d.isAfter(TO); d = d.plusDays(1)) {
      addCells(out, d, "amount", d.equals(SHIFT) ? SHIFTED : weekend(d) ? WEEKEND : WEEKDAY);
    }
    return out;
  }

  /** The cells of one day of {@code feature} (slice 'all') with {@code n[b]} rows at MID[b]. */
  static void addCells(List<DriftCalculator.Cell> out, LocalDate d, String feature, long[] n) {
    for (int b = 0; b < n.length; b++) {
      if (n[b] > 0) {
        out.add(
            new DriftCalculator.Cell(
                d.toString(),
                BinnedCounts.ALL,
                BinnedCounts.ALL,
                feature,
                b,
                n[b],
                n[b] * MID[b],
                n[b] * MID[b] * MID[b]));
      }
    }
  }

  static DriftCalculator.Output run(DriftBaseline b, LocalDate from, LocalDate to) {
    return DriftCalculator.compute(
        "t",
        TRAINING,
        List.of("amount"),
        cells(),
        from.datesUntil(to.plusDays(1)).toList(),
        DriftSpec.defaults().withBaseline(b),
        CalibratedThresholds.none());
  }

  static List<String> flaggedDays(DriftCalculator.Output out, String comparison) {
    return out.summaries().stream()
        .filter(s -> s.comparison().equals(comparison) && s.drifted())
        .map(DriftSummary::ds)
        .toList();
  }

  @Test
  void theTrainingBaselineFlagsEveryWeekendAndTheShift() {
    DriftCalculator.Output out = run(DriftBaseline.TRAINING, FROM, TO);
    assertThat(flaggedDays(out, "baseline"))
        .containsExactly("2026-11-28", "2026-11-29", "2026-12-02", "2026-12-05", "2026-12-06");
  }

  @Test
  void theSameWeekdayBaselineFlagsOnlyTheRealShift() {
    DriftBaseline b = DriftBaseline.sameWeekday(3);
    DriftCalculator.Output out = run(b, FROM, TO);
    assertThat(flaggedDays(out, "same_weekday_3")).containsExactly("2026-12-02");
    assertThat(out.rows())
        .as("rows say which baseline they were compared against; none against the training one")
        .extracting(DriftRow::comparison)
        .containsOnly("same_weekday_3", DriftCalculator.PREVIOUS);
    assertThat(out.summaries()).hasSize(14 * 2);
    DriftRow saturday = row(out, "2026-12-05", "same_weekday_3", "psi");
    assertThat(saturday.value()).isZero();
    assertThat(saturday.drifted()).isFalse();
    DriftRow shift = row(out, "2026-12-02", "same_weekday_3", "ks_pvalue");
    assertThat(shift.drifted()).as("n_eff of 300 and 100 rows is 75: the p-value decides").isTrue();
    assertThat(row(out, "2026-12-03", "same_weekday_3", "psi").drifted())
        .as("the Thursday after the shift is compared with earlier Thursdays only")
        .isFalse();
  }

  @Test
  void aRollingBaselineSumsTheNDaysBefore() {
    DriftCalculator.Output out = run(DriftBaseline.rolling(3), FROM, TO);
    // Tuesday 12-01 (mean 20) against 11-28..11-30: a weekend (mean 28) and a Monday (mean 20)
    assertThat(row(out, "2026-12-01", "rolling_3d", "mean_delta").value())
        .isCloseTo(20 - (2 * 28.0 + 20) / 3, within(1e-9));
    assertThat(row(out, "2026-12-01", "previous", "mean_delta").value())
        .as("the previous day is still the day before")
        .isZero();
    assertThat(row(out, "2026-11-30", "previous", "mean_delta").value())
        .isCloseTo(20 - 28, within(1e-9));
  }

  @Test
  void aSameWeekdayBaselineSumsThePreviousWeeksOnly() {
    DriftCalculator.Output out = run(DriftBaseline.sameWeekday(3), FROM, TO);
    // the shift (mean 6) against three earlier Wednesdays (mean 20), not itself
    assertThat(row(out, "2026-12-02", "same_weekday_3", "mean_delta").value())
        .isCloseTo(6 - 20, within(1e-9));
  }

  @Test
  void aBaselineWithNoEarlierRowsSaysWhichDaysItLookedAt() {
    DriftCalculator.Output out = run(DriftBaseline.rolling(7), FIRST, FIRST);
    DriftRow psi = row(out, "2026-11-02", "rolling_7d", "psi");
    assertThat(psi.value()).isNull();
    assertThat(psi.reason())
        .isEqualTo(
            "the baseline, the 7 days before 2026-11-02 (2026-10-26..2026-11-01), has no rows in"
                + " this slice");
    DriftRow weekly =
        row(run(DriftBaseline.sameWeekday(2), FIRST, FIRST), "2026-11-02", "same_weekday_2", "psi");
    assertThat(weekly.reason())
        .isEqualTo(
            "the baseline, the same weekday in the 2 weeks before 2026-11-02 [2026-10-19,"
                + " 2026-10-26], has no rows in this slice");
  }

  static DriftRow row(DriftCalculator.Output out, String ds, String comparison, String statistic) {
    return out.rows().stream()
        .filter(
            r ->
                r.ds().equals(ds)
                    && r.comparison().equals(comparison)
                    && r.statistic().equals(statistic))
        .findFirst()
        .orElseThrow(() -> new AssertionError(ds + " " + comparison + " " + statistic));
  }
}
