package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against an S3 lakehouse: one s3proxy for the class, each command a separate JVM as {@code
 * ./ballast} runs it. The children take credentials only from the environment or {@code --conf}
 * (never from EC2 instance metadata).
 */
class S3LakehouseIT {
  private static final String BUCKET = "ballast-it";
  private static final String LAKEHOUSE = "s3a://" + BUCKET + "/lh";
  private static final String IDENTITY = "ballast-it-identity";
  private static final String SECRET = "good-secret-7f3a9c";
  private static final String WRONG_SECRET = "wrong-secret-b81d4e";
  private static final long ROWS = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  private static S3ProxyServer s3;
  private static BallastCli ballast;
  private static BallastCli.Result generate;
  private static Map<String, JsonNode> tablesAfterGenerate;

  @BeforeAll
  static void startS3AndGenerate() throws IOException {
    Path logs = Path.of(System.getProperty("ballast.it.logs", "target/it-logs"), "S3LakehouseIT");
    s3 =
        S3ProxyServer.start(
            Path.of(System.getProperty("ballast.s3proxy.jar", "target/it-tools/s3proxy.jar")),
            work,
            logs.resolve("s3proxy.log"),
            BUCKET,
            IDENTITY,
            SECRET);
    ballast = BallastCli.fromSystemProperties(logs, Duration.ofMinutes(5));

    generate =
        ballast.run(
            credentials(SECRET), cli("generate", "--rows", String.valueOf(ROWS), "--days", "3"));
    System.out.printf(
        "S3LakehouseIT: generate --rows %d --days 3 to s3proxy took %.1f s wall clock"
            + " (JVM start included); the job itself reported %s s%n",
        ROWS, generate.seconds(), generateJson().path("seconds").asText("?"));
    assertThat(generate.exitCode()).as(generate.describe()).isZero();

    tablesAfterGenerate = tables();
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void generateWritesTheLakehouseToS3InSecondsAndTablesAndSqlReadItBack() {
    assertThat(generate.seconds())
        .as("generate wall clock; a directory-marker stall costs ~10 s a file")
        .isLessThan(120);
    assertThat(generate.stdout()).contains("Generated 100,000 transactions over 3 days");
    assertThat(generateJson().path("rows").asLong()).isEqualTo(ROWS);

    assertThat(tablesAfterGenerate)
        .containsKeys(
            "transactions", "fraud_labels", "customers", "merchants", "cards", "injected_faults");
    JsonNode transactions = tablesAfterGenerate.get("transactions");
    assertThat(transactions.path("rows").asLong()).isEqualTo(ROWS);
    assertThat(transactions.path("version").asLong()).isZero();

    BallastCli.Result sql =
        ballast.run(
            credentials(SECRET),
            cli("sql", "SELECT count(*) AS n FROM ballast.transactions", "--format", "json"));
    assertThat(sql.exitCode()).as(sql.describe()).isZero();
    assertThat(jsonLines(sql.stdout()))
        .singleElement()
        .satisfies(row -> assertThat(row.path("n").asLong()).isEqualTo(ROWS));
  }

  @Test
  void wrongCredentialsAreAUserErrorThatWritesNothingAndKeepsTheSecretOut() throws IOException {
    Map<String, Long> objectsBefore = s3.objects(BUCKET);
    BallastCli.Result write =
        ballast.run(credentials(WRONG_SECRET), cli("generate", "--rows", "1000", "--days", "1"));
    assertUserErrorAboutCredentials(write);
    assertThat(write.stdout() + write.stderr()).doesNotContain(WRONG_SECRET).doesNotContain(SECRET);

    BallastCli.Result read =
        ballast.run(
            credentials(WRONG_SECRET), cli("sql", "SELECT count(*) FROM ballast.transactions"));
    assertUserErrorAboutCredentials(read);
    assertThat(read.stdout() + read.stderr()).doesNotContain(WRONG_SECRET).doesNotContain(SECRET);

    assertThat(s3.objects(BUCKET)).isEqualTo(objectsBefore);
    assertThat(versions(tables())).isEqualTo(versions(tablesAfterGenerate));
  }

  @Test
  void missingCredentialsAreAUserError() {
    BallastCli.Result r =
        ballast.run(
            Map.of("AWS_ENDPOINT_URL", s3.endpoint()),
            cli("generate", "--rows", "1000", "--days", "1"));
    assertUserErrorAboutCredentials(r);
    assertThat(errorLine(r)).contains("none were found").contains("AWS_ACCESS_KEY_ID");
  }

  private static void assertUserErrorAboutCredentials(BallastCli.Result r) {
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.stderr())
        .as(r.describe())
        .doesNotContain("internal error")
        .doesNotContain("\tat ");
    assertThat(errorLine(r))
        .startsWith("error: Cannot open lakehouse " + LAKEHOUSE)
        .contains("credentials");
  }

  /** The one line of stderr that starts with "error:" (the CLI's whole message). */
  private static String errorLine(BallastCli.Result r) {
    List<String> errors = r.stderr().lines().filter(l -> l.startsWith("error:")).toList();
    assertThat(errors).as(r.describe()).hasSize(1);
    return errors.get(0);
  }

  /** The Ballast arguments for a command on the S3 lakehouse. */
  private static String[] cli(String... command) {
    List<String> args = new java.util.ArrayList<>(List.of(command));
    args.addAll(
        List.of(
            "--lakehouse",
            LAKEHOUSE,
            // Credentials from --conf or the environment only: no instance-metadata lookup.
            "--conf",
            "spark.hadoop.fs.s3a.aws.credentials.provider="
                + "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider,"
                + "com.amazonaws.auth.EnvironmentVariableCredentialsProvider"));
    return args.toArray(new String[0]);
  }

  private static Map<String, String> credentials(String secret) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ENDPOINT_URL", s3.endpoint());
    env.put("AWS_ACCESS_KEY_ID", IDENTITY);
    env.put("AWS_SECRET_ACCESS_KEY", secret);
    return env;
  }

  /** {@code ballast tables --json} with good credentials, by table name. */
  private static Map<String, JsonNode> tables() {
    BallastCli.Result r = ballast.run(credentials(SECRET), cli("tables", "--json"));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    Map<String, JsonNode> out = new TreeMap<>();
    jsonLines(r.stdout()).forEach(t -> out.put(t.path("name").asText(), t));
    return out;
  }

  private static Map<String, Long> versions(Map<String, JsonNode> tables) {
    Map<String, Long> out = new TreeMap<>();
    tables.forEach((name, t) -> out.put(name, t.path("version").asLong()));
    return out;
  }

  private static JsonNode generateJson() {
    List<JsonNode> lines = jsonLines(generate.stdout());
    return lines.isEmpty() ? JSON.createObjectNode() : lines.get(lines.size() - 1);
  }

  private static List<JsonNode> jsonLines(String stdout) {
    return stdout
        .lines()
        .filter(l -> l.startsWith("{"))
        .map(
            l -> {
              try {
                return JSON.readTree(l);
              } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + l, e);
              }
            })
        .toList();
  }
}
