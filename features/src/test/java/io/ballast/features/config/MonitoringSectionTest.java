package io.ballast.features.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import org.junit.jupiter.api.Test;

class MonitoringSectionTest {
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
      """;

  @Test
  void noBoundsWithoutASection() {
    MonitoringSpec m = loader.parse(BASE, "t.yaml").monitoring();
    assertThat(m).isEqualTo(MonitoringSpec.defaults());
    assertThat(m.hasBounds()).isFalse();
    assertThat(m.minLabels()).isEqualTo(30);
  }

  @Test
  void readsTheLiveBounds() {
    MonitoringSpec m =
        loader
            .parse(
                BASE
                    + """
                    monitoring:
                      live: {min: {roc_auc: 0.65, recall: 0.5}, max: {ece: 0.1}, min_labels: 50}
                    """,
                "t.yaml")
            .monitoring();
    assertThat(m.min()).containsEntry("roc_auc", 0.65).containsEntry("recall", 0.5);
    assertThat(m.max()).containsEntry("ece", 0.1).hasSize(1);
    assertThat(m.minLabels()).isEqualTo(50);
  }

  @Test
  void anUnknownMetricIsADefinitionErrorNamingItsPath() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    BASE
                        + """
                        monitoring:
                          live:
                            min: {auc: 0.65, recall: high}
                            max: {ece: 0.1}
                            min_labels: 0
                            window: 7d
                        """,
                    "t.yaml"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining(
            "monitoring.live.min.auc: unknown metric 'auc'; known: [roc_auc, precision, recall,"
                + " f1, ece, brier, mean_score, positive_rate]")
        .hasMessageContaining("monitoring.live.min.recall: expected a number, got 'high'")
        .hasMessageContaining(
            "monitoring.live.min_labels: expected a whole number of at least 1, got '0'")
        .hasMessageContaining(
            "monitoring.live.window: unknown key 'window'; known keys: [max, min, min_labels]");
  }
}
