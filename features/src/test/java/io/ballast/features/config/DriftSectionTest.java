package io.ballast.features.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
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
                      thresholds: {psi: 0.25, ks_pvalue: off, mean_delta: 10}
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

  private DriftSpec parseDrift(String section) {
    return loader.parse(BASE + section + "\n", "t.yaml").drift();
  }
}
