package io.ballast.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of bad inputs and remote faults a user meets, each run as the CLI runs it (in this
 * JVM, no Spark needed): its exit code, that the first line of the message names what is wrong,
 * where, and how to fix it, that it took bounded time, and that nothing was written (the lakehouse
 * folder the command was given is never created). README "Errors" lists the same cases.
 */
class ErrorCatalogueTest {
  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir static Path dir;
  static Path good;
  static int deadPort;

  /**
   * One case: the command line (with {@code URL} and {@code DEAD} for the stub server and a closed
   * port, {@code DIR} for the fixtures' folder), the stub server's mappings (empty: none; a request
   * no mapping matches fails the case), the exit code, fragments the error must hold (what, where,
   * fix), the most seconds it may take, and how many requests the server must get (-1: any).
   */
  record Case(
      String name,
      List<String> args,
      Supplier<List<MappingBuilder>> stubs,
      int exit,
      List<String> says,
      double maxSeconds,
      int requests) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, String args, int exit, String... says) {
    return new Case(name, split(args), List::of, exit, List.of(says), 10, -1);
  }

  /** A remote fault: every request gets {@code answer} (null: no server). */
  static Case remote(
      String name, String args, Supplier<ResponseDefinitionBuilder> answer, String... says) {
    Supplier<List<MappingBuilder>> stubs =
        answer == null ? List::of : () -> List.of(any(anyUrl()).willReturn(answer.get()));
    return new Case(name, split(args), stubs, 2, List.of(says), 10, -1);
  }

  /**
   * A remote fault on MLflow: only the documented requests of the command are answered ({@code
   * stubs}), it must send exactly {@code requests} of them and end within {@code maxSeconds}.
   */
  static Case mlflow(
      String name,
      String args,
      Supplier<List<MappingBuilder>> stubs,
      int requests,
      double maxSeconds,
      String... says) {
    return new Case(name, split(args), stubs, 2, List.of(says), maxSeconds, requests);
  }

  static final String API = "/api/2.0/mlflow/";

  /** GET registered-models/search as {@code model list} sends it (one page). */
  static MappingBuilder searchModels() {
    return get(urlEqualTo(API + "registered-models/search?max_results=200"));
  }

  /** GET registered-models/get of fraud_model, answered with no aliases. */
  static MappingBuilder fraudModelWithoutAliases() {
    return get(urlEqualTo(API + "registered-models/get?name=fraud_model"))
        .willReturn(okJson("{\"registered_model\": {\"name\": \"fraud_model\", \"aliases\": []}}"));
  }

  /** POST registered-models/alias with a JSON body naming the model, alias and version. */
  static MappingBuilder setAlias(String version) {
    return post(urlEqualTo(API + "registered-models/alias"))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(
            equalToJson(
                "{\"name\": \"fraud_model\", \"alias\": \"champion\", \"version\": \""
                    + version
                    + "\"}"));
  }

  static List<String> split(String args) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char ch : args.toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
      } else if (ch == ' ' && !quoted) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(ch);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  /** The demo definition with {@code from} replaced by {@code to} (once), as a fixture file. */
  static void variant(String file, String from, String to) throws IOException {
    String demo = Files.readString(Path.of(PipelineRunTest.PIPELINE));
    assertThat(demo).as("the demo definition still holds " + from).contains(from);
    Files.writeString(
        dir.resolve(file), demo.replaceFirst(java.util.regex.Pattern.quote(from), to));
  }

  /**
   * Starts Spark and its SQL parser once, as the first command of a process does, so that a case's
   * time bound measures the case and not the JVM's warm-up (some cases start Spark to parse SQL or
   * open the lakehouse; loading its classes takes seconds on a busy machine).
   */
  @BeforeAll
  static void warmUp() {
    int code =
        Ballast.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(new StringWriter(), true),
            "sql",
            "SELECT 1",
            "--lakehouse",
            dir.resolve("warm-up").toString());
    assertThat(code).as("warm-up: ballast sql 'SELECT 1'").isZero();
  }

  @BeforeAll
  static void fixtures() throws IOException {
    good = dir.resolve("good.yaml");
    Files.copy(Path.of(PipelineRunTest.PIPELINE), good);
    Files.writeString(dir.resolve("syntax.yaml"), "name: x\nentities:\n  c: {keys: [a]\n  b: c\n");
    Files.write(
        dir.resolve("latin1.yaml"),
        "name: x\ndescription: \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(dir.resolve("empty.yaml"), "");
    Files.writeString(dir.resolve("dupkey.yaml"), "name: a\nname: b\n");
    variant("topkey.yaml", "schedule:", "schedul:");
    variant("entity.yaml", "entity: customer", "entity: custmer");
    variant("source.yaml", "source: transactions\n    ttl", "source: transaction\n    ttl");
    variant("both.yaml", "{name: amount, expr: amount}", "{name: amount, expr: amount, agg: sum}");
    variant("ttl.yaml", "ttl: 30d", "ttl: 30 days");
    variant("window.yaml", "window: 1h}", "window: hour}");
    variant("agg.yaml", "agg: count, window: 1d}", "agg: median, window: 1d}");
    variant("dupfeature.yaml", "{name: hour_of_day,", "{name: amount,");
    variant("cron.yaml", "cron: \"0 3 * * *\"", "cron: \"every night\"");
    variant("retries.yaml", "retries: 2", "retries: -1");
    variant("keys.yaml", "keys: [customer_id]", "keys: []");
    variant("label.yaml", "label:\n  source: fraud_labels", "label:\n  source: fraud_label");
    variant("date.yaml", "start_date: 2026-01-01", "start_date: 2026-13-01");
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort(); // closed again: nothing listens there
    }
  }

  static ResponseDefinitionBuilder status(int code, String body) {
    return aResponse()
        .withStatus(code)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static Stream<Case> cases() {
    String render = "airflow render --out DIR/dags --pipeline DIR/";
    String af = "airflow status --dag d --run-id r --api-version 2 --remote-timeout 3s --url ";
    String ml = "model list --tracking-uri ";
    String status = "airflow status --dag d --run-id r --api-version 2 --url ";
    return Stream.of(
        // broken definitions (loaded by airflow render: no Spark)
        c("definition missing", render + "nope.yaml", 2, "nope.yaml", "does not exist", "Pass"),
        c("YAML syntax", render + "syntax.yaml", 2, "syntax.yaml", "line 4, column 3", "Fix"),
        c("not UTF-8", render + "latin1.yaml", 2, "line 2, column 18", "0xE9", "save it as UTF-8"),
        c("empty file", render + "empty.yaml", 2, "empty.yaml", "Fix"),
        c("duplicate key", render + "dupkey.yaml", 2, "dupkey.yaml", "'name'", "Fix"),
        c("unknown top-level key", render + "topkey.yaml", 2, "schedul", "topkey.yaml"),
        c("unknown entity", render + "entity.yaml", 2, "custmer", "entity", "entity.yaml"),
        c("unknown source", render + "source.yaml", 2, "transaction", "source", "source.yaml"),
        c("expr and agg", render + "both.yaml", 2, "exactly one of 'expr'", "both.yaml"),
        c("bad ttl", render + "ttl.yaml", 2, "'30 days' is not a duration", "e.g. 7d"),
        c("bad window", render + "window.yaml", 2, "'hour' is not a duration", "e.g. 7d"),
        c("unknown aggregate", render + "agg.yaml", 2, "median", "agg.yaml"),
        c("duplicate feature", render + "dupfeature.yaml", 2, "duplicate feature name 'amount'"),
        c("bad cron", render + "cron.yaml", 2, "schedule.cron", "'every night'"),
        c("negative retries", render + "retries.yaml", 2, "schedule.retries", "'-1'"),
        c("no entity keys", render + "keys.yaml", 2, "entities.customer.keys", "at least one"),
        c("unknown label source", render + "label.yaml", 2, "label.source", "fraud_label"),
        c("bad start date", render + "date.yaml", 2, "'2026-13-01'", "YYYY-MM-DD"),
        // bad CLI use
        c("unknown command", "trian --pipeline x", 2, "trian", "--help"),
        c("unknown option", "sql --colour SELECT", 2, "--colour", "--help"),
        c("missing required option", "features build --date 2026-01-01", 2, "--pipeline"),
        c(
            "tolerance without reproduce",
            "train --pipeline DIR/good.yaml --as-of 2026-01-10 --tolerance 1e-6",
            2,
            "--tolerance is only used with --reproduce RUN_ID",
            "train --help"),
        c(
            "bad date",
            "features build --pipeline DIR/good.yaml --date 2026-13-01",
            2,
            "--date",
            "'2026-13-01'",
            "YYYY-MM-DD"),
        c(
            "range backwards",
            "features build --pipeline DIR/good.yaml --from 2026-02-01 --to" + " 2026-01-01",
            2,
            "2026-02-01",
            "2026-01-01"),
        c(
            "bad --conf",
            "sql 'SELECT 1' --conf spark.sql.shuffle.partitions",
            2,
            "--conf",
            "key=value"),
        c("too few rows", "generate --rows 5", 2, "--rows", "1000"),
        c(
            "scoring a future day",
            "score --pipeline DIR/good.yaml --date 2099-01-01",
            2,
            "2099-01-01",
            "after today",
            "--date"),
        c(
            "not a JSON object",
            "airflow trigger --dag d --url URL --conf-json [1]",
            2,
            "--conf-json",
            "object"),
        c("bad Airflow URL", "airflow health --url ftp://x", 2, "--url", "http(s)://"),
        c(
            "bad remote timeout",
            status + "URL --remote-timeout soon",
            2,
            "--remote-timeout",
            "'soon'",
            "60s"),
        c("bad tracking URI", ml + "ftp://x", 2, "ftp://x", "http"),
        c(
            "bad API version",
            "airflow health --url URL --api-version 4",
            2,
            "--api-version",
            "2, 3 or auto"),
        // remote faults: Airflow (3 s remote timeout) and MLflow
        remote("Airflow dead port", af + "DEAD", null, "connection failed", "--url"),
        remote(
            "Airflow 401",
            af + "URL",
            () -> status(401, "{\"detail\": \"no\"}"),
            "refused the credentials",
            "HTTP 401",
            "--user"),
        remote(
            "Airflow 403",
            af + "URL",
            () -> status(403, "{\"detail\": \"no\"}"),
            "HTTP 403",
            "permissions"),
        remote(
            "Airflow 404",
            af + "URL",
            () -> status(404, "{\"detail\": \"DAG d not found\"}"),
            "DAG d not found",
            "HTTP 404"),
        remote(
            "Airflow 409 on a given run id",
            "airflow trigger --dag d --run-id r1 --api-version 2 --url URL",
            () -> status(409, "{\"detail\": \"exists\"}"),
            "r1",
            "exists"),
        remote(
            "Airflow 422",
            af + "URL",
            () -> status(422, "{\"detail\": [{\"loc\": [\"body\"], \"msg\": \"bad\"}]}"),
            "HTTP 422",
            "bad"),
        remote(
            "Airflow 500",
            af + "URL",
            () -> status(500, "{\"detail\": \"boom\"}"),
            "HTTP 500",
            "boom",
            "remote timeout of 3.0 s"),
        remote(
            "Airflow hangs",
            af + "URL",
            () -> okJson("{}").withFixedDelay(8_000),
            "no answer within",
            "remote timeout of 3.0 s"),
        remote(
            "Airflow truncated body", af + "URL", () -> okJson("{\"dag_run_id\": \"r"), "not JSON"),
        remote(
            "Airflow reset connection",
            af + "URL",
            () -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
            "connection failed"),
        remote(
            "Airflow 401 on version detection",
            "airflow health --url URL",
            () -> status(401, "{}"),
            "asks for credentials",
            "--api-version"),
        new Case(
            "MLflow dead port (4 tries: 1 + 2 + 4 s of pauses)",
            split(ml + "DEAD"),
            List::of,
            2,
            List.of("MLflow", "connection failed", "after 4 tries"),
            20,
            -1),
        remote(
            "MLflow 401",
            ml + "URL",
            () -> status(401, "{}"),
            "MLflow",
            "refused the credentials (HTTP 401)",
            "MLFLOW_TRACKING_TOKEN"),
        remote(
            "MLflow 403",
            ml + "URL",
            () ->
                status(
                    403,
                    "{\"error_code\": \"PERMISSION_DENIED\", \"message\": \"Permission denied\"}"),
            "list registered models on MLflow",
            "HTTP 403 PERMISSION_DENIED: Permission denied",
            "READ to read"),
        remote(
            "MLflow 404",
            ml + "URL",
            () -> status(404, "{\"error_code\": \"ENDPOINT_NOT_FOUND\", \"message\": \"no\"}"),
            "ENDPOINT_NOT_FOUND"),
        remote(
            "MLflow truncated body",
            ml + "URL",
            () -> okJson("{\"registered_models\": ["),
            "not JSON"),
        mlflow(
            "MLflow 400 INVALID_PARAMETER_VALUE: MLflow's reason, not retried",
            "model set-alias fraud_model champion nine --tracking-uri URL",
            () ->
                List.of(
                    fraudModelWithoutAliases(),
                    setAlias("nine")
                        .willReturn(
                            status(
                                400,
                                "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\":"
                                    + " \"Parameter 'version' must be an integer, got"
                                    + " 'nine'.\"}"))),
            2,
            10,
            "set alias champion of fraud_model on MLflow",
            "HTTP 400 INVALID_PARAMETER_VALUE (Parameter 'version' must be an integer",
            "Fix the request",
            "not retried"),
        mlflow(
            "MLflow 422 with a FastAPI detail",
            ml + "URL",
            () ->
                List.of(
                    searchModels()
                        .willReturn(
                            status(
                                422,
                                "{\"detail\": [{\"loc\": [\"query\", \"max_results\"],"
                                    + " \"msg\": \"Input should be less than or equal to"
                                    + " 100\"}]}"))),
            1,
            10,
            "list registered models on MLflow",
            "HTTP 422",
            "query.max_results: Input should be less than or equal to 100",
            "not retried"),
        mlflow(
            "MLflow 409 on moving an alias",
            "model set-alias fraud_model champion 2 --tracking-uri URL",
            () ->
                List.of(
                    fraudModelWithoutAliases(),
                    setAlias("2")
                        .willReturn(
                            status(
                                409,
                                "{\"error_code\": \"RESOURCE_CONFLICT\", \"message\":"
                                    + " \"fraud_model was updated concurrently\"}"))),
            2,
            10,
            "set alias champion of fraud_model",
            "HTTP 409 RESOURCE_CONFLICT (fraud_model was updated concurrently)",
            "ballast model aliases MODEL",
            "not retried"),
        mlflow(
            "MLflow 500 retried until the remote timeout (3 s: tries at 0 and 1 s)",
            ml + "URL --remote-timeout 3s",
            () ->
                List.of(
                    searchModels()
                        .willReturn(
                            status(
                                500,
                                "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database"
                                    + " is locked\"}"))),
            2,
            5,
            "list registered models on MLflow",
            "HTTP 500 INTERNAL_ERROR (database is locked) after 2 tries",
            "the remote timeout of 3.0 s is up; raise it with --remote-timeout"),
        mlflow(
            "MLflow slower than the remote timeout (2 s)",
            ml + "URL --remote-timeout 2s",
            () -> List.of(searchModels().willReturn(okJson("{}").withFixedDelay(8_000))),
            1,
            4,
            "list registered models on MLflow",
            "no answer within 2.0 s after 1 try (the remote timeout of 2.0 s is up",
            "the remote timeout of 2.0 s is up; raise it with --remote-timeout"),
        mlflow(
            "MLflow body cut off mid-transfer",
            ml + "URL --remote-timeout 3s",
            () ->
                List.of(
                    searchModels()
                        .willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK))),
            2,
            5,
            "list registered models on MLflow",
            "the connection failed",
            "after 2 tries",
            "Check that the server is up"));
  }

  /** {@code model list} against the stub with a 5 s remote timeout: exit code, seconds. */
  static double[] listModels(StringWriter out, StringWriter err) {
    long t0 = System.nanoTime();
    int code =
        Ballast.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "--lakehouse",
            dir.resolve("lakehouse-slow").toString(),
            "model",
            "list",
            "--tracking-uri",
            server.baseUrl(),
            "--remote-timeout",
            "5s");
    return new double[] {code, (System.nanoTime() - t0) / 1e9};
  }

  @Test
  void aSlowMlflowThatAnswersWithinTheRemoteTimeoutIsWaitedFor() {
    // a first, fast call loads the CLI and HTTP client classes, so the second times the call only
    server.stubFor(searchModels().willReturn(okJson("{\"registered_models\": []}")));
    assertThat(listModels(new StringWriter(), new StringWriter())[0]).isZero();
    server.resetAll();
    server.stubFor(
        searchModels().willReturn(okJson("{\"registered_models\": []}").withFixedDelay(1500)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    double[] r = listModels(out, err);
    assertThat(r[0]).as(err.toString()).isZero();
    assertThat(out.toString()).contains("model").contains("latest");
    assertThat(r[1]).as("seconds: it waited for the answer").isBetween(1.5, 10.0);
    assertThat(server.getAllServeEvents()).hasSize(1);
    assertThat(server.findAllUnmatchedRequests()).isEmpty();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isAUserErrorThatSaysWhatWhereAndHowToFix(Case k) throws IOException {
    k.stubs().get().forEach(server::stubFor);
    Path lakehouse = dir.resolve("lakehouse-" + Integer.toHexString(k.name().hashCode()));
    List<String> args = new ArrayList<>();
    for (String a : k.args()) {
      args.add(
          a.replace("URL", server.baseUrl())
              .replace("DEAD", "http://127.0.0.1:" + deadPort)
              .replace("DIR", dir.toString()));
    }
    args.add("--lakehouse");
    args.add(lakehouse.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long t0 = System.nanoTime();
    int code =
        Ballast.run(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    double seconds = (System.nanoTime() - t0) / 1e9;
    String message = err.toString().strip();
    String first = message.lines().findFirst().orElse("");
    System.out.printf(
        Locale.ROOT, "catalogue | %s | exit %d | %.1f s | %s%n", k.name(), code, seconds, first);
    assertThat(code).as(message).isEqualTo(k.exit());
    assertThat(message).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
    assertThat(message).startsWith("error: ");
    for (String s : k.says()) {
      assertThat(message).as("the message names " + s).contains(s);
    }
    assertThat(seconds).as("seconds").isLessThan(k.maxSeconds());
    assertThat(Files.exists(lakehouse)).as("nothing written to the lakehouse").isFalse();
    assertThat(server.findAllUnmatchedRequests())
        .as("requests outside the documented API")
        .isEmpty();
    if (k.requests() >= 0) {
      assertThat(server.getAllServeEvents()).as("requests").hasSize(k.requests());
    }
  }
}
