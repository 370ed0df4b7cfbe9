package io.ballast.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.jobs.Ballast;
import io.ballast.jobs.tracking.Tracking;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ballast model validate | promote | rollback | card} in-process on the shared test
 * lakehouse: one model's versions move through validation, a refused challenger, bad inputs, a
 * promotion and a rollback, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ValidateCliTest {
  record Run(int code, String out, String err) {}

  @TempDir static Path dir;
  static Path main;
  static Path alt;
  static Path noGates;

  @BeforeAll
  static void prepare() throws Exception {
    String yaml = ValidationFixtures.definition("0.01", ValidationFixtures.DEFAULT_VALIDATION);
    main = write("main.yaml", yaml);
    alt =
        write(
            "alt.yaml",
            ValidationFixtures.definition("0.3", ValidationFixtures.DEFAULT_VALIDATION));
    noGates =
        write(
            "nogates.yaml",
            ValidationFixtures.definition("0.01", "validation: {slices: [category]}\n"));
    ValidationFixtures.prepare(ValidationFixtures.load(yaml));
  }

  static Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--lakehouse");
    all.add(TestSpark.lakehouse().root());
    int code =
        Ballast.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  static Map<String, String> aliases() {
    return Tracking.embedded(TestSpark.tables()).registry().aliases("vmodel");
  }

  static long metricRows(String version) {
    return TestSpark.spark()
        .sql(
            "SELECT count(*) FROM ballast.model_metrics WHERE model_name = 'vmodel' AND"
                + " model_version = '"
                + version
                + "' AND dataset = 'test'")
        .first()
        .getLong(0);
  }

  @Test
  @Order(1)
  void aLocalRetrainRunTrainsValidatesAndPromotesTheFirstVersionWithoutAChampion() {
    Run r =
        run(
            "pipeline",
            "run",
            "--pipeline",
            main.toString(),
            "--graph",
            "retrain",
            "--date",
            ValidationFixtures.AS_OF);
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(
            TestSpark.spark()
                .sql(
                    "SELECT task, status, exit_code FROM ballast.pipeline_task_runs WHERE"
                        + " pipeline = 'mval' AND graph = 'ballast_mval_retrain' AND ds = '"
                        + ValidationFixtures.AS_OF
                        + "' ORDER BY started_at")
                .collectAsList()
                .stream()
                .map(row -> row.mkString(" "))
                .toList())
        .containsExactly(
            "training_set SUCCESS 0", "train SUCCESS 0", "validate SUCCESS 0", "promote SUCCESS 0");
    // No trigger conf locally: the Airflow templates' fallback reason, no drift summary.
    ModelRegistry registry = Tracking.embedded(TestSpark.tables()).registry();
    Map<String, String> tags =
        registry.run(registry.resolve("vmodel/1").runId()).orElseThrow().tags();
    assertThat(tags).containsEntry("ballast.reason", "manual");
    assertThat(tags).doesNotContainKey("ballast.drift_summary");
    assertThat(registry.aliasEvents("vmodel"))
        .anyMatch(
            e ->
                e.alias().equals("champion")
                    && e.toVersion().equals("1")
                    && e.reason().startsWith("validation passed (run for 2026-09-09)"));
    Row auc =
        TestSpark.spark()
            .sql(
                "SELECT value, window_from, ds FROM ballast.model_metrics WHERE model_name = 'vmodel'"
                    + " AND model_version = '1' AND slice = 'all' AND metric = 'roc_auc'")
            .first();
    assertThat(auc.getDouble(0)).isBetween(0.5, 1.0);
    assertThat(auc.getString(1)).isEqualTo("2026-09-08");
    assertThat(auc.isNullAt(2)).isTrue();
    long rows = metricRows("1");
    assertThat(rows).isGreaterThan(30);
    assertThat(aliases()).containsEntry("champion", "1").containsEntry("challenger", "1");

    // A rerun replaces the version's test metrics; the champion validates against nobody.
    Run again = run("model", "validate", "--pipeline", main.toString(), "--version", "1");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out())
        .contains(
            "Validated vmodel version 1 on test window 2026-09-08..2026-09-08 against no champion")
        .contains("skipped: no champion yet")
        .contains("category = 'online'")
        .contains("Decision: every gate passed");
    assertThat(metricRows("1")).isEqualTo(rows);

    Run rb = run("model", "rollback", "--model", "vmodel");
    assertThat(rb.code()).isEqualTo(2);
    assertThat(rb.err()).contains("Cannot roll back vmodel: it has no 'previous' alias");
  }

  @Test
  @Order(2)
  void aChallengerNotClearlyBetterThanTheChampionIsNotPromoted() {
    Run t = run("train", "--pipeline", alt.toString(), "--date", ValidationFixtures.AS_OF);
    assertThat(t.code()).as(t.err()).isZero();
    Run v = run("model", "validate", "--pipeline", alt.toString());
    assertThat(v.code()).as(v.out()).isEqualTo(2);
    assertThat(v.out())
        .contains("against champion version 1")
        .contains("Champion comparison on roc_auc")
        .contains("gate(s) FAILED; aliases unchanged");
    assertThat(v.err())
        .contains("Cannot promote vmodel version 2:")
        .contains("champion roc_auc:")
        .contains("FAILED");
    Run p = run("model", "promote", "--pipeline", alt.toString());
    assertThat(p.code()).isEqualTo(2);
    assertThat(p.err()).contains("Cannot promote vmodel version 2").contains("aliases unchanged");
    assertThat(aliases()).containsEntry("champion", "1").containsEntry("challenger", "2");
    assertThat(aliases()).doesNotContainKey("previous");
  }

  @Test
  @Order(3)
  void badInputsExitTwoWithAClearMessageAndLeaveAliasesAlone() throws Exception {
    Map<String, String> before = aliases();
    Path badSlice =
        write(
            "bad-slice.yaml",
            ValidationFixtures.definition("0.01", "validation: {slices: [\"amount >* 2\"]}\n"));
    Run a = run("model", "validate", "--pipeline", badSlice.toString());
    assertThat(a.code()).isEqualTo(2);
    assertThat(a.err()).contains("models[0].validation.slices[0]: 'amount >* 2' does not parse");

    Path noAttr =
        write(
            "no-attr.yaml",
            ValidationFixtures.definition(
                "0.01", "validation: {protected_attribute: \"gender = 'f'\"}\n"));
    Run b = run("model", "validate", "--pipeline", noAttr.toString());
    assertThat(b.code()).isEqualTo(2);
    assertThat(b.err())
        .contains("Cannot validate with protected_attribute 'gender = 'f''")
        .contains("category");

    Path badMetric =
        write(
            "bad-metric.yaml",
            ValidationFixtures.definition("0.01", "validation: {gates: {min: {accuracy: 0.9}}}\n"));
    Run c = run("model", "validate", "--pipeline", badMetric.toString());
    assertThat(c.code()).isEqualTo(2);
    assertThat(c.err())
        .contains(
            "models[0].validation.gates.min.accuracy: unknown metric 'accuracy'; known: [roc_auc, pr_auc");

    ModelRegistry r = Tracking.embedded(TestSpark.tables()).registry();
    String v = r.register("vmodel", null, Map.of(), folder -> {}).version();
    Run d = run("model", "validate", "--pipeline", main.toString(), "--version", v);
    assertThat(d.code()).isEqualTo(2);
    assertThat(d.err())
        .contains("Cannot validate vmodel version " + v + ": the version records no test window");

    Run e = run("model", "promote", "--model", "vmodel", "--version", v);
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err())
        .contains("Cannot promote vmodel version " + v + ": it has not been validated");
    assertThat(aliases()).isEqualTo(before);
  }

  @Test
  @Order(4)
  void promotionMovesPreviousAndRollbackMovesChampionBackRecordingWhoWhenWhy() {
    Run v = run("model", "validate", "--pipeline", noGates.toString(), "--version", "2");
    assertThat(v.code()).as(v.err()).isZero();
    assertThat(v.out()).contains("Gates: none declared");
    Run p =
        run("model", "promote", "--model", "vmodel", "--version", "2", "--reason", "better recall");
    assertThat(p.code()).as(p.err()).isZero();
    assertThat(p.out()).contains("champion -> version 2, previous -> version 1");
    assertThat(aliases()).containsEntry("champion", "2").containsEntry("previous", "1");

    Run rb = run("model", "rollback", "--model", "vmodel", "--reason", "alerts in production");
    assertThat(rb.code()).as(rb.err()).isZero();
    assertThat(rb.out()).contains("Rolled back vmodel: champion -> version 1 (was 2)");
    assertThat(aliases()).containsEntry("champion", "1").doesNotContainKey("previous");

    List<Row> events =
        TestSpark.spark()
            .sql(
                "SELECT action, from_version, to_version, user, reason FROM"
                    + " ballast.model_alias_events WHERE model_name = 'vmodel' ORDER BY at")
            .collectAsList();
    assertThat(events).hasSize(3);
    assertThat(events.get(1).getString(0)).isEqualTo("promote");
    assertThat(events.get(1).getLong(1)).isEqualTo(1L);
    assertThat(events.get(1).getLong(2)).isEqualTo(2L);
    assertThat(events.get(1).getString(3)).isNotBlank();
    assertThat(events.get(1).getString(4)).startsWith("better recall (validation ");
    assertThat(events.get(2).getString(0)).isEqualTo("rollback");
    assertThat(events.get(2).getString(4)).isEqualTo("alerts in production");
  }

  @Test
  @Order(5)
  void theModelCardHoldsLineageMetricsSlicesFairnessGatesAndHistory() throws Exception {
    Path out = dir.resolve("cards");
    Run c = run("model", "card", "--model", "vmodel", "--version", "1", "--out", out.toString());
    assertThat(c.code()).as(c.err()).isZero();
    String md = Files.readString(out.resolve("vmodel-v1.md"));
    assertThat(md)
        .contains("# Model card: vmodel version 1")
        .contains("- **test window**: 2026-09-08..2026-09-08")
        .contains("| ballast.mval_cf |")
        .contains("| param.regParam | 0.01 |")
        .contains("## Slices")
        .contains("| category | online |")
        .contains("| statistical_parity |")
        .contains("| min | roc_auc | all |")
        .contains("| rollback | champion | 2 | 1 |")
        .contains("## Global importance")
        .contains("| rank | feature | mean absolute attribution | share of total |")
        .containsPattern("\\| 1 \\| [a-z_0-9]+ \\| [0-9.]+ \\| [0-9.]+% \\|")
        .contains("## Reproduce", "- **command**: ballast train --reproduce ", "seed 42");
    String html = Files.readString(out.resolve("vmodel-v1.html"));
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<table>")
        .doesNotContain("<script", "http");
  }

  @Test
  @Order(6)
  void aChallengerClearlyBetterThanTheChampionOnTheSameWindowIsPromoted() throws Exception {
    // A champion that learned from a useless feature (payments per day: every customer makes about
    // two; uncalibrated, as Platt scaling refuses a model no better than chance) against version 1,
    // which sees amount and category.
    String yaml = ValidationFixtures.definition("0.01", ValidationFixtures.DEFAULT_VALIDATION);
    String line = yaml.lines().filter(l -> l.contains("categorical:")).findFirst().orElseThrow();
    String indent = line.substring(0, line.indexOf('c'));
    Path weak =
        write(
            "weak.yaml",
            yaml.replace(line, indent + "features: [n_1d]\n" + indent + "calibration: none"));
    Run t = run("train", "--pipeline", weak.toString(), "--date", ValidationFixtures.AS_OF);
    assertThat(t.code()).as(t.err()).isZero();
    String weakVersion =
        Tracking.embedded(TestSpark.tables()).registry().aliases("vmodel").get("challenger");
    Run vw = run("model", "validate", "--pipeline", noGates.toString(), "--version", weakVersion);
    assertThat(vw.code()).as(vw.err()).isZero();
    Run pw = run("model", "promote", "--model", "vmodel", "--version", weakVersion);
    assertThat(pw.code()).as(pw.err()).isZero();
    assertThat(aliases()).containsEntry("champion", weakVersion);

    Run v = run("model", "validate", "--pipeline", main.toString(), "--version", "1");
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out())
        .contains("on test window 2026-09-08..2026-09-08 against champion version " + weakVersion)
        .contains("Champion comparison on roc_auc")
        .contains("Decision: every gate passed");
    Row gate =
        TestSpark.spark()
            .sql(
                "SELECT champion_version, window_from, window_to, passed, detail FROM"
                    + " ballast.model_validations WHERE model_name = 'vmodel' AND model_version ="
                    + " '1' AND gate = 'champion' ORDER BY decided_at DESC LIMIT 1")
            .first();
    assertThat(gate.getString(0)).isEqualTo(weakVersion);
    assertThat(gate.getString(1)).isEqualTo("2026-09-08");
    assertThat(gate.getString(2)).isEqualTo("2026-09-08");
    assertThat(gate.getBoolean(3)).isTrue();
    assertThat(gate.getString(4)).contains("champion v" + weakVersion, "improvement");
    Run p = run("model", "promote", "--pipeline", main.toString(), "--version", "1");
    assertThat(p.code()).as(p.err()).isZero();
    assertThat(aliases()).containsEntry("champion", "1").containsEntry("previous", weakVersion);
  }
}
