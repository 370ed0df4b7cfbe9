package io.ballast.validation.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.TableQuality;
import io.ballast.validation.quality.CheckOutcome.Status;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Decisions on small values, without Spark. */
class ConstraintEvaluatorTest {
  static final LocalDate DAY = LocalDate.of(2026, 3, 10);

  static TableQuality quality(String checks, String anomalies) {
    String yaml =
        """
        name: t
        entities: {c: {keys: [id]}}
        sources: {tx: {table: ballast.tx, event_time: event_ts}}
        quality:
          tx:
            checks:
        %s
            anomalies:
        %s
        """
            .formatted(checks.stripTrailing(), anomalies.stripTrailing());
    PipelineDefinition def = new PipelineLoader(e -> java.util.Optional.empty()).parse(yaml, "t");
    return def.quality("tx").orElseThrow();
  }

  static final TableQuality Q =
      quality(
          """
                - {type: row_count_vs_history, days: 3, max_change: 0.5}
                - {type: completeness, column: amount, min: 0.9, severity: warning}
          """,
          """
                - {metric: size, strategy: relative_rate_of_change, max_rate_increase: 2.0, max_rate_decrease: 0.5, history_days: 5}
                - {metric: mean, column: amount, strategy: online_normal, history_days: 30}
          """);

  static Map<MetricSpec, MetricValue> metrics(double size, double completeness, double mean) {
    Map<MetricSpec, MetricValue> m = new HashMap<>();
    m.put(MetricSpec.size(), MetricValue.of(size));
    m.put(MetricSpec.of(MetricSpec.Kind.COMPLETENESS, "amount"), MetricValue.of(completeness));
    m.put(MetricSpec.of(MetricSpec.Kind.MEAN, "amount"), MetricValue.of(mean));
    return m;
  }

  static MetricHistory history(double... sizes) {
    MetricHistory h = new MetricHistory();
    for (int i = 0; i < sizes.length; i++) {
      LocalDate d = DAY.minusDays(sizes.length - i);
      h.put(MetricSpec.size(), d, sizes[i]);
      h.put(MetricSpec.of(MetricSpec.Kind.MEAN, "amount"), d, 50 + (i % 3));
    }
    return h;
  }

  static Map<String, CheckOutcome> byName(List<CheckOutcome> outcomes) {
    Map<String, CheckOutcome> m = new HashMap<>();
    outcomes.forEach(o -> m.put(o.checkName(), o));
    return m;
  }

  @Test
  void rowCountVsHistoryComparesWithTheMeanOfTheLastDays() {
    ConstraintEvaluator e = new ConstraintEvaluator(QualityPlan.of(Q));
    // 1000 is ignored: older than the 3-day window.
    Map<String, CheckOutcome> ok =
        byName(e.evaluate(DAY, metrics(110, 1, 50), history(1000, 100, 100, 100)));
    assertThat(ok.get("row_count_vs_history").status()).isEqualTo(Status.PASSED);
    assertThat(ok.get("row_count_vs_history").message())
        .isEqualTo("110 rows vs a mean of 100.0 over 3 earlier partitions (+10.0%)");
    Map<String, CheckOutcome> bad =
        byName(e.evaluate(DAY, metrics(40, 1, 50), history(100, 100, 100)));
    assertThat(bad.get("row_count_vs_history").status()).isEqualTo(Status.FAILED);
    assertThat(bad.get("row_count_vs_history").gateFailure()).isFalse(); // a warning
    assertThat(byName(e.evaluate(DAY, metrics(40, 1, 50), new MetricHistory())))
        .extractingByKey("row_count_vs_history")
        .extracting(CheckOutcome::status)
        .isEqualTo(Status.SKIPPED);
  }

  @Test
  void severityDecidesWhetherAFailureGates() {
    ConstraintEvaluator e = new ConstraintEvaluator(QualityPlan.of(Q));
    CheckOutcome c =
        byName(e.evaluate(DAY, metrics(100, 0.5, 50), history(100))).get("completeness_amount");
    assertThat(c.status()).isEqualTo(Status.FAILED);
    assertThat(c.constraint()).isEqualTo("Completeness(amount) >= 0.9");
    assertThat(c.gateFailure()).isFalse();
  }

  @Test
  void emptyPartitionsSkipRatioChecks() {
    ConstraintEvaluator e = new ConstraintEvaluator(QualityPlan.of(Q));
    Map<MetricSpec, MetricValue> m = metrics(0, 0, 0);
    m.put(MetricSpec.of(MetricSpec.Kind.COMPLETENESS, "amount"), MetricValue.failed("Empty state"));
    CheckOutcome c = byName(e.evaluate(DAY, m, history(100))).get("completeness_amount");
    assertThat(c.status()).isEqualTo(Status.SKIPPED);
    assertThat(c.message()).isEqualTo("no rows in the partition");
  }

  @Test
  void sizeAnomalyByRelativeRateOfChange() {
    ConstraintEvaluator e = new ConstraintEvaluator(QualityPlan.of(Q));
    Map<String, CheckOutcome> normal =
        byName(e.evaluate(DAY, metrics(150, 1, 51), history(100, 100, 100, 100)));
    assertThat(normal.get("anomaly_size").status()).isEqualTo(Status.PASSED);
    Map<String, CheckOutcome> jump =
        byName(e.evaluate(DAY, metrics(250, 1, 51), history(100, 100, 100, 100)));
    assertThat(jump.get("anomaly_size").status()).isEqualTo(Status.FAILED);
    assertThat(jump.get("anomaly_size").severity().key()).isEqualTo("warning");
    Map<String, CheckOutcome> drop =
        byName(e.evaluate(DAY, metrics(40, 1, 51), history(100, 100, 100, 100)));
    assertThat(drop.get("anomaly_size").status()).isEqualTo(Status.FAILED);
  }

  @Test
  void meanAnomalyByOnlineNormalNeedsEnoughHistory() {
    ConstraintEvaluator e = new ConstraintEvaluator(QualityPlan.of(Q));
    MetricHistory h = history(100, 100, 100, 100, 100, 100, 100, 100, 100, 100);
    assertThat(byName(e.evaluate(DAY, metrics(100, 1, 51), h)).get("anomaly_mean_amount").status())
        .isEqualTo(Status.PASSED);
    assertThat(
            byName(e.evaluate(DAY, metrics(100, 1, 5000), h)).get("anomaly_mean_amount").status())
        .isEqualTo(Status.FAILED);
    assertThat(
            byName(e.evaluate(DAY, metrics(100, 1, 5000), history(100, 100)))
                .get("anomaly_mean_amount")
                .status())
        .isEqualTo(Status.SKIPPED);
  }

  @Test
  void deequStrategiesOnAFixtureHistory() {
    SortedMap<Long, Double> h = new TreeMap<>();
    for (long t = 1; t <= 10; t++) {
      h.put(t, 100.0 + (t % 2));
    }
    TableQuality abs =
        quality(
            "      - {type: row_count, min: 1}\n",
            """
                  - {metric: size, strategy: absolute_change, max_increase: 20, max_decrease: 20}
                  - {metric: size, strategy: simple_threshold, lower_bound: 50, upper_bound: 150}
                  - {metric: size, strategy: batch_normal}
            """);
    var rules = abs.anomalies();
    assertThat(DeequAdapter.anomaly(rules.get(0), h, 11, 110)).isEmpty();
    assertThat(DeequAdapter.anomaly(rules.get(0), h, 11, 130)).isPresent();
    assertThat(DeequAdapter.anomaly(rules.get(0), h, 11, 70)).isPresent();
    assertThat(DeequAdapter.anomaly(rules.get(1), h, 11, 149)).isEmpty();
    assertThat(DeequAdapter.anomaly(rules.get(1), h, 11, 151)).isPresent();
    assertThat(DeequAdapter.anomaly(rules.get(2), h, 11, 100.5)).isEmpty();
    assertThat(DeequAdapter.anomaly(rules.get(2), h, 11, 300)).isPresent();
  }

  @Test
  void simpleThresholdJudgesTheFirstDayWithoutHistory() {
    TableQuality q =
        quality(
            "      - {type: row_count, min: 1}\n",
            "      - {metric: minimum, column: amount, strategy: simple_threshold, lower_bound: 0}\n");
    ConstraintEvaluator e = new ConstraintEvaluator(QualityPlan.of(q));
    Map<MetricSpec, MetricValue> m = metrics(100, 1, 50);
    m.put(MetricSpec.of(MetricSpec.Kind.MINIMUM, "amount"), MetricValue.of(-5));
    CheckOutcome c = byName(e.evaluate(DAY, m, new MetricHistory())).get("anomaly_minimum_amount");
    assertThat(c.status()).isEqualTo(Status.FAILED);
    assertThat(c.message()).isEqualTo("value -5.00000 is not in bounds [0.00000, inf]");
    m.put(MetricSpec.of(MetricSpec.Kind.MINIMUM, "amount"), MetricValue.of(0.5));
    c = byName(e.evaluate(DAY, m, new MetricHistory())).get("anomaly_minimum_amount");
    assertThat(c.status()).isEqualTo(Status.PASSED);
    assertThat(c.message()).isEqualTo("within bounds");
  }

  @Test
  void onlineNormalFiresAfterSevenDays() {
    // Deequ's strategy (the tested point in its own mean and std) could not reach 3 sigma here
    ConstraintEvaluator e = new ConstraintEvaluator(QualityPlan.of(Q));
    MetricHistory h = history(100, 100, 100, 100, 100, 100, 100);
    assertThat(byName(e.evaluate(DAY, metrics(100, 1, 51), h)).get("anomaly_mean_amount").status())
        .isEqualTo(Status.PASSED);
    assertThat(byName(e.evaluate(DAY, metrics(100, 1, 60), h)).get("anomaly_mean_amount").status())
        .isEqualTo(Status.FAILED);
    assertThat(
            byName(e.evaluate(DAY, metrics(100, 1, 60), history(100, 100, 100, 100, 100, 100)))
                .get("anomaly_mean_amount")
                .message())
        .isEqualTo("history has 6 of the 7 partitions needed");
  }
}
