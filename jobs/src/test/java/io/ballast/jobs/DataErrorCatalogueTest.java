package io.ballast.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.jobs.train.TrainCliFixture;
import io.delta.tables.DeltaTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The error catalogue's bad-data cases (README "Exit codes"), run through the CLI on the shared
 * test lakehouse: 720 payments over 9 days, a feature table with one bad feature of each kind, one
 * model per kind. Each case checks its exit code, that the message (or warning) names the feature,
 * where it is and how to fix it, its time, and which tables' Delta versions changed: none for a
 * refusal, {@code runs} and {@code run_params} for a fit that fails after the run is recorded (the
 * run stays, FAILED with its reason).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataErrorCatalogueTest {
  static final LakehouseTables TABLES = TestSpark.tables();
  static final String AS_OF = "2026-03-09";
  static final List<String> WATCHED =
      List.of(
          "runs",
          "run_params",
          "run_metrics",
          "model_versions",
          "model_aliases",
          "dq_predictions",
          "scoring_runs");

  @TempDir static Path dir;
  static Path pipeline;
  static Path oneClass;

  static String model(String name, String features, String params) {
    return model(name, "logistic_regression", features, params);
  }

  static String model(String name, String algorithm, String features, String params) {
    return """
          - name: %s
            algorithm: %s
            features: [%s]
            training_window_days: 6
            params: {%s}
        """
        .formatted(name, algorithm, features, params);
  }

  @BeforeAll
  static void prepare() throws Exception {
    String models =
        model("dq_null", "amount, empty", "")
            + model("dq_inf", "amount, spiky, empty", "")
            + model("dq_word", "amount, word", "")
            + model("dq_param", "amount", "regParam: -1")
            + model("dq_fit", "xgboost", "amount", "nthread: 64")
            + model("dq_warn", "amount, flat, nanny", "")
            + "    calibration: none\n";
    String yaml = TrainCliFixture.badValues("dq", "is_fraud", models);
    assertThat(yaml).contains("name: nanny");
    pipeline = dir.resolve("dq.yaml");
    Files.writeString(pipeline, yaml);
    oneClass = dir.resolve("one.yaml");
    Files.writeString(
        oneClass,
        yaml.replace(
            "label: {source: labels, column: \"is_fraud\"}",
            "label: {source: labels, column: \"CAST(0 AS INT)\", min_positives: 0}"));
    TrainCliFixture.prepare(yaml, "dq");
  }

  record Case(String name, String args, int exit, Set<String> writes, List<String> says) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case refused(String name, String args, String... says) {
    return new Case(name, args, 2, Set.of(), List.of(says));
  }

  static Stream<Case> refusals() {
    String train = "train --pipeline DQ --as-of " + AS_OF + " --model ";
    return Stream.of(
        refused(
            "all-null feature",
            train + "dq_null",
            "error: Cannot train model dq_null on its training set 2026-03-01 .. 2026-03-08:",
            "feature empty (table dq_cf) has no value in the 480 rows of the train window"
                + " 2026-03-01 .. 2026-03-06 (480 null)",
            "Drop a feature without values from the model's features:",
            "Nothing was recorded."),
        refused(
            "infinite values and an all-null feature, both named",
            train + "dq_inf",
            "feature spiky (table dq_cf) has 7 infinite values (train 5, validation 1, test 1)",
            "feature empty (table dq_cf) has no value",
            "turn infinite values into null in the feature's expr"),
        refused(
            "wrong-typed feature",
            train + "dq_word",
            "feature word (table dq_cf) is string, not a number, and is not under categorical:",
            "declare a string feature under the model's categorical:"),
        refused(
            "invalid hyperparameter",
            train + "dq_param",
            "hyperparameter regParam = -1 is not valid",
            "Fix it under models: params or search.grid."),
        refused(
            "single-class labels",
            "train --pipeline ONE --as-of " + AS_OF + " --model dq_warn",
            "every one of the 480 labels in the train window is 0.0",
            "check the label expression"),
        new Case(
            "a fit Spark ML refuses: the run is kept, FAILED",
            train + "dq_fit",
            2,
            Set.of("runs", "run_params"),
            List.of(
                "error: Cannot train model dq_fit: Spark ML refused the fit:",
                "nthread configuration (64) must be no larger than spark.task.cpus",
                "Fix the model's params",
                "is recorded FAILED with this reason (ballast.runs)")));
  }

  static Map<String, Long> versions() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String t : WATCHED) {
      out.put(
          t,
          TABLES.exists(t)
              ? DeltaTable.forPath(TestSpark.spark(), TABLES.lakehouse().tablePath(t))
                  .history(1)
                  .first()
                  .getLong(0)
              : -1L);
    }
    return out;
  }

  record Run(int code, String out, String err, double seconds) {}

  static Run run(String args) {
    List<String> all = new ArrayList<>();
    for (String a : args.split(" ")) {
      all.add(a.replace("DQ", pipeline.toString()).replace("ONE", oneClass.toString()));
    }
    all.add("--lakehouse");
    all.add(TestSpark.lakehouse().root());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long t0 = System.nanoTime();
    int code =
        Ballast.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "catalogue | %s | exit %d | %.1f s | %s%n",
        args,
        code,
        s,
        err.toString().lines().findFirst().orElse(""));
    return new Run(code, out.toString(), err.toString(), s);
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void isRefusedWithWhatWhereAndHowToFix(Case k) {
    Map<String, Long> before = versions();
    Run r = run(k.args());
    assertThat(r.code()).as(r.err()).isEqualTo(k.exit());
    assertThat(r.err()).startsWith("error: ").doesNotContain("\tat ");
    for (String s : k.says()) {
      assertThat(r.err()).as("the message names " + s).contains(s);
    }
    assertThat(r.seconds()).as("seconds").isLessThan(120);
    Map<String, Long> after = versions();
    Set<String> changed = new TreeSet<>();
    WATCHED.forEach(
        t -> {
          if (!before.get(t).equals(after.get(t))) {
            changed.add(t);
          }
        });
    assertThat(changed).as("tables written").isEqualTo(new TreeSet<>(k.writes()));
    if (k.name().startsWith("a fit")) {
      Row run =
          TABLES
              .read("runs")
              .where("tags['ballast.model'] = 'dq_fit'")
              .orderBy(org.apache.spark.sql.functions.col("start_time").desc())
              .first();
      assertThat(run.<String>getAs("status")).isEqualTo("FAILED");
      assertThat(run.<String>getAs("error")).contains("nthread configuration (64)");
    }
  }

  @Order(2)
  @Test
  void constantAndNanFeaturesTrainWithWarningsAndScoringCountsNan() {
    Run t = run("train --pipeline DQ --as-of " + AS_OF + " --model dq_warn");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.err())
        .startsWith(
            "warning: feature flat (table dq_cf) has one value in all 480 rows of the train"
                + " window 2026-03-01 .. 2026-03-06 that have one: the model cannot learn from it."
                + " Drop it from the model's features: or check its source\n"
                + "warning: feature nanny (table dq_cf) has 13 NaN values (train 10, validation 2,"
                + " test 1), imputed like nulls with the train window's median\n");
    String runId = t.out().replaceAll("(?s).*\"runId\":\"([^\"]+)\".*", "$1");
    assertThat(param(runId, "data.constant_features")).isEqualTo("flat");
    assertThat(param(runId, "data.nan_values")).isEqualTo("nanny=13");

    Run s = run("score --pipeline DQ --date " + AS_OF + " --model dq_warn@challenger");
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.err())
        .startsWith(
            "warning: score dq_warn version 1: of 80 scored rows, nanny: 2 NaN, 0 infinite. The"
                + " model imputes NaN like a null (the training median); an infinite value reaches"
                + " it as it is. Fix the source or the feature's expr; the counts are in"
                + " ballast.scoring_runs (nan_values, infinite_values).\n");
    Row rec =
        TABLES
            .read("scoring_runs")
            .where("model_name = 'dq_warn'")
            .orderBy(org.apache.spark.sql.functions.col("_scored_at").desc())
            .first();
    assertThat(rec.getJavaMap(rec.fieldIndex("nan_values")))
        .containsEntry("nanny", 2L)
        .containsEntry("flat", 0L);
    assertThat(rec.getJavaMap(rec.fieldIndex("infinite_values"))).containsEntry("nanny", 0L);
  }

  static String param(String runId, String key) {
    return TABLES
        .read("run_params")
        .where("run_id = '" + runId + "' AND key = '" + key + "'")
        .first()
        .getAs("value");
  }
}
