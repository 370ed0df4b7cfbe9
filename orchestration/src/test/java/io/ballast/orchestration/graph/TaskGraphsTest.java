package io.ballast.orchestration.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.config.ExpressionParser;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.orchestration.Demo;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskGraphsTest {
  static final String P = "card_fraud.yaml";
  final PipelineDefinition demo = Demo.definition();

  @Test
  void dailyGraphOfTheDemo() {
    TaskGraph g = TaskGraphs.daily(demo, P);
    assertThat(g.name()).isEqualTo("ballast_card_fraud_daily");
    assertThat(g.topologicalOrder())
        .extracting(Task::id)
        .containsExactly(
            "quality_check_transactions",
            "quality_check_fraud_labels",
            "features_build_customer_features",
            "quality_check_customer_features",
            "features_build_merchant_features",
            "quality_check_merchant_features",
            "score",
            "drift_features",
            "drift_predictions",
            "live_performance");
    Task build = g.task("features_build_customer_features").orElseThrow();
    assertThat(build.args())
        .containsExactly(
            "features",
            "build",
            "--pipeline",
            P,
            "--table",
            "customer_features",
            "--date",
            "{{ data_interval_start | ds }}");
    assertThat(build.upstream())
        .containsExactly("quality_check_transactions", "quality_check_fraud_labels");
    assertThat(build.reads()).containsExactly("ballast.transactions", "ballast.fraud_labels");
    assertThat(build.writes()).containsExactly("ballast.customer_features");
    assertThat(build.retries()).isEqualTo(2);
    assertThat(build.retryDelay()).isEqualTo(Duration.ofMinutes(5));
    Task score = g.task("score").orElseThrow();
    assertThat(score.upstream())
        .containsExactly("quality_check_customer_features", "quality_check_merchant_features");
    assertThat(score.writes()).containsExactly("ballast.card_fraud_predictions");
    assertThat(g.task("drift_predictions").orElseThrow().upstream()).containsExactly("score");
    Task live = g.task("live_performance").orElseThrow();
    assertThat(live.args())
        .containsExactly(
            "drift", "performance", "--pipeline", P, "--date", "{{ data_interval_start | ds }}");
    assertThat(live.upstream()).containsExactly("score");
    assertThat(live.reads())
        .containsExactly("ballast.card_fraud_predictions", "ballast.fraud_labels");
    assertThat(live.writes()).containsExactly("ballast.model_metrics");
    assertThat(g.task("quality_check_fraud_labels").orElseThrow().args())
        .containsExactly(
            "quality",
            "check",
            "--pipeline",
            P,
            "--table",
            "fraud_labels",
            "--date",
            "{{ data_interval_start | ds }}");
  }

  @Test
  void retrainingGraphPassesTheTriggerConfToTrain() {
    TaskGraph g = TaskGraphs.retraining(demo, P);
    assertThat(g.name()).isEqualTo("ballast_card_fraud_retrain");
    assertThat(g.topologicalOrder())
        .extracting(Task::id)
        .containsExactly("training_set", "train", "validate", "promote");
    assertThat(g.edges())
        .containsExactly(
            List.of("training_set", "train"),
            List.of("train", "validate"),
            List.of("validate", "promote"));
    assertThat(g.task("train").orElseThrow().args())
        .contains("--reason", TaskGraphs.REASON, "--drift-summary", TaskGraphs.DRIFT_SUMMARY);
    // A local run has no trigger conf: the reason's fallback, and no drift summary.
    assertThat(g.task("train").orElseThrow().argsFor(LocalDate.of(2026, 6, 2)))
        .containsExactly("train", "--pipeline", P, "--date", "2026-06-02", "--reason", "manual");
    assertThat(g.task("training_set").orElseThrow().reads())
        .containsExactly(
            "ballast.customer_features", "ballast.merchant_features", "ballast.fraud_labels");
  }

  @Test
  void aTableReadingOnlyItsOwnSourceWaitsOnlyForThatSourcesCheck() {
    String yaml =
        """
        name: tiny
        schedule: {retries: 0, retry_delay_minutes: 1}
        entities: {c: {keys: [id]}}
        sources:
          events: {path: /data/events, format: parquet, event_time: ts}
          unused: {table: ballast.unused, event_time: ts}
        feature_tables:
          - name: f
            entity: c
            source: events
            features: [{name: n, agg: count, window: 1d}]
        quality:
          events: {checks: [{type: row_count, min: 1}]}
          f: {checks: [{type: row_count, min: 1}]}
        """;
    PipelineDefinition def = new PipelineLoader(ExpressionParser.NONE).parse(yaml, "tiny.yaml");
    TaskGraph g = TaskGraphs.daily(def, "tiny.yaml");
    assertThat(g.tasks())
        .extracting(Task::id)
        .containsExactly(
            "quality_check_events",
            "features_build_f",
            "quality_check_f",
            "score",
            "drift_features",
            "drift_predictions");
    assertThat(g.task("quality_check_events").orElseThrow().reads())
        .containsExactly("parquet:/data/events");
    assertThat(g.task("score").orElseThrow().retries()).isZero();
    assertThat(TaskGraphs.retraining(def, "tiny.yaml").task("training_set").orElseThrow().reads())
        .containsExactly("ballast.f");
  }

  @Test
  void tablesWithoutDeclaredChecksGetNoQualityTask() {
    String yaml =
        """
        name: bare
        entities: {c: {keys: [id]}}
        sources:
          events: {table: ballast.events, event_time: ts, partition_column: ds}
        feature_tables:
          - {name: f, entity: c, source: events, features: [{name: n, agg: count, window: 1d}]}
        """;
    TaskGraph g =
        TaskGraphs.daily(
            new PipelineLoader(ExpressionParser.NONE).parse(yaml, "bare.yaml"), "bare.yaml");
    assertThat(g.tasks())
        .extracting(Task::id)
        .containsExactly("features_build_f", "score", "drift_features", "drift_predictions");
    assertThat(g.task("score").orElseThrow().upstream()).containsExactly("features_build_f");
  }
}
