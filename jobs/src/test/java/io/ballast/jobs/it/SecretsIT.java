package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stage on an S3 lakehouse with S3 keys (from the environment and from {@code --conf}) and an
 * MLflow token set: none of the secrets may appear in any output, log, error message, table row,
 * Delta log, run parameter or model file. The stages run once each on a few thousand rows, in one
 * process (the secrets belong to the process, not to the data's size); keys given as {@code --conf}
 * and refused keys are processes of their own; a failed query and the scan of every table's rows
 * share one last process.
 */
class SecretsIT {
  private static final String BUCKET = "ballast-secrets";
  private static final String ACCESS_KEY = "AKIASECRETSIT7731XQ";
  private static final String SECRET_KEY = "s3cret-never-logged-90af17c2";
  private static final String WRONG_SECRET = "wr0ng-secret-never-logged-4b6d";
  private static final String TOKEN = "mlflow-token-never-logged-55e1d0";
  private static final List<String> SECRETS = List.of(SECRET_KEY, WRONG_SECRET, TOKEN);

  @TempDir static Path work;

  @Test
  void noSecretAppearsInOutputTablesOrFiles() throws IOException {
    Path logs = Path.of(System.getProperty("ballast.it.logs", "target/it-logs"), "SecretsIT");
    S3ProxyServer s3 =
        S3ProxyServer.start(
            Path.of(System.getProperty("ballast.s3proxy.jar", "target/it-tools/s3proxy.jar")),
            work,
            logs.resolve("s3proxy.log"),
            BUCKET,
            ACCESS_KEY,
            SECRET_KEY);
    try {
      BallastCli ballast = BallastCli.fromSystemProperties(logs, Duration.ofMinutes(20));
      Map<String, String> env = new LinkedHashMap<>();
      env.put("AWS_ENDPOINT_URL", s3.endpoint());
      env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
      env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
      env.put("MLFLOW_TRACKING_TOKEN", TOKEN);
      String lakehouse = "s3a://" + BUCKET + "/lh";
      LakehouseQueries q =
          new LakehouseQueries(
              ballast,
              env,
              List.of(
                  "--lakehouse",
                  lakehouse,
                  "--conf",
                  "spark.hadoop.fs.s3a.aws.credentials.provider="
                      + "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider,"
                      + "com.amazonaws.auth.EnvironmentVariableCredentialsProvider",
                  "--conf",
                  S3ProxyServer.SKIP_COMMITTER_CLEANUP));
      List<BallastCli.Result> runs = new ArrayList<>();
      List<BallastCli.Step> steps = new ArrayList<>();

      // Every stage once, in one process (the secrets are the process's, not the stage's):
      // generate, quality, features, training + registry, scoring and drift.
      String quick = QuickPipeline.write(work).toString();
      String from = "2026-11-01";
      String to = "2026-11-10";
      steps.addAll(
          q.inOneProcess(
              env,
              List.of(
                  List.of("generate", "--rows", "3000", "--days", "10", "--start", from),
                  List.of(
                      "quality",
                      "check",
                      "--pipeline",
                      quick,
                      "--table",
                      "transactions",
                      "--from",
                      from,
                      "--to",
                      to),
                  List.of(
                      "features",
                      "build",
                      "--pipeline",
                      quick,
                      "--from",
                      from,
                      "--to",
                      to,
                      "--allow-partial-windows"),
                  // the label days up to 2026-11-07 are mature 10 days later
                  List.of("train", "--pipeline", quick, "--as-of", "2026-11-17"),
                  List.of("model", "set-alias", "fraud_model", "champion", "1"),
                  List.of("score", "--pipeline", quick, "--date", to),
                  List.of("drift", "features", "--pipeline", quick, "--date", to))));
      // Every step ran; quality may fail a check (exit 2) and drift may find drift (exit 3): the
      // secrets must stay out of those outcomes' messages too.
      Map<String, Set<Integer>> allowed = Map.of("quality", Set.of(0, 2), "drift", Set.of(0, 3));
      for (BallastCli.Step step : steps) {
        String command = step.command().split(" ")[0];
        assertThat(allowed.getOrDefault(command, Set.of(0)))
            .as("exit of '%s':%n%s", step.command(), step.output())
            .contains(step.exitCode());
      }
      // Keys given as --conf, through the local runner's nested tasks.
      Map<String, String> envWithoutKeys = new LinkedHashMap<>(env);
      envWithoutKeys.remove("AWS_ACCESS_KEY_ID");
      envWithoutKeys.remove("AWS_SECRET_ACCESS_KEY");
      runs.add(
          ballast.run(
              envWithoutKeys,
              "pipeline",
              "run",
              "--pipeline",
              quick,
              "--date",
              to,
              "--tasks",
              "features_build_.*",
              "--force",
              // the 10 days are shorter than the 30-day windows
              "--allow-partial-windows",
              "--lakehouse",
              lakehouse,
              "--conf",
              "spark.hadoop.fs.s3a.access.key=" + ACCESS_KEY,
              "--conf",
              "spark.hadoop.fs.s3a.secret.key=" + SECRET_KEY));
      assertThat(runs.get(0).exitCode()).as(runs.get(0).describe()).isZero();
      // Errors: refused keys given as --conf (a process of its own: the keys are the process's).
      BallastCli.Result refused =
          ballast.run(
              envWithoutKeys,
              "tables",
              "--lakehouse",
              lakehouse,
              "--conf",
              "spark.hadoop.fs.s3a.access.key=" + ACCESS_KEY,
              "--conf",
              "spark.hadoop.fs.s3a.secret.key=" + WRONG_SECRET);
      assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(2);
      runs.add(refused);

      // A query that fails, and every row of every table decoded (compressed Parquet pages hide
      // strings from a byte scan), in one process with the keys from the environment. The tables
      // are the lakehouse's table folders holding a Delta log: the catalog's own definition of
      // its tables (LakehouseCatalog.listTables), read here without a Spark process.
      Set<String> tableNames = new TreeSet<>();
      Pattern tableFolder = Pattern.compile("^lh/tables/([^/]+)/_delta_log/");
      for (String key : s3.objects(BUCKET).keySet()) {
        Matcher m = tableFolder.matcher(key);
        if (m.find()) {
          tableNames.add(m.group(1));
        }
      }
      assertThat(tableNames).contains("runs", "run_params", "pipeline_task_runs", "model_versions");
      List<String> parts = new ArrayList<>();
      for (String t : tableNames) {
        StringBuilder match = new StringBuilder();
        for (String secret : SECRETS) {
          match.append(match.length() == 0 ? "" : " OR ");
          // the secret base64-encoded: the query's text (echoed, logged) must not hold it either
          match
              .append("instr(row, CAST(unbase64('")
              .append(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))
              .append("') AS STRING)) > 0");
        }
        // Spark allows * in a projection, not in a filter: render each row first.
        parts.add(
            "SELECT '"
                + t
                + "' AS t, count(*) AS n FROM (SELECT CAST(struct(*) AS STRING) AS row FROM ballast."
                + t
                + ") WHERE "
                + match);
      }
      BallastCli.Result last =
          q.runInOneProcess(
              env,
              List.of(
                  List.of("sql", "SELECT * FROM ballast.nope"),
                  List.of(
                      "sql",
                      String.join(" UNION ALL ", parts),
                      "--format",
                      "json",
                      "--max-rows",
                      "1000")));
      runs.add(last);
      List<BallastCli.Step> lastSteps = BallastCli.stepsWithAnyExit(last.stdout());
      BallastCli.Step badQuery = lastSteps.get(0);
      BallastCli.Step scan = lastSteps.get(1);
      assertThat(badQuery.exitCode()).as(last.describe()).isEqualTo(2);
      assertThat(last.stderr()).as("the failed query's error").contains("error: ");
      assertThat(scan.exitCode()).as(last.describe()).isZero();
      steps.addAll(lastSteps);

      for (BallastCli.Step step : steps) {
        assertNoSecret("output of ballast " + step.command(), step.output());
      }
      for (BallastCli.Result r : runs) {
        assertNoSecret("output of ballast " + r.args().get(0), r.stdout() + r.stderr());
      }
      try (Stream<Path> files = Files.walk(logs)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          if (!f.getFileName().toString().startsWith("s3proxy")) {
            assertNoSecret("log file " + f, Files.readString(f, StandardCharsets.ISO_8859_1));
          }
        }
      }

      // Every object the lakehouse holds, byte for byte: Delta logs (commit info, operation
      // parameters, user metadata), model files, data files.
      Map<String, Long> objects = s3.objects(BUCKET);
      assertThat(objects.keySet()).anyMatch(k -> k.contains("/models/"));
      for (String key : objects.keySet()) {
        String bytes =
            Files.readString(
                work.resolve("data").resolve(BUCKET).resolve(key), StandardCharsets.ISO_8859_1);
        assertNoSecret("lakehouse object " + key, bytes);
      }

      // Every row of every table, decoded.
      List<String> hits =
          scan.output().lines().filter(l -> l.startsWith("{") && !l.contains("\"n\":0")).toList();
      assertThat(hits).as("tables with a row holding a secret").isEmpty();
      assertThat(scan.output().lines().filter(l -> l.startsWith("{")).count())
          .isEqualTo(tableNames.size());
    } finally {
      s3.close();
    }
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : SECRETS) {
      assertThat(text.contains(secret)).as("a secret appears in " + where).isFalse();
    }
  }
}
