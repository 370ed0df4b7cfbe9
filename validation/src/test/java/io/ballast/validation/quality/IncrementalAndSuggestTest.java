package io.ballast.validation.quality;

import static io.ballast.validation.quality.Fixtures.DAY0;
import static io.ballast.validation.quality.Fixtures.DAY1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.TestSpark;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.QualityCheck;
import io.ballast.features.config.SparkExpressionParser;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whole-table metrics from merged partition states, and suggestions that load back. */
class IncrementalAndSuggestTest {
  static final String TABLE = "qmerge";
  static final String CHECKS =
      """
            - {type: completeness, column: amount}
            - {type: unique, columns: [txn_id]}
            - {type: non_negative, column: amount}
            - {type: freshness, column: event_ts, max_lag: 2d}
      """;
  static PipelineDefinition def;

  @BeforeAll
  static void twoCheckedDays() {
    List<Row> rows = new ArrayList<>(Fixtures.goodDay(DAY0, 1));
    rows.addAll(Fixtures.goodDay(DAY1, 3)); // ids 3 and 4 repeat across days
    rows.add(Fixtures.tx(9, null, "pos", "USD", DAY1 + " 09:00:00", DAY1));
    Fixtures.write(TABLE, rows, DAY0, DAY1);
    def = Fixtures.definition(TABLE, false, CHECKS);
    QualityCheckJob.Result r =
        QualityCheckJob.run(
            TestSpark.tables(),
            def,
            new QualityCheckJob.Params("tx", DAY0, DAY1, Optional.empty()));
    assertThat(r.partitions()).isEqualTo(2);
  }

  @Test
  void mergedStatesEqualAFullRescan() {
    TableMetricsJob.Result merged =
        TableMetricsJob.run(TestSpark.tables(), def, "tx", LocalDate.MIN, LocalDate.MAX);
    assertThat(merged.partitions()).containsExactly(DAY0.toString(), DAY1.toString());

    QualityPlan plan = QualityPlan.of(def.quality("tx").orElseThrow());
    Map<MetricSpec, MetricValue> full =
        DeequAdapter.compute(
            QualityInput.withDerived(TestSpark.tables().read(TABLE), plan),
            plan.metrics(),
            Optional.empty());
    assertThat(merged.metrics()).hasSize(full.size());
    for (TableMetricsJob.Metric m : merged.metrics()) {
      MetricValue v =
          full.entrySet().stream()
              .filter(
                  e ->
                      e.getKey().metricName().equals(m.metric())
                          && e.getKey().instance().equals(m.instance()))
              .findFirst()
              .orElseThrow()
              .getValue();
      assertThat(m.value())
          .as(m.metric() + "(" + m.instance() + ")")
          .isEqualTo(v.value().orElseThrow());
    }
    // 9 rows, one null amount; ids 3 and 4 appear twice across days: 5 of 9 rows unique.
    assertThat(merged.metrics())
        .contains(
            new TableMetricsJob.Metric("Completeness", "amount", 8 / 9.0, null),
            new TableMetricsJob.Metric("Uniqueness", "txn_id", 5 / 9.0, null));
  }

  @Test
  void tableMetricsWithoutStatesSaySo() {
    assertThatThrownBy(
            () ->
                TableMetricsJob.run(
                    TestSpark.tables(),
                    def,
                    "tx",
                    LocalDate.of(2030, 1, 1),
                    LocalDate.of(2030, 1, 2)))
        .hasMessageStartingWith(
            "Cannot compute table metrics of ballast.qmerge: no saved quality" + " states under ");
  }

  @Test
  void suggestionsParseBackAsAValidDefinition() {
    SuggestJob.Result r = SuggestJob.run(TestSpark.tables(), TABLE, "ds", DAY0, DAY1);
    assertThat(r.rows()).isEqualTo(9);
    assertThat(r.yaml()).startsWith("quality:\n  qmerge:\n    checks:\n");
    String yaml =
        """
        name: suggested
        entities: {c: {keys: [txn_id]}}
        sources:
          qmerge: {table: ballast.qmerge, event_time: event_ts, partition_column: ds}
        """
            + r.yaml();
    PipelineDefinition parsed =
        new PipelineLoader(new SparkExpressionParser()).parse(yaml, "suggested.yaml");
    List<QualityCheck> checks = parsed.quality("qmerge").orElseThrow().checks();
    assertThat(checks)
        .extracting(QualityCheck::name)
        .contains("row_count", "completeness_txn_id", "completeness_amount", "non_negative_amount");
    assertThat(checks.stream().filter(c -> c.name().equals("completeness_amount")).findFirst())
        .get()
        .satisfies(c -> assertThat(c.min().orElseThrow()).isLessThan(1.0));
    assertThat(checks.stream().filter(c -> c.name().equals("row_count")).findFirst())
        .get()
        .satisfies(c -> assertThat(c.min()).contains(2.0));
  }
}
