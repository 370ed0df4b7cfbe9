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
}
