package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.config.DriftBaseline;
import io.ballast.features.config.DriftCalibration;
import io.ballast.features.config.DriftSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Thresholds calibrated on quiet days, without Spark: one numeric feature (four bins, 100 rows a
 * day) whose distribution moves a lot every day, as an airport's 7-day delay rate does; 21 quiet
 * days (2026-11-01..21) calibrate, then seven quiet days and one broken day (2026-11-26: every row
 * in the first bin) are tested.
 */
class CalibratedThresholdsTest {
  static final LocalDate FIRST = LocalDate.of(2026, 11, 1);
  static final DriftCalibration.Window QUIET =
      new DriftCalibration.Window(FIRST, LocalDate.of(2026, 11, 21));
  static final LocalDate FROM = LocalDate.of(2026, 11, 22);
  static final LocalDate TO = LocalDate.of(2026, 11, 29);
  static final LocalDate BROKEN = LocalDate.of(2026, 11, 26);

  /** A quiet day: the four bins 25 +- a swing of up to 15 rows, different every day. */
  static long[] quiet(int i) {
    int a = (i * 7) % 31 - 15; // -15..15
    int b = (i * 11) % 29 - 14;
    return new long[] {25 + a, 25 - a, 25 + b, 25 - b};
  }

  static final BaselineProfile TRAINING =
      new BaselineProfile(
          "m/1",
          "m",
          "1",
          List.of(
              new FeatureProfile(
                  BinnedCounts.ALL,
                  BinnedCounts.ALL,
                  "rate",
                  FeatureProfile.Kind.NUMERIC,
                  new double[] {10, 20, 30},
                  List.of(),
                  SeasonalBaselineTest.histogram(new long[] {250, 250, 250, 250}),
                  0,
                  40)));

  static List<DriftCalculator.Cell> cells() {
    List<DriftCalculator.Cell> out = new ArrayList<>();
    int i = 0;
    for (LocalDate d = FIRST; !d.isAfter(TO); d = d.plusDays(1), i++) {
      SeasonalBaselineTest.addCells(
          out, d, "rate", d.equals(BROKEN) ? new long[] {100, 0, 0, 0} : quiet(i));
    }
    return out;
  }

  static DriftSpec spec(Optional<DriftCalibration> c, Map<String, Map<String, Double>> own) {
    DriftSpec d = DriftSpec.defaults();
    Map<String, Set<String>> named =
        own.isEmpty() ? Map.of() : Map.of("rate", Set.copyOf(own.get("rate").keySet()));
    Map<String, Map<String, Double>> perFeature = Map.of();
    if (!own.isEmpty()) {
      Map<String, Double> t = new java.util.LinkedHashMap<>(d.thresholds());
      t.putAll(own.get("rate"));
      perFeature = Map.of("rate", Map.copyOf(t));
    }
    return new DriftSpec(
        Optional.empty(),
        List.of(),
        d.thresholds(),
        d.driftedShareBound(),
        d.bins(),
        List.of(),
        perFeature,
        OptionalLong.of(DriftSpec.DEFAULT_PVALUE_MAX_ROWS),
        named,
        DriftBaseline.TRAINING,
        c);
  }

  static final List<LocalDate> TESTED = FROM.datesUntil(TO.plusDays(1)).toList();

  static DriftCalculator.Output run(DriftSpec spec) {
    CalibratedThresholds c =
        spec.calibration().isEmpty()
            ? CalibratedThresholds.none()
            : DriftCalculator.calibrate("t", TRAINING, List.of("rate"), cells(), QUIET, spec);
    return DriftCalculator.compute("t", TRAINING, List.of("rate"), cells(), TESTED, spec, c);
  }

  static List<String> flagged(DriftCalculator.Output out, String comparison) {
    return out.summaries().stream()
        .filter(s -> s.comparison().equals(comparison) && s.drifted())
        .map(DriftSummary::ds)
        .toList();
  }

  @Test
  void theConfiguredThresholdsFlagQuietDays() {
    DriftCalculator.Output out = run(spec(Optional.empty(), Map.of()));
    assertThat(flagged(out, "baseline")).contains(BROKEN.toString()).hasSizeGreaterThan(3);
    assertThat(flagged(out, "previous")).hasSizeGreaterThan(3);
  }

  @Test
  void calibratedThresholdsFlagOnlyTheBrokenDayInBothComparisons() {
    DriftCalculator.Output out = run(spec(Optional.of(DriftCalibration.training()), Map.of()));
    assertThat(flagged(out, "baseline")).containsExactly(BROKEN.toString());
    // against the previous day, the broken day and the day after it (compared with the broken one)
    assertThat(flagged(out, "previous"))
        .containsExactly(BROKEN.toString(), BROKEN.plusDays(1).toString());
    DriftSpec spec = spec(Optional.of(DriftCalibration.training()), Map.of());
    assertThat(
            DriftCalculator.calibrate("t", TRAINING, List.of("rate"), cells(), QUIET, spec)
                .describe("baseline", 1))
        .matches(
            "thresholds calibrated on 2026-11-01..2026-11-21 \\(1.5 x the 0.95 quantile of each"
                + " day's value\\): [1-3] of 4 effect sizes raised against baseline: rate [a-z_]+"
                + " [0-9.]+ -> [0-9.]+(; 1 p-value thresholds lowered)?");
  }

  @Test
  void aCalibratedThresholdIsMarginTimesTheQuantileOfTheQuietDaysAndSaysSo() {
    DriftSpec spec = spec(Optional.of(DriftCalibration.training()), Map.of());
    DriftCalculator.Output quiet =
        DriftCalculator.compute(
            "t",
            TRAINING,
            List.of("rate"),
            cells(),
            QUIET.from().datesUntil(QUIET.to().plusDays(1)).toList(),
            spec.uncalibrated(),
            CalibratedThresholds.none());
    double[] psi =
        quiet.rows().stream()
            .filter(r -> r.comparison().equals("baseline") && r.statistic().equals("psi"))
            .mapToDouble(DriftRow::value)
            .sorted()
            .toArray();
    assertThat(psi).hasSize(21);
    // 21 days: the 95th percentile is the 20th value (rank ceil(0.95 x 21) = 20)
    double expected = 1.5 * psi[19];
    DriftRow row = SeasonalBaselineTest.row(run(spec), "2026-11-22", "baseline", "psi");
    assertThat(row.threshold()).isCloseTo(expected, within(1e-12)).isGreaterThan(0.2);
    assertThat(row.drifted()).isFalse();
    assertThat(row.reason())
        .startsWith("threshold calibrated on 21 days (2026-11-01..2026-11-21): 1.5 x their 0.95")
        .endsWith("above the configured 0.2");
  }

  @Test
  void explicitFeatureThresholdsAreNotCalibratedAndPValuesLowTailIs() {
    DriftSpec spec =
        spec(Optional.of(DriftCalibration.training()), Map.of("rate", Map.of("psi", 0.3)));
    DriftCalculator.Output out = run(spec);
    DriftRow psi = SeasonalBaselineTest.row(out, "2026-11-22", "baseline", "psi");
    assertThat(psi.threshold()).as("the feature's own entry wins").isEqualTo(0.3);
    DriftRow p = SeasonalBaselineTest.row(out, "2026-11-22", "previous", "ks_pvalue");
    assertThat(p.threshold()).as("n_eff 50: the p-value decides, lowered").isLessThan(0.01);
    assertThat(p.reason()).contains("their 0.05 quantile").endsWith("below the configured 0.01");
    assertThat(SeasonalBaselineTest.row(out, "2026-11-22", "baseline", "js_distance").threshold())
        .as("the feature's other statistics are still calibrated")
        .isGreaterThan(0.1);
  }

  @Test
  void tooFewQuietDaysKeepTheConfiguredThreshold() {
    DriftSpec spec = spec(Optional.of(DriftCalibration.training()), Map.of());
    DriftCalibration.Window six = new DriftCalibration.Window(FIRST, FIRST.plusDays(5));
    CalibratedThresholds c =
        DriftCalculator.calibrate("t", TRAINING, List.of("rate"), cells(), six, spec);
    assertThat(c.isEmpty()).isTrue();
    assertThat(c.describe("baseline", 3))
        .isEqualTo(
            "thresholds not calibrated against baseline: fewer than 7 of the calibration days"
                + " (2026-11-01..2026-11-06) have rows in this table; the configured thresholds"
                + " decide");
    DriftCalculator.Output out =
        DriftCalculator.compute("t", TRAINING, List.of("rate"), cells(), TESTED, spec, c);
    assertThat(SeasonalBaselineTest.row(out, "2026-11-22", "baseline", "psi").threshold())
        .isEqualTo(0.2);
  }

  @Test
  void theQuantileIsTheValueAtRankCeilQn() {
    List<Double> oneToTwenty = IntStream.rangeClosed(1, 20).mapToObj(i -> (double) i).toList();
    assertThat(CalibratedThresholds.quantile(oneToTwenty, 0.95)).isEqualTo(19.0);
    assertThat(CalibratedThresholds.quantile(oneToTwenty, 1.0)).isEqualTo(20.0);
    assertThat(CalibratedThresholds.quantile(oneToTwenty, 0.5)).isEqualTo(10.0);
    assertThat(CalibratedThresholds.quantile(oneToTwenty, 0.01)).isEqualTo(1.0);
  }

  @Test
  void aStableFeatureKeepsTheConfiguredThresholdAsItsFloor() {
    DriftSpec spec = spec(Optional.of(DriftCalibration.training()), Map.of());
    List<DriftRow> still = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      still.add(
          new DriftRow(
              "t", "d" + i, "baseline", "all", "all", "rate", "psi", 0.001 * i, 0.2, false, null));
      still.add(
          new DriftRow(
              "t", "d" + i, "baseline", "all", "all", "rate", "ks_pvalue", 0.5, 0.01, false, null));
    }
    CalibratedThresholds c =
        CalibratedThresholds.learn(still, spec, spec.calibration().get(), QUIET);
    CalibratedThresholds.Entry e =
        c.get(new CalibratedThresholds.Key("baseline", "all", "all", "rate", "psi")).orElseThrow();
    assertThat(e.threshold()).isEqualTo(0.2);
    assertThat(e.raised()).isFalse();
    assertThat(e.daily()).isCloseTo(0.009, within(1e-12));
    CalibratedThresholds.Entry p =
        c.get(new CalibratedThresholds.Key("baseline", "all", "all", "rate", "ks_pvalue"))
            .orElseThrow();
    assertThat(p.threshold()).as("a p-value keeps its configured ceiling").isEqualTo(0.01);
  }
}
