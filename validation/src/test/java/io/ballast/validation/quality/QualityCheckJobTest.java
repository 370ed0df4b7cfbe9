package io.ballast.validation.quality;

import static io.ballast.validation.quality.Fixtures.BAD;
import static io.ballast.validation.quality.Fixtures.DAY0;
import static io.ballast.validation.quality.Fixtures.DAY1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import io.ballast.features.TestSpark;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.BallastTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every check type passes on clean days and fails on a bad day, in one run over three days. */
class QualityCheckJobTest {
  static final String TABLE = "qfx";
  static PipelineDefinition def;
  static QualityCheckJob.Result result;

  @BeforeAll
  static void runOnce() {
    List<Row> rows = new ArrayList<>(Fixtures.goodDay(DAY0, 1));
    rows.addAll(Fixtures.goodDay(DAY1, 11));
    rows.addAll(Fixtures.badDay());
    Fixtures.write(TABLE, rows, DAY0, BAD);
    def = Fixtures.definition(TABLE, true, Fixtures.CHECKS);
    result =
        QualityCheckJob.run(
            TestSpark.tables(),
            def,
            new QualityCheckJob.Params("tx", DAY0, BAD, java.util.Optional.of("run-1")));
  }

  static Map<String, String> statuses(String ds) {
    return TestSpark.tables()
        .read(BallastTable.QUALITY_RESULTS.name())
        .where("table_name = '" + TABLE + "' AND ds = '" + ds + "'")
        .select("check_name", "status")
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
  }

  @Test
  void everyCheckPassesOnCleanDays() {
    Map<String, String> day1 = statuses(DAY1.toString());
    assertThat(day1).hasSize(10);
    assertThat(day1)
        .allSatisfy((check, status) -> assertThat(status).as(check).isEqualTo("passed"));
    assertThat(statuses(DAY0.toString()))
        .containsEntry("row_count_vs_history", "skipped")
        .containsEntry("completeness_amount", "passed");
  }

  @Test
  void everyCheckFailsOnTheBadDay() {
    Map<String, String> bad = statuses(BAD.toString());
    assertThat(bad).hasSize(10);
    assertThat(bad).allSatisfy((check, status) -> assertThat(status).as(check).isEqualTo("failed"));
  }

  @Test
  void failedErrorChecksFailTheGateWithExitCode2AfterResultsAreWritten() {
    assertThat(result.gatePassed()).isFalse();
    assertThat(result.gateFailures()).hasSize(9); // row_count_vs_history is a warning
    assertThat(result.warnings()).singleElement().asString().contains("row_count_vs_history");
    assertThatThrownBy(result::throwIfGateFailed)
        .isInstanceOf(BallastException.class)
        .satisfies(e -> assertThat(((BallastException) e).exitCode()).isEqualTo(2))
        .hasMessageStartingWith(
            "Cannot pass the quality gate of table ballast.qfx: 9 of 27 error checks failed.")
        .hasMessageContaining(
            "ds=2026-01-03 completeness_amount: Completeness(amount) >= 1 failed: 0.8000 of rows"
                + " pass (need 1)")
        .hasMessageContaining("ds=2026-01-03 unique_txn_id: Uniqueness(txn_id) == 1 failed")
        .hasMessageContaining("ds=2026-01-03 row_count: 1 <= Size <= 4 failed: 5 rows")
        .hasMessageContaining("ds=2026-01-03 freshness_event_ts:");
  }

  @Test
  void recordsMetricsAndTheTableVersion() {
    List<Row> m =
        TestSpark.tables()
            .read(BallastTable.QUALITY_METRICS.name())
            .where("table_name = '" + TABLE + "' AND ds = '" + BAD + "' AND metric = 'Size'")
            .select("value", "table_version")
            .collectAsList();
    assertThat(m).singleElement().satisfies(r -> assertThat(r.getDouble(0)).isEqualTo(5.0));
    assertThat(m.get(0).getLong(1)).isEqualTo(result.tableVersion());
  }

  @Test
  void quarantinesExactlyTheFailingRowsWithTheirChecks() {
    assertThat(result.quarantinedRows()).isEqualTo(5);
    Map<Long, List<String>> failed =
        TestSpark.tables()
            .read(TABLE + "_quarantine")
            .select("txn_id", Quarantine.FAILED_CHECKS)
            .collectAsList()
            .stream()
            .collect(
                Collectors.toMap(
                    r -> r.getLong(0),
                    r -> r.getList(1).stream().map(Object::toString).sorted().toList(),
                    (a, b) -> {
                      List<String> all = new ArrayList<>(a);
                      all.addAll(b);
                      return all.stream().distinct().sorted().toList();
                    }));
    assertThat(failed.get(100L)).containsExactly("completeness_amount");
    assertThat(failed.get(101L))
        .contains("range_amount", "non_negative_amount", "unique_txn_id", "allowed_values_channel");
    assertThat(failed.get(102L)).containsExactly("big_pos", "range_amount");
    assertThat(failed.get(103L)).containsExactly("pattern_currency");
  }

  @Test
  void aRerunReplacesItsPartitionsAndNeverDuplicates() {
    QualityCheckJob.run(TestSpark.tables(), def, QualityCheckJob.Params.day("tx", BAD));
    long results =
        TestSpark.tables()
            .read(BallastTable.QUALITY_RESULTS.name())
            .where("table_name = '" + TABLE + "'")
            .count();
    long metrics =
        TestSpark.tables()
            .read(BallastTable.QUALITY_METRICS.name())
            .where("table_name = '" + TABLE + "' AND ds = '" + BAD + "'")
            .count();
    long quarantine = TestSpark.tables().read(TABLE + "_quarantine").count();
    assertThat(results).isEqualTo(30);
    assertThat(metrics).isEqualTo(metricsPerDay());
    assertThat(quarantine).isEqualTo(5);
  }

  private static long metricsPerDay() {
    return QualityPlan.of(def.quality("tx").orElseThrow()).metrics().size();
  }

  @Test
  void namesEveryMissingColumnBeforeAnySparkJob() {
    PipelineDefinition wrong =
        Fixtures.definition(
            TABLE,
            false,
            """
                  - {type: completeness, column: amout}
                  - {type: unique, columns: [txn_id, colour]}
                  - {type: sql, name: s, predicate: "nosuch > 1"}
            """);
    assertThatThrownBy(
            () ->
                QualityCheckJob.run(
                    TestSpark.tables(), wrong, QualityCheckJob.Params.day("tx", BAD)))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith(
            "Cannot check quality of table ballast.qfx: 2 checks name what the table does not have.")
        .hasMessageContaining("missing columns [amout, colour]")
        .hasMessageContaining("check 's': predicate 'nosuch > 1' does not resolve");
  }

  @Test
  void rejectsATableWithoutAQualitySection() {
    assertThatThrownBy(
            () ->
                QualityCheckJob.run(
                    TestSpark.tables(), def, QualityCheckJob.Params.day("nope", BAD)))
        .hasMessageStartingWith(
            "Cannot check quality of table nope: the definition qfx.yaml has no"
                + " quality section for it (declared: [tx]).");
  }
}
