package io.ballast.features.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValidationReaderTest {
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
      models:
        - name: m
          algorithm: logistic_regression
      """;

  @Test
  void readsEveryKeyAndDefaultsTheRest() {
    ValidationSpec v =
        loader
            .parse(
                BASE
                    + """
                        validation:
                          threshold: 0.3
                          slices: [category, "amount > 1000"]
                          protected_attribute: "is_online = 1"
                          gates:
                            min: {roc_auc: 0.6}
                            max: {ece: 0.1}
                            max_slice_gap: {roc_auc: 0.2}
                            fairness: {statistical_parity: 0.2}
                            champion: {metric: pr_auc, min_relative_change: 0.01, bootstrap: 50}
                    """,
                "tiny.yaml")
            .models()
            .get(0)
            .validation();
    assertThat(v.threshold()).isEqualTo(0.3);
    assertThat(v.topKPercent()).isEqualTo(1.0);
    assertThat(v.eceBins()).isEqualTo(10);
    assertThat(v.slices()).containsExactly("category", "amount > 1000");
    assertThat(v.protectedAttribute()).hasValue("is_online = 1");
    assertThat(v.min()).isEqualTo(Map.of("roc_auc", 0.6));
    assertThat(v.max()).isEqualTo(Map.of("ece", 0.1));
    assertThat(v.maxSliceGap()).isEqualTo(Map.of("roc_auc", 0.2));
    assertThat(v.fairness()).isEqualTo(Map.of("statistical_parity", 0.2));
    assertThat(v.champion())
        .hasValue(new ValidationSpec.ChampionGate("pr_auc", 0.0, 0.01, 50, 0.95, 17));
  }

  @Test
  void aModelWithoutValidationGetsTheDefaults() {
    ModelSpec m = loader.parse(BASE, "tiny.yaml").models().get(0);
    assertThat(m.validation()).isEqualTo(ValidationSpec.DEFAULT);
    assertThat(m.validation().champion()).isEqualTo(Optional.empty());
  }

  @Test
  void everyProblemIsReportedWithItsPath() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    BASE
                        + """
                            validation:
                              threshold: 2
                              colour: red
                              slices: ["amount >* 2"]
                              protected_attribute: "is_online = = 1"
                              gates:
                                min: {accuracy: 0.9, roc_auc: high}
                                max_slice_gap: {roc_auc: 0.2}
                                fairness: {disparate_impact: 0.8}
                                champion: {metric: rows, bootstrap: -1}
                        """,
                    "tiny.yaml"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("models[0].validation.threshold: expected a number from 0.0 to 1.0")
        .hasMessageContaining("models[0].validation.colour: unknown key 'colour'")
        .hasMessageContaining("models[0].validation.slices[0]: 'amount >* 2' does not parse")
        .hasMessageContaining(
            "models[0].validation.protected_attribute: 'is_online = = 1' does not parse")
        .hasMessageContaining(
            "models[0].validation.gates.min.accuracy: unknown metric 'accuracy'; known: "
                + ValidationSpec.knownMetrics())
        .hasMessageContaining(
            "models[0].validation.gates.min.roc_auc: expected a number, got 'high'")
        .hasMessageContaining(
            "models[0].validation.gates.fairness.disparate_impact: unknown metric"
                + " 'disparate_impact'; known: "
                + List.of(
                    "statistical_parity",
                    "equal_opportunity",
                    "predictive_parity",
                    "predictive_equality"))
        .hasMessageContaining("models[0].validation.gates.champion.metric: unknown metric 'rows'")
        .hasMessageContaining("models[0].validation.gates.champion.bootstrap: expected a number");
  }

  @Test
  void slicesGapsAndFairnessNeedTheirInputs() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    BASE
                        + """
                            validation:
                              gates: {max_slice_gap: {roc_auc: 0.2}, fairness: {statistical_parity: 0.1}}
                        """,
                    "tiny.yaml"))
        .hasMessageContaining("models[0].validation.gates.max_slice_gap: needs validation.slices")
        .hasMessageContaining(
            "models[0].validation.gates.fairness: needs validation.protected_attribute");
  }
}
