package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.config.ExpressionParser;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Which scored day the daily live-performance task measures; plain Java, no Spark. */
class DriftRunsTest {
  static PipelineDefinition def(String label) {
    return new PipelineLoader(ExpressionParser.NONE)
        .parse(
            """
            name: t
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
            """
                + label,
            "t.yaml");
  }

  @Test
  void theScoredDayWhoseLabelsMaturedThatDay() {
    LocalDate d = LocalDate.parse("2026-08-11");
    assertThat(
            DriftRuns.scoredDayMaturedOn(
                def("label: {source: tx, column: is_fraud, maturity: 10d}"), d))
        .isEqualTo(LocalDate.parse("2026-08-01"));
    assertThat(
            DriftRuns.scoredDayMaturedOn(
                def("label: {source: tx, column: is_fraud, maturity: 36h}"), d))
        .as("rounded up to whole days, as training rounds it")
        .isEqualTo(LocalDate.parse("2026-08-09"));
    assertThat(DriftRuns.scoredDayMaturedOn(def("label: {source: tx, column: is_fraud}"), d))
        .as("no declared maturity: the day itself, with the labels known so far")
        .isEqualTo(d);
  }
}
