package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults in the middle of a write: the JVM killed with SIGKILL while its data files are being
 * written (no shutdown hook, no cleanup), and the S3 server stopped while a feature build writes to
 * {@code s3a://}. Afterwards the table must read at its previous version with the same rows (read
 * by a new JVM), and a rerun must complete with no duplicate and no missing row. The steps before
 * the fault (the previous version, its rows counted) run in the faulted JVM itself, as a {@code
 * ballast shell}'s first steps: one JVM start per case instead of two.
 */
class CrashSafetyIT {
  private static final Duration WATCH = Duration.ofMinutes(8);

  @TempDir static Path work;

  /**
   * A Delta-writing command to kill mid-write.
   *
   * @param fromDemo whether the lakehouse starts as a copy of the shared demo lakehouse (a trained
   *     champion, feature tables, scored days) before {@code setup}
   * @param setup commands that make the table's previous version
   * @param crash the command killed once its first data file appears, then rerun
   * @param expectedRows a query giving the rows the table must hold after the rerun
   * @param scope the rows (a SQL predicate) that must hold no duplicate key
   */
  record Writer(
      String name,
      String table,
      String key,
      boolean fromDemo,
      List<List<String>> setup,
      List<String> crash,
      String expectedRows,
      String scope) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Every writer the crash test covers; a new Delta-writing job adds one entry. */
  static Stream<Writer> writers() {
    return Stream.of(
        new Writer(
            "feature build",
            "customer_features",
            "txn_id",
            false,
            List.of(
                List.of("generate", "--rows", "80000", "--days", "6", "--start", "2026-11-01"),
                List.of(
                    "features",
                    "build",
                    "--pipeline",
                    pipeline(),
                    "--table",
                    "customer_features",
                    "--from",
                    "2026-11-01",
                    "--to",
                    "2026-11-03",
                    "--allow-partial-windows")),
            List.of(
                "features",
                "build",
                "--pipeline",
                pipeline(),
                "--table",
                "customer_features",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-06",
                "--allow-partial-windows"),
            "SELECT count(*) AS n FROM ballast.transactions",
            "true"),
        new Writer(
            "generate (a daily partitioned write)",
            "transactions",
            "txn_id",
            false,
            List.of(List.of("generate", "--rows", "40000", "--days", "3", "--start", "2026-11-01")),
            List.of("generate", "--rows", "160000", "--days", "3", "--start", "2026-11-01"),
            "SELECT 160000 AS n",
            "true"),
        // Scored days of the demo after its quality incident (2026-01-08 holds duplicate events,
        // and so duplicate predictions, by design), rescored in one range job.
        new Writer(
            "scoring write",
            "card_fraud_predictions",
            "txn_id",
            true,
            List.of(),
            List.of(
                "score",
                "--pipeline",
                DemoLakehouse.pipeline().toString(),
                "--model",
                "fraud_model@champion",
                "--from",
                "2026-01-09",
                "--to",
                "2026-01-12"),
            "SELECT count(*) AS n FROM ballast.transactions WHERE ds >= '2026-01-09'",
            "NOT shadow AND ds >= '2026-01-09'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writers")
  void sigkillMidWriteLeavesThePreviousVersionAndARerunCompletes(Writer w) throws IOException {
    Path lh = Files.createDirectories(work.resolve(w.table()));
    if (w.fromDemo()) {
      DemoLakehouse.copyTo(lh);
    }
    LakehouseQueries q =
        new LakehouseQueries(
            cli("sigkill-" + w.table()), Map.of(), List.of("--lakehouse", lh.toString()));
    // The previous version, its rows counted, then the write to kill, in one process: the kill
    // lands in the last step, once the others finished and a data file of its own appeared.
    List<List<String>> steps = new ArrayList<>(w.setup());
    steps.add(LakehouseQueries.rowsQuery(w.table(), w.key(), "SELECT 0", w.scope()));
    steps.add(w.crash());
    BallastCli.Running running = q.startInOneProcess(steps);
    List<String> setupOut = awaitSteps(running, steps.size() - 1);
    long[] counted = LakehouseQueries.rowsIn(setupOut.get(setupOut.size() - 1));
    Path tableDir = lh.resolve("tables").resolve(w.table());
    long versionBefore;
    long[] rowsBefore;
    Set<String> orphans;
    // A small write can commit between its first data file and the kill: then the fault did not
    // land, and it is injected again on the new version (three tries), the write alone.
    for (int attempt = 1; ; attempt++) {
      versionBefore = LakehouseQueries.deltaVersion(tableDir);
      rowsBefore =
          attempt == 1
              ? new long[] {counted[0], counted[1]}
              : q.rowsAndDuplicates(w.table(), w.key(), w.scope());
      Set<String> filesBefore = LakehouseQueries.dataFiles(tableDir);
      if (attempt > 1) {
        running = q.start(w.crash().toArray(String[]::new));
      }
      BallastCli.Running writing = running;
      awaitOrFail(
          writing,
          () -> !filesBefore.containsAll(LakehouseQueries.dataFiles(tableDir)),
          "a new data file of " + w.table());
      writing.kill();
      orphans = LakehouseQueries.dataFiles(tableDir);
      orphans.removeAll(filesBefore);
      if (LakehouseQueries.deltaVersion(tableDir) == versionBefore) {
        break;
      }
      assertThat(attempt).as("tries whose write committed before the kill").isLessThan(3);
      System.out.printf("CrashSafetyIT: '%s' committed before the kill; again%n", w.name());
    }
    System.out.printf(
        "CrashSafetyIT: killed '%s' (SIGKILL) with %d new data files written, none committed%n",
        w.name(), orphans.size());
    assertThat(orphans)
        .as("data files the killed write left (proof it was mid-write)")
        .isNotEmpty();
    // A new process reads the previous version, reruns the write and counts again.
    List<String> after =
        q.okInOneProcess(
            List.of(
                LakehouseQueries.rowsQuery(w.table(), w.key(), "SELECT 0", w.scope()),
                w.crash(),
                LakehouseQueries.rowsQuery(w.table(), w.key(), w.expectedRows(), w.scope())));
    long[] afterKill = LakehouseQueries.rowsIn(after.get(0));
    assertThat(new long[] {afterKill[0], afterKill[1]}).containsExactly(rowsBefore);
    long[] rerun = LakehouseQueries.rowsIn(after.get(2));
    assertThat(LakehouseQueries.deltaVersion(tableDir)).isEqualTo(versionBefore + 1);
    assertThat(rerun[1]).as("duplicate " + w.key() + " after the rerun").isZero();
    assertThat(rerun[0]).isEqualTo(rerun[2]);
  }

  @Test
  void s3ServerStoppedMidWriteFailsClearlyLeavesNoVersionAndARerunSucceeds() throws IOException {
    String bucket = "ballast-crash";
    String identity = "crash-it-identity";
    String secret = "crash-it-secret-3e9b";
    Path s3work = Files.createDirectories(work.resolve("s3"));
    Path logs = logs("s3-stop");
    Path jar = Path.of(System.getProperty("ballast.s3proxy.jar", "target/it-tools/s3proxy.jar"));
    S3ProxyServer s3 =
        S3ProxyServer.start(jar, s3work, logs.resolve("s3proxy-1.log"), bucket, identity, secret);
    BallastCli ballast = cli("s3-stop");
    List<String> tail =
        List.of(
            "--lakehouse",
            "s3a://" + bucket + "/lh",
            "--conf",
            "spark.hadoop.fs.s3a.aws.credentials.provider="
                + "com.amazonaws.auth.EnvironmentVariableCredentialsProvider");
    List<String> build =
        new ArrayList<>(
            List.of(
                "features",
                "build",
                "--pipeline",
                pipeline(),
                "--table",
                "customer_features",
                "--from",
                "2026-11-01",
                "--allow-partial-windows",
                "--to"));
    try {
      LakehouseQueries q = new LakehouseQueries(ballast, env(s3, identity, secret), tail);
      // The previous version, its rows counted, then the build to fail, in one process: the server
      // stops once the others finished and a data object of the build appeared.
      BallastCli.Running running =
          q.startInOneProcess(
              List.of(
                  List.of("generate", "--rows", "60000", "--days", "4", "--start", "2026-11-01"),
                  List.of(withLast(build, "2026-11-02")),
                  LakehouseQueries.rowsQuery("customer_features", "txn_id", "SELECT 0", "true"),
                  List.of(withLast(build, "2026-11-04"))));
      List<String> setup = awaitSteps(running, 3);
      String prefix = "lh/tables/customer_features/";
      long versionBefore = LakehouseQueries.deltaVersion(tableKeys(s3.objects(bucket), prefix));
      long[] rowsBefore = LakehouseQueries.rowsIn(setup.get(2));
      rowsBefore = new long[] {rowsBefore[0], rowsBefore[1]};
      Set<String> objectsBefore = dataObjects(s3.objects(bucket), prefix);

      S3ProxyServer server = s3;
      awaitOrFail(
          running,
          () -> {
            try {
              return !objectsBefore.containsAll(dataObjects(server.objects(bucket), prefix));
            } catch (IOException e) {
              return false;
            }
          },
          "a new data object of customer_features");
      s3.close();
      Instant stopped = Instant.now();
      BallastCli.Result failed = running.await();
      System.out.printf(
          "CrashSafetyIT: S3 server stopped mid-write; the build exited %d %.0f s later%n",
          failed.exitCode(), Duration.between(stopped, Instant.now()).toMillis() / 1000.0);
      List<BallastCli.Step> ran = BallastCli.stepsWithAnyExit(failed.stdout());
      assertThat(ran).as(failed.describe()).hasSize(4);
      assertThat(ran.get(3).exitCode()).as(failed.describe()).isEqualTo(2);
      assertThat(failed.exitCode()).as(failed.describe()).isEqualTo(2);
      assertThat(failed.stderr()).as(failed.describe()).doesNotContain("internal error");
      List<String> errors = failed.stderr().lines().filter(l -> l.startsWith("error:")).toList();
      assertThat(errors).as(failed.describe()).hasSize(1);
      assertThat(errors.get(0))
          .startsWith("error: Cannot reach the lakehouse storage at s3a://" + bucket + "/lh")
          .contains("(endpoint " + s3.endpoint() + ")")
          .contains("Check that the S3 server is up")
          .doesNotContain(secret);

      s3 =
          S3ProxyServer.start(jar, s3work, logs.resolve("s3proxy-2.log"), bucket, identity, secret);
      q = new LakehouseQueries(ballast, env(s3, identity, secret), tail);
      assertThat(LakehouseQueries.deltaVersion(tableKeys(s3.objects(bucket), prefix)))
          .as("no partial version after the restart")
          .isEqualTo(versionBefore);
      List<String> after =
          q.okInOneProcess(
              List.of(
                  LakehouseQueries.rowsQuery("customer_features", "txn_id", "SELECT 0", "true"),
                  List.of(withLast(build, "2026-11-04")),
                  LakehouseQueries.rowsQuery(
                      "customer_features",
                      "txn_id",
                      "SELECT count(*) FROM ballast.transactions",
                      "true")));
      long[] afterRestart = LakehouseQueries.rowsIn(after.get(0));
      assertThat(new long[] {afterRestart[0], afterRestart[1]}).containsExactly(rowsBefore);
      long[] rerun = LakehouseQueries.rowsIn(after.get(2));
      assertThat(rerun[1]).isZero();
      assertThat(rerun[0]).isEqualTo(rerun[2]);
    } finally {
      s3.close();
    }
  }

  /**
   * Waits until the first {@code n} steps of a started {@code ballast shell} finished, each with
   * exit 0, and returns their outputs; fails if the process ends first or time runs out.
   */
  static List<String> awaitSteps(BallastCli.Running running, int n) {
    awaitOrFail(
        running,
        () -> BallastCli.stepsWithAnyExit(running.stdoutSoFar()).size() >= n,
        n + " finished steps",
        Duration.ofMinutes(20));
    List<BallastCli.Step> done = BallastCli.steps(running.stdoutSoFar());
    return done.subList(0, n).stream().map(BallastCli.Step::output).toList();
  }

  /** Polls until the condition holds; fails if the process ends first or time runs out. */
  static void awaitOrFail(BallastCli.Running running, Supplier<Boolean> condition, String what) {
    awaitOrFail(running, condition, what, WATCH);
  }

  /** {@link #awaitOrFail(BallastCli.Running, Supplier, String)} within {@code watch}. */
  static void awaitOrFail(
      BallastCli.Running running, Supplier<Boolean> condition, String what, Duration watch) {
    Instant deadline = Instant.now().plus(watch);
    while (Instant.now().isBefore(deadline)) {
      if (condition.get()) {
        return;
      }
      if (!running.process().isAlive()) {
        throw new AssertionError(
            "the command ended (exit "
                + running.process().exitValue()
                + ") before "
                + what
                + " appeared; its output:\n"
                + running.outputSoFar());
      }
      S3ProxyServer.pause(Duration.ofMillis(25));
    }
    running.kill();
    throw new AssertionError("no " + what + " within " + watch.toMinutes() + " min");
  }

  /** The keys of one table's objects. */
  private static Set<String> tableKeys(SortedMap<String, Long> objects, String prefix) {
    return objects.keySet().stream()
        .filter(k -> k.startsWith(prefix))
        .collect(java.util.stream.Collectors.toSet());
  }

  private static Set<String> dataObjects(SortedMap<String, Long> objects, String prefix) {
    Set<String> out = new java.util.TreeSet<>();
    objects.keySet().stream()
        .filter(k -> k.startsWith(prefix) && !k.contains("_delta_log") && k.endsWith(".parquet"))
        .forEach(out::add);
    return out;
  }

  private static String[] withLast(List<String> args, String last) {
    List<String> a = new ArrayList<>(args);
    a.add(last);
    return a.toArray(String[]::new);
  }

  private static Map<String, String> env(S3ProxyServer s3, String identity, String secret) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ENDPOINT_URL", s3.endpoint());
    env.put("AWS_ACCESS_KEY_ID", identity);
    env.put("AWS_SECRET_ACCESS_KEY", secret);
    return env;
  }

  static String pipeline() {
    return System.getProperty(
        "ballast.demo.pipeline", "../orchestration/pipelines/card_fraud.yaml");
  }

  private static Path logs(String name) {
    return Path.of(System.getProperty("ballast.it.logs", "target/it-logs"), "CrashSafetyIT", name);
  }

  private static BallastCli cli(String name) {
    return BallastCli.fromSystemProperties(logs(name), Duration.ofMinutes(20));
  }
}
