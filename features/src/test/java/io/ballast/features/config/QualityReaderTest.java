package io.ballast.features.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QualityReaderTest {
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
  void readsEveryCheckTypeWithDefaults() {
    PipelineDefinition def = loader.load(PipelineLoaderTest.DEMO);
    TableQuality tx = def.quality("transactions").orElseThrow();
    assertThat(tx.quarantine()).isTrue();
    assertThat(tx.checks())
        .extracting(c -> c.type().key())
        .contains(
            "completeness",
            "unique",
            "range",
            "allowed_values",
            "pattern",
            "non_negative",
            "row_count",
            "freshness",
            "sql",
            "row_count_vs_history");
    QualityCheck completeness = tx.checks().get(1);
    assertThat(completeness.name()).isEqualTo("completeness_amount");
    assertThat(completeness.min()).contains(0.99);
    assertThat(completeness.severity()).isEqualTo(Severity.ERROR);
    QualityCheck history =
        tx.checks().stream()
            .filter(c -> c.type() == CheckType.ROW_COUNT_VS_HISTORY)
            .findFirst()
            .orElseThrow();
    assertThat(history.severity()).isEqualTo(Severity.WARNING);
    assertThat(history.days()).isEqualTo(7);
    assertThat(history.maxChange()).contains(0.5);
    QualityCheck fresh =
        tx.checks().stream().filter(c -> c.type() == CheckType.FRESHNESS).findFirst().orElseThrow();
    assertThat(fresh.maxLag()).contains(Duration.ofDays(2));
    assertThat(tx.anomalies()).hasSize(3);
    AnomalyRule minimum = tx.anomalies().get(2);
    assertThat(minimum.strategy()).isEqualTo(AnomalyRule.Strategy.SIMPLE_THRESHOLD);
    assertThat(minimum.metric()).isEqualTo("minimum");
    assertThat(minimum.params()).containsExactly(java.util.Map.entry("lower_bound", 0.0));
    assertThat(tx.anomalies().get(0).strategy())
        .isEqualTo(AnomalyRule.Strategy.RELATIVE_RATE_OF_CHANGE);
    assertThat(tx.anomalies().get(0).params())
        .containsEntry("max_rate_increase", 1.5)
        .containsEntry("max_rate_decrease", 0.5);
    assertThat(def.quality("fraud_labels")).isPresent();
    assertThat(def.quality("customer_features")).isPresent();
    assertThat(def.quality("customers")).isEmpty();
  }

  @Test
  void definitionsWithoutQualityHaveNone() {
    assertThat(loader.parse(BASE, "tiny.yaml").quality()).isEmpty();
  }

  @Test
  void qualityOnAFeatureTableIsAccepted() {
    PipelineDefinition def =
        loader.parse(
            BASE + "quality:\n  f:\n    checks:\n      - {type: completeness, column: amount}\n",
            "q.yaml");
    assertThat(def.quality("f").orElseThrow().checks()).hasSize(1);
  }

  @Test
  void rejectsBadChecksWithTheirPaths() {
    String bad =
        BASE
            + """
            quality:
              tx:
                checks:
                  - {type: completness, column: amount}
                  - {type: unique}
                  - {type: pattern, column: currency, regex: "^[A-Z{3}$"}
                  - {type: sql, name: s, predicate: "amount +* 2"}
                  - {type: completeness}
                  - {type: range, column: amount, min: 5, max: 1, colour: red}
                  - {type: freshness, column: event_ts, max_lag: 2 weeks}
                  - {type: completeness, column: amount, min: 1.5, severity: fatal}
                anomalies:
                  - {metric: size, strategy: holt_winters}
                  - {metric: mean, strategy: online_normal}
                  - {metric: mean, column: amount, strategy: online_normal, history_days: 5}
              nowhere:
                checks:
                  - {type: row_count, min: 1}
            """;
    assertThatThrownBy(() -> loader.parse(bad, "q.yaml"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining(
            "quality.tx.checks[0].type: unknown check type 'completness'; known: [completeness,"
                + " unique, range, allowed_values, pattern, non_negative, row_count, freshness,"
                + " sql, row_count_vs_history]")
        .hasMessageContaining("quality.tx.checks[1]: give exactly one of 'column' or 'columns'")
        .hasMessageContaining(
            "quality.tx.checks[2].regex: '^[A-Z{3}$' is not a valid regular expression")
        .hasMessageContaining("quality.tx.checks[3].predicate: 'amount +* 2' does not parse")
        .hasMessageContaining("quality.tx.checks[4].column: is required")
        .hasMessageContaining("quality.tx.checks[5].colour: unknown key 'colour'")
        .hasMessageContaining("quality.tx.checks[5]: 'min' 5.0 is greater than 'max' 1.0")
        .hasMessageContaining("quality.tx.checks[6].max_lag: '2 weeks' is not a duration")
        .hasMessageContaining("quality.tx.checks[7].min: expected a ratio from 0 to 1, got 1.5")
        .hasMessageContaining("quality.tx.checks[7].severity: unknown severity 'fatal'")
        .hasMessageContaining(
            "quality.tx.anomalies[0].strategy: unknown strategy 'holt_winters'; known:"
                + " [relative_rate_of_change")
        .hasMessageContaining("quality.tx.anomalies[1].column: is required for metric 'mean'")
        .hasMessageContaining(
            "quality.tx.anomalies[2].history_days: strategy 'online_normal' needs 7 earlier"
                + " partitions, so history_days 5 would never let it judge a day; set history_days"
                + " to at least 7")
        .hasMessageContaining(
            "quality.nowhere: 'nowhere' is neither a source nor a feature table; declared:"
                + " sources [tx], feature tables [f]");
  }

  @Test
  void rejectsDuplicateCheckNames() {
    String dup =
        BASE
            + """
            quality:
              tx:
                checks:
                  - {type: completeness, column: amount}
                  - {type: completeness, column: amount, min: 0.9}
            """;
    assertThatThrownBy(() -> loader.parse(dup, "d.yaml"))
        .hasMessageContaining(
            "quality.tx.checks[1].name: duplicate check name 'completeness_amount'");
  }
}
