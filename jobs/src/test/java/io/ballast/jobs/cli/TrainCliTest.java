package io.ballast.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import io.ballast.jobs.Ballast;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ballast train} and {@code ballast model} in-process on the shared test lakehouse. */
class TrainCliTest {
  record Run(int code, String out, String err) {}

  @TempDir static Path dir;
  static Path pipeline;

  @BeforeAll
  static void prepare() throws Exception {
    String yaml = io.ballast.jobs.train.TrainCliFixture.definition("trcli");
    pipeline = dir.resolve("trcli.yaml");
    Files.writeString(pipeline, yaml);
    io.ballast.jobs.train.TrainCliFixture.prepare(yaml, "trcli");
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

  @Test
  void trainThenManageAliasesFromTheCommandLine() {
    Run t =
        run(
            "train",
            "--pipeline",
            pipeline.toString(),
            "--date",
            "2026-03-08",
            "--reason",
            "manual",
            "--drift-summary",
            "none");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.out()).startsWith("Trained cli_model version 1 (logistic_regression, 1 candidate");
    assertThat(t.out()).contains("\"version\":\"1\"", "alias challenger");

    Run list = run("model", "list");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("cli_model", "challenger=1");

    Run set = run("model", "set-alias", "cli_model", "champion", "1");
    assertThat(set.out()).isEqualTo("cli_model@champion -> version 1\n");
    Run show = run("model", "show", "cli_model@champion");
    assertThat(show.out()).startsWith("cli_model version 1 (READY)").contains("sparkml");
    Run aliases = run("model", "aliases", "cli_model");
    assertThat(aliases.out()).contains("champion", "challenger");
    assertThat(run("model", "delete-alias", "cli_model", "champion").code()).isZero();

    Run sql =
        run(
            "sql",
            "SELECT model_name, version FROM ballast.model_versions WHERE model_name ="
                + " 'cli_model'",
            "--format",
            "csv");
    assertThat(sql.out()).contains("cli_model,1");
  }

  @Test
  void badInputIsAUserError() {
    Run unknown =
        run("train", "--pipeline", pipeline.toString(), "--as-of", "2026-03-08", "--model", "x");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("Cannot train model x of ")
        .contains("declared: [cli_model]");
    Run down = run("model", "list", "--tracking-uri", "ftp://mlflow");
    assertThat(down.code()).isEqualTo(2);
    assertThat(down.err()).contains("Cannot use tracking URI 'ftp://mlflow'");
    Run noFile = run("model", "promote", "--pipeline", "x.yaml");
    assertThat(noFile.code()).isEqualTo(2);
    assertThat(noFile.err()).contains("Cannot load pipeline definition x.yaml");
    Run noAlias = run("model", "show", "cli_model@nope");
    assertThat(noAlias.code()).isEqualTo(2);
  }

  @Test
  void benchTrainEndsWithOneJsonLineOfFigures() {
    // The line's shape, not the speed: 3 trees instead of the default 50 (what is timed does not
    // change with the count).
    Run b = run("bench", "train", "--rows", "3000", "--trees", "3");
    assertThat(b.code()).as(b.err()).isZero();
    List<String> lines = b.out().lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .startsWith("{\"stage\":\"train\",\"rows\":3000,\"trees\":3,\"lr_seconds\":")
        .contains("\"gbt_seconds\"", "\"xgboost_seconds\"", "\"lr_auc\"", "\"xgboost_auc\"")
        .contains("\"xgboost_speedup_vs_gbt\"");
    Run other = run("bench", "score");
    assertThat(other.code()).isEqualTo(2);
    assertThat(other.err()).contains("Unmatched argument at index 1: 'score'");
    Run few = run("bench", "train", "--rows", "10");
    assertThat(few.err()).contains("Cannot use --rows '10': expected 1000 to 1000000000 rows.");
    Run none = run("bench", "train", "--trees", "0");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("Cannot use --trees '0': expected 1 to 10000 trees.");
  }

  @Test
  void trainOnWindowsChosenOnTheCommandLine() throws Exception {
    // Another model of the same definition (and lakehouse): its own versions.
    Path chosen = dir.resolve("trcli_windows.yaml");
    Files.writeString(
        chosen, Files.readString(pipeline).replace("name: cli_model", "name: windows_model"));
    String[] windows = {
      "--train-from", "2026-03-01", "--train-to", "2026-03-05",
      "--validation-from", "2026-03-06", "--validation-to", "2026-03-06",
      "--test-from", "2026-03-07", "--test-to", "2026-03-08"
    };
    Run both =
        run(
            concat(
                new String[] {"train", "--pipeline", chosen.toString(), "--as-of", "2026-03-09"},
                windows));
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err())
        .contains(
            "Cannot choose the training windows: --as-of 2026-03-09 and --train-from, --train-to,"
                + " --validation-from, --validation-to, --test-from, --test-to both given, but"
                + " --as-of derives the windows. Pass either --as-of DATE, or --train-from,"
                + " --train-to, --test-from and --test-to (and optionally both --validation-from"
                + " and --validation-to)");
    Run half =
        run(
            "train",
            "--pipeline",
            chosen.toString(),
            "--train-from",
            "2026-03-01",
            "--train-to",
            "2026-03-05",
            "--test-from",
            "2026-03-07",
            "--validation-to",
            "2026-03-06");
    assertThat(half.code()).isEqualTo(2);
    assertThat(half.err())
        .contains(
            "Cannot choose the training windows: --test-to, --validation-from missing (given:"
                + " --train-from, --train-to, --validation-to, --test-from).");
    Run none = run("train", "--pipeline", chosen.toString());
    assertThat(none.err())
        .contains("Cannot choose the training windows: neither --as-of nor --train-from ..");
    // Labels come an hour after their payment (measured maturity: 1 day), so the test window's
    // last day, 03-08, is mature on 03-09; labels known by 03-08 are refused, nothing recorded.
    Run early =
        run(
            concat(
                new String[] {"train", "--pipeline", chosen.toString(), "--known-by", "2026-03-08"},
                windows));
    assertThat(early.code()).isEqualTo(2);
    assertThat(early.err())
        .contains(
            "with labels known by 2026-03-08: the test window's last label day is mature only on"
                + " 2026-03-09 (--test-to + label maturity 1d)");
    assertThat(run("model", "list").out()).doesNotContain("windows_model");
    // The same windows declared in the model's definition, named by their keys when refused.
    String yaml = Files.readString(chosen);
    String line =
        yaml.lines().filter(l -> l.contains("training_window_days: 6")).findFirst().orElseThrow();
    String indent = line.substring(0, line.indexOf('t'));
    Path declared = dir.resolve("trcli_declared.yaml");
    Files.writeString(
        declared,
        yaml.replace(
            line,
            line
                + "\n"
                + indent
                + "windows: {train: [2026-03-01, 2026-03-05], validation: [2026-03-06,"
                + " 2026-03-06], test: [2026-03-07, 2026-03-08]}"));
    Run fromDefinition =
        run("train", "--pipeline", declared.toString(), "--known-by", "2026-03-08");
    assertThat(fromDefinition.code()).isEqualTo(2);
    assertThat(fromDefinition.err())
        .contains(
            "Cannot train on the windows train 2026-03-01 .. 2026-03-05, validation 2026-03-06 .."
                + " 2026-03-06, test 2026-03-07 .. 2026-03-08 with labels known by 2026-03-08: the"
                + " test window's last label day is mature only on 2026-03-09 (windows.test[1] +"
                + " label maturity 1d)");

    Run t = run(concat(new String[] {"train", "--pipeline", chosen.toString()}, windows));
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.out())
        .contains(
            "as of 2026-03-09 on windows train 2026-03-01..2026-03-05 / validation"
                + " 2026-03-06..2026-03-06 / test 2026-03-07..2026-03-08: rows train 400 /"
                + " validation 80 / test 160;");
    Run params =
        run(
            "sql",
            "SELECT p.key, p.value FROM ballast.run_params p JOIN ballast.runs r ON p.run_id ="
                + " r.run_id WHERE r.tags['ballast.model'] = 'windows_model' AND p.key IN"
                + " ('train_window', 'validation_window', 'test_window', 'labels_known_by')"
                + " ORDER BY p.key",
            "--format",
            "csv");
    assertThat(params.out())
        .contains(
            "labels_known_by,2026-03-09",
            "test_window,2026-03-07..2026-03-08",
            "train_window,2026-03-01..2026-03-05",
            "validation_window,2026-03-06..2026-03-06");
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
