package io.ballast.features.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftSectionTest {
  private final PipelineLoader loader = new PipelineLoader(new SparkExpressionParser());

  private static final String BASE =
      """
      name: tiny
      entities:
        customer: {keys: [customer_id]}
      sources:
        tx: {table: ballast.tx, event_time: event_ts, partition_column: ds}
      feature_tables:
        - name: f
          entity: customer
          source: tx
          features:
            - {name: amount, expr: amount}
            - {name: category, expr: category}
      models:
        - {name: m, algorithm: gbt}
      """;

  @Test
  void defaultsWithoutASection() {
    DriftSpec d = loader.parse(BASE, "t.yaml").drift();
    assertThat(d).isEqualTo(DriftSpec.defaults());
    assertThat(d.thresholds())
        .containsEntry("psi", 0.2)
        .containsEntry("js_distance", 0.1)
        .containsEntry("ks_pvalue", 0.01)
        .containsEntry("attribution_share_change", 0.1)
        .doesNotContainKey("mean_delta");
    assertThat(d.drifted("ks_pvalue", 0.001)).contains(true);
    assertThat(d.drifted("psi", 0.1)).contains(false);
    assertThat(d.drifted("null_rate_delta", -0.2)).contains(true);
    assertThat(d.drifted("mean_delta", 99)).isEmpty();
  }

  @Test
  void readsTheSection() {
    DriftSpec d =
        loader
            .parse(
                BASE
                    + """
                    drift:
                      model: m
                      slices: [category, "amount > 1000"]
                      thresholds: {psi: 0.25, ks_pvalue: off, mean_delta: 10, attribution_share_change: 0.2}
                      drifted_share_bound: 0.3
                      bins: 10
                      exclude: [category]
                    """,
                "t.yaml")
            .drift();
    assertThat(d.model()).isEqualTo(Optional.of("m"));
    assertThat(d.slices()).containsExactly("category", "amount > 1000");
    assertThat(d.thresholds())
        .containsEntry("psi", 0.25)
        .containsEntry("mean_delta", 10.0)
        .containsEntry("attribution_share_change", 0.2)
        .doesNotContainKey("ks_pvalue");
    assertThat(d.driftedShareBound()).isEqualTo(0.3);
    assertThat(d.bins()).isEqualTo(10);
    assertThat(d.exclude()).isEqualTo(List.of("category"));
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    BASE
                        + """
                        drift:
                          model: nope
                          slices: ["amount +* 2"]
                          thresholds: {psi: -1, kl: 0.1}
                          drifted_share_bound: 2
                          bins: 1
                          exclude: [ghost]
                          feature_thresholds: {ghost: {psi: 1}, amount: {kl: 1, wasserstein: x}}
                          colour: red
                        """,
                    "t.yaml"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("drift.model: unknown model 'nope'; declared: [m]")
        .hasMessageContaining("drift.slices[0]: 'amount +* 2' does not parse")
        .hasMessageContaining("drift.thresholds.psi: expected a number >= 0 or off, got '-1'")
        .hasMessageContaining("drift.thresholds.kl: unknown statistic 'kl'")
        .hasMessageContaining("drift.drifted_share_bound: expected a share above 0 and at most 1")
        .hasMessageContaining("drift.bins: expected a whole number from 2 to 1000, got '1'")
        .hasMessageContaining("drift.exclude[0]: unknown feature 'ghost'")
        .hasMessageContaining("drift.feature_thresholds.ghost: unknown feature 'ghost'")
        .hasMessageContaining("drift.feature_thresholds.amount.kl: unknown statistic 'kl'")
        .hasMessageContaining(
            "drift.feature_thresholds.amount.wasserstein: expected a number >= 0 or off, got 'x'")
        .hasMessageContaining("drift.colour: unknown key 'colour'");
  }

  @Test
  void featureThresholdsOverrideTheSectionsPerFeature() {
    DriftSpec d =
        loader
            .parse(
                BASE
                    + """
                    drift:
                      feature_thresholds:
                        amount: {wasserstein: 0.3, ks_pvalue: off}
                      thresholds: {psi: 0.25}
                    """,
                "t.yaml")
            .drift();
    assertThat(d.threshold("amount", "wasserstein")).contains(0.3);
    assertThat(d.threshold("amount", "psi")).as("the section's, read in any order").contains(0.25);
    assertThat(d.threshold("amount", "ks_pvalue")).isEmpty();
    assertThat(d.threshold("category", "ks_pvalue")).contains(0.01);
    assertThat(d.drifted("amount", "wasserstein", 0.2)).contains(false);
    assertThat(d.drifted("category", "wasserstein", 0.2)).contains(true);
    assertThat(d.drifted("amount", "ks_pvalue", 0.0)).isEmpty();
  }

  @Test
  void pvalueMaxRowsDefaultsToEvidentlysCutAndReadsANumberOrOff() {
    assertThat(DriftSpec.defaults().pvalueMaxRows()).hasValue(1000);
    DriftSpec five = parseDrift("drift: {pvalue_max_rows: 5}");
    assertThat(five.pvalueMaxRows()).hasValue(5);
    // the effective sample size R T / (R + T): 10 and 10 give 5, 10 and 11 give 5.24
    assertThat(five.decides("amount", "ks_pvalue", 10, 10)).isTrue();
    assertThat(five.decides("amount", "ks_pvalue", 10, 11)).isFalse();
    assertThat(five.decides("amount", "ks_pvalue", 5, 1_000_000)).isTrue();
    assertThat(five.decides("amount", "wasserstein", 6, 6)).isTrue();
    for (String off : List.of("off", "null", "false")) {
      DriftSpec d = parseDrift("drift: {pvalue_max_rows: " + off + "}");
      assertThat(d.pvalueMaxRows()).as(off).isEmpty();
      assertThat(d.decides("amount", "chi2_pvalue", 1_000_000, 1_000_000)).as(off).isTrue();
    }
  }

  @Test
  void aFeaturesOwnPValueThresholdDecidesAtEverySize() {
    DriftSpec d =
        parseDrift(
            """
            drift:
              feature_thresholds:
                amount: {ks_pvalue: 0.001}
                category: {psi: 0.3}
            """);
    assertThat(d.decides("amount", "ks_pvalue", 50_000, 50_000)).isTrue();
    assertThat(d.decides("category", "ks_pvalue", 50_000, 50_000))
        .as("an entry that does not name the p-value keeps the size rule")
        .isFalse();
    assertThat(d.decides("category", "chi2_pvalue", 50_000, 50_000)).isFalse();
  }

  @Test
  void aNegativeOrNonNumberPValueMaxRowsIsADefinitionError() {
    for (String bad : List.of("-1", "many", "2.5", "[1000]")) {
      assertThatThrownBy(() -> parseDrift("drift: {pvalue_max_rows: " + bad + "}"))
          .as(bad)
          .isInstanceOf(BallastException.class)
          .hasMessageContaining(
              "drift.pvalue_max_rows: expected a whole number of rows >= 0 (e.g. 1000) or off,"
                  + " got ");
    }
  }

  @Test
  void theBaselineIsTrainingByDefaultOrARollingWindowOrTheSameWeekday() {
    assertThat(DriftSpec.defaults().baseline()).isEqualTo(DriftBaseline.TRAINING);
    assertThat(parseDrift("drift: {baseline: training}").baseline())
        .isEqualTo(DriftBaseline.TRAINING);
    DriftBaseline rolling = parseDrift("drift: {baseline: {rolling: 7d}}").baseline();
    assertThat(rolling).isEqualTo(DriftBaseline.rolling(7));
    assertThat(parseDrift("drift: {baseline: {rolling: 3}}").baseline())
        .isEqualTo(DriftBaseline.rolling(3));
    assertThat(rolling.comparison()).isEqualTo("rolling_7d");
    assertThat(rolling.lookbackDays()).isEqualTo(7);
    LocalDate sunday = LocalDate.of(2026, 12, 6);
    assertThat(rolling.referenceDays(sunday))
        .containsExactly(
            LocalDate.of(2026, 11, 29),
            LocalDate.of(2026, 11, 30),
            LocalDate.of(2026, 12, 1),
            LocalDate.of(2026, 12, 2),
            LocalDate.of(2026, 12, 3),
            LocalDate.of(2026, 12, 4),
            LocalDate.of(2026, 12, 5));
    DriftBaseline weekday = parseDrift("drift: {baseline: {same_weekday: 3}}").baseline();
    assertThat(weekday).isEqualTo(DriftBaseline.sameWeekday(3));
    assertThat(weekday.comparison()).isEqualTo("same_weekday_3");
    assertThat(weekday.lookbackDays()).isEqualTo(21);
    assertThat(weekday.referenceDays(sunday))
        .containsExactly(
            LocalDate.of(2026, 11, 15), LocalDate.of(2026, 11, 22), LocalDate.of(2026, 11, 29));
    assertThat(DriftBaseline.TRAINING.comparison()).isEqualTo("baseline");
    assertThat(DriftBaseline.TRAINING.referenceDays(sunday)).isEmpty();
  }

  @Test
  void aBadBaselineIsADefinitionErrorNamingItsPath() {
    assertThatThrownBy(() -> parseDrift("drift: {baseline: {weekly: 4}}"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining(
            "drift.baseline.weekly: unknown baseline 'weekly'; known: [training, rolling,"
                + " same_weekday]");
    for (String bad : List.of("0d", "0", "-3d", "seven", "[7]", "7w")) {
      assertThatThrownBy(() -> parseDrift("drift: {baseline: {rolling: " + bad + "}}"))
          .as(bad)
          .isInstanceOf(BallastException.class)
          .hasMessageContaining(
              "drift.baseline.rolling: expected a number of days from 1 to 3660 (e.g. 7d), got ");
    }
    for (String bad : List.of("0", "-1", "2.5", "4d")) {
      assertThatThrownBy(() -> parseDrift("drift: {baseline: {same_weekday: " + bad + "}}"))
          .as(bad)
          .isInstanceOf(BallastException.class)
          .hasMessageContaining(
              "drift.baseline.same_weekday: expected a number of weeks from 1 to 520 (e.g. 4),"
                  + " got ");
    }
    for (String bad : List.of("rolling", "{rolling: 7d, same_weekday: 4}", "[training]")) {
      assertThatThrownBy(() -> parseDrift("drift: {baseline: " + bad + "}"))
          .as(bad)
          .isInstanceOf(BallastException.class)
          .hasMessageContaining(
              "drift.baseline: expected training, {rolling: Nd} (the N days before) or"
                  + " {same_weekday: K} (the same weekday in the K weeks before), got ");
    }
  }

  @Test
  void calibrationIsOffByDefaultOrTheTrainingWindowOrGivenDays() {
    assertThat(DriftSpec.defaults().calibration()).isEmpty();
    assertThat(parseDrift("drift: {calibration: off}").calibration()).isEmpty();
    assertThat(parseDrift("drift: {calibration: training}").calibration())
        .contains(DriftCalibration.training());
    assertThat(parseDrift("drift: {calibration: {}}").calibration())
        .contains(new DriftCalibration(Optional.empty(), 0.95, 1.5));
    assertThat(
            parseDrift(
                    "drift: {calibration: {days: 2026-01-01..2026-02-28, quantile: 1, margin: 2}}")
                .calibration())
        .contains(
            new DriftCalibration(
                Optional.of(
                    new DriftCalibration.Window(
                        LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 28))),
                1.0,
                2.0));
  }

  @Test
  void aBadCalibrationIsADefinitionErrorNamingItsPath() {
    assertThatThrownBy(
            () ->
                parseDrift(
                    "drift: {calibration: {days: 2026-03-01..2026-02-01, quantile: 0,"
                        + " margin: 0.5, window: 3}}"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining(
            "drift.calibration.days: expected training or a range FROM..TO of ISO days with FROM"
                + " <= TO (e.g. 2026-01-01..2026-02-28), got '2026-03-01..2026-02-01'")
        .hasMessageContaining(
            "drift.calibration.quantile: expected a share above 0 and at most 1 (e.g. 0.95)")
        .hasMessageContaining(
            "drift.calibration.margin: expected a factor of at least 1 (e.g. 1.5)")
        .hasMessageContaining("drift.calibration.window: unknown key 'window'; known: [days,");
    assertThatThrownBy(() -> parseDrift("drift: {calibration: weekly}"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining(
            "drift.calibration: expected off, training, or {days: training or"
                + " 2026-01-01..2026-02-28, quantile: 0.95, margin: 1.5}, got ");
  }

  private DriftSpec parseDrift(String section) {
    return loader.parse(BASE + section + "\n", "t.yaml").drift();
  }
}
