package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One demo day on a real Spark standalone cluster (a master and two workers, separate JVMs on
 * loopback, see {@link SparkCluster}), submitted as the shaded jar through Spark's own {@code
 * SparkSubmit} in client mode: once on a local lakehouse and once on {@code s3a://} (s3proxy). This
 * catches what {@code local[*]} hides: closures that do not serialize, state that lives only on the
 * driver, classes missing from the jar on executors, and settings that reach only the driver.
 *
 * <p>On each lakehouse the cluster generates ten days of data, backfills the feature tables over
 * the first nine, trains the model on them (the quick search of {@link QuickPipeline}) and points
 * {@code champion} at it; then {@code pipeline run} runs the whole daily graph for the tenth day:
 * quality gates, feature builds, scoring, feature and prediction drift. Every task must succeed,
 * and both workers' executors must have finished tasks of every Spark job submitted.
 */
class ClusterIT {
  private static final String START = "2026-11-01";
  private static final String LAST_HISTORY_DAY = "2026-11-09";

  /** The model's last label day: later days' labels have mostly not arrived by the tenth day. */
  private static final String TRAIN_AS_OF = "2026-11-07";

  private static final String DAY = "2026-11-10";
  private static final String BUCKET = "ballast-cluster";
  private static final String IDENTITY = "cluster-it-identity";
  private static final String SECRET = "cluster-it-secret-5d21";
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(25);

  /** The daily graph's data tasks, each to report status ok. */
  private static final List<String> DATA_TASKS =
      List.of(
          "quality_check_transactions",
          "quality_check_fraud_labels",
          "features_build_customer_features",
          "quality_check_customer_features",
          "features_build_merchant_features",
          "quality_check_merchant_features");

  /** The model tasks after them, each to report status ok. */
  private static final List<String> MODEL_TASKS =
      List.of("score", "drift_features", "drift_predictions");

  @TempDir static Path work;

  private static SparkCluster cluster;
  private static S3ProxyServer s3;
  private static Path logs;
  private static Path pipeline;

  @BeforeAll
  static void startClusterAndS3() throws IOException {
    logs = Path.of(System.getProperty("ballast.it.logs", "target/it-logs"), "ClusterIT");
    pipeline = QuickPipeline.write(Files.createDirectories(work.resolve("pipeline")));
    Path target = Path.of(property("ballast.launcher.classpath")).getParent();
    cluster =
        SparkCluster.start(
            Path.of(property("ballast.launcher.classpath")),
            Files.createDirectories(target.resolve("it-cluster")),
            logs,
            2,
            property("ballast.jvm.opens"));
    s3 =
        S3ProxyServer.start(
            Path.of(property("ballast.s3proxy.jar")),
            Files.createDirectories(work.resolve("s3")),
            logs.resolve("s3proxy.log"),
            BUCKET,
            IDENTITY,
            SECRET);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void theMasterListsTwoWorkersOfOneCoreEach() {
    var state = cluster.masterState();
    assertThat(state.path("aliveworkers").asInt()).isEqualTo(2);
    assertThat(state.path("workers").findValuesAsText("state")).containsOnly("ALIVE");
    assertThat(state.path("cores").asInt()).isEqualTo(2);
  }

  @Test
  void oneDemoDayOnALocalLakehouse() throws IOException {
    runDay(work.resolve("lh").toUri().toString(), List.of(), Map.of());
  }

  @Test
  void oneDemoDayOnS3() throws IOException {
    // On a cluster the executors do not see the driver's environment: the endpoint and the keys
    // travel as Spark settings, the way a user passes them to spark-submit.
    runDay(
        "s3a://" + BUCKET + "/lh",
        List.of(
            "spark.hadoop.fs.s3a.endpoint=" + s3.endpoint(),
            "spark.hadoop.fs.s3a.path.style.access=true",
            "spark.hadoop.fs.s3a.connection.ssl.enabled=false",
            "spark.hadoop.fs.s3a.access.key=" + IDENTITY,
            "spark.hadoop.fs.s3a.secret.key=" + SECRET,
            "spark.hadoop.fs.s3a.aws.credentials.provider="
                + "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
            S3ProxyServer.SKIP_COMMITTER_CLEANUP),
        Map.of());
    assertThat(s3.objects(BUCKET).keySet())
        .anyMatch(k -> k.startsWith("lh/tables/customer_features/_delta_log/"));
  }

  private void runDay(String lakehouse, List<String> conf, Map<String, String> env)
      throws IOException {
    Path jar = Path.of(property("ballast.spark.jar"));
    assertThat(jar)
        .as("the spark-submit jar (built by mvn package without -Dballast.local)")
        .isRegularFile();
    String def = pipeline.toString();
    submitOk(
        jar,
        conf,
        env,
        withLakehouse(
            List.of("generate", "--rows", "20000", "--days", "10", "--start", START), lakehouse));
    List<String> run =
        new ArrayList<>(
            List.of(
                "pipeline", "run", "--pipeline", def, "--date", DAY, "--allow-partial-windows"));
    prepareModel(jar, conf, env, lakehouse);
    List<String> expected = new ArrayList<>(DATA_TASKS);
    expected.addAll(MODEL_TASKS);
    BallastCli.Result day = submitOk(jar, conf, env, withLakehouse(run, lakehouse));
    Map<String, String> statuses = taskStatuses(day.stdout());
    assertThat(statuses.keySet()).as(day.stdout()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(statuses.values()).as(day.stdout()).allMatch("ok"::equals);
    checkDay(jar, conf, env, lakehouse, statuses.size());
  }

  /** Feature history for the nine days, a model trained on it, made champion. */
  private void prepareModel(Path jar, List<String> conf, Map<String, String> env, String lakehouse)
      throws IOException {
    String def = pipeline.toString();
    submitOk(
        jar,
        conf,
        env,
        withLakehouse(
            List.of(
                "features",
                "build",
                "--pipeline",
                def,
                "--from",
                START,
                "--to",
                LAST_HISTORY_DAY,
                "--allow-partial-windows"),
            lakehouse));
    BallastCli.Result train =
        submitOk(
            jar,
            conf,
            env,
            withLakehouse(List.of("train", "--pipeline", def, "--date", TRAIN_AS_OF), lakehouse));
    Matcher version = Pattern.compile("version (\\d+)").matcher(train.stdout());
    assertThat(version.find()).as(train.stdout()).isTrue();
    // A tiny metadata write: one executor may do all of it, so only the exit code is checked.
    submit(
        jar,
        conf,
        env,
        withLakehouse(
            List.of("model", "set-alias", "fraud_model", "champion", version.group(1)), lakehouse));
  }

  /**
   * What the run wrote, read back on the cluster: the day's task log, feature rows, one prediction
   * per event, drift rows for the features and the score.
   */
  private void checkDay(
      Path jar, List<String> conf, Map<String, String> env, String lakehouse, int tasks) {
    BallastCli.Result check =
        submit(
            jar,
            conf,
            env,
            withLakehouse(
                List.of(
                    "sql",
                    "SELECT (SELECT count(*) FROM ballast.pipeline_task_runs WHERE ds = '"
                        + DAY
                        + "' AND status = 'SUCCESS') AS tasks,"
                        + " (SELECT count(*) FROM ballast.customer_features WHERE ds = '"
                        + DAY
                        + "') AS feature_rows,"
                        + " (SELECT count(*) FROM ballast.transactions WHERE ds = '"
                        + DAY
                        + "') AS source_rows,"
                        + " (SELECT count(*) FROM ballast.card_fraud_predictions WHERE ds = '"
                        + DAY
                        + "' AND NOT shadow) AS predictions,"
                        + " (SELECT count(DISTINCT feature) FROM ballast.drift WHERE ds = '"
                        + DAY
                        + "') AS drift_features,"
                        + " (SELECT count(*) FROM ballast.drift WHERE ds = '"
                        + DAY
                        + "' AND feature = 'score') AS score_drift_rows",
                    "--format",
                    "csv"),
                lakehouse));
    List<String> csv = check.stdout().lines().filter(l -> !l.isBlank()).toList();
    assertThat(csv).as(check.stdout()).hasSizeGreaterThanOrEqualTo(2);
    String[] v = csv.get(csv.size() - 1).split(",");
    assertThat(Long.parseLong(v[0])).isEqualTo(tasks);
    long events = Long.parseLong(v[2]);
    assertThat(events).isPositive();
    assertThat(Long.parseLong(v[1])).as("feature rows").isEqualTo(events);
    assertThat(Long.parseLong(v[3])).as("predictions").isEqualTo(events);
    assertThat(Long.parseLong(v[4])).as("features with drift rows").isGreaterThan(10);
    assertThat(Long.parseLong(v[5])).as("score drift rows").isPositive();
  }

  /** Submits and asserts exit 0. */
  private BallastCli.Result submit(
      Path jar, List<String> conf, Map<String, String> env, List<String> args) {
    return submitted(jar, conf, env, args).result();
  }

  private SparkCluster.Submitted submitted(
      Path jar, List<String> conf, Map<String, String> env, List<String> args) {
    SparkCluster.Submitted s =
        cluster.submit(jar, conf, env, STEP_TIMEOUT, args.toArray(String[]::new));
    BallastCli.Result r = s.result();
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stderr()).as(r.describe()).doesNotContain("internal error");
    return s;
  }

  /** Submits, asserts exit 0 and that both workers' executors finished tasks of the app. */
  private BallastCli.Result submitOk(
      Path jar, List<String> conf, Map<String, String> env, List<String> args) throws IOException {
    SparkCluster.Submitted s = submitted(jar, conf, env, args);
    BallastCli.Result r = s.result();
    assertThat(cluster.finishedTasksPerWorker(s.appId()))
        .as("tasks finished by each worker's executors for %s (%s)", s.appId(), args.get(0))
        .hasSize(2)
        .allMatch(n -> n > 0);
    assertThat(cluster.executorErrors(s.appId())).as("executor errors").isEmpty();
    return r;
  }

  /** Task id -> "ok" or "FAILED ..." from the run's progress lines ({@code <task> ok in 1.2 s}). */
  static Map<String, String> taskStatuses(String stdout) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("^ {3}([a-z0-9_]+)\\s+(ok|FAILED \\(exit \\d+\\)) in ", Pattern.MULTILINE)
            .matcher(stdout);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  private static List<String> withLakehouse(List<String> args, String lakehouse) {
    List<String> out = new ArrayList<>(args);
    out.add("--lakehouse");
    out.add(lakehouse);
    return out;
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set; run the IT through mvn verify");
    }
    return v;
  }
}
