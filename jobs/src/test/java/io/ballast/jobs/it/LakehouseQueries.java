package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads a lakehouse back through the CLI (a separate process), for the fault tests. */
final class LakehouseQueries {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BallastCli ballast;
  private final Map<String, String> env;
  private final List<String> tail;

  /**
   * @param tail arguments every command gets ({@code --lakehouse ...} and any {@code --conf})
   */
  LakehouseQueries(BallastCli ballast, Map<String, String> env, List<String> tail) {
    this.ballast = ballast;
    this.env = env;
    this.tail = List.copyOf(tail);
  }

  /** Runs a command with the common tail and asserts exit 0. */
  BallastCli.Result ok(String... command) {
    BallastCli.Result r = ballast.run(env, args(command));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return r;
  }

  /** Starts a command with the common tail without waiting. */
  BallastCli.Running start(String... command) {
    return ballast.start(env, args(command));
  }

  String[] args(String... command) {
    List<String> a = new ArrayList<>(Arrays.asList(command));
    a.addAll(tail);
    return a.toArray(String[]::new);
  }

  /** {@code ballast tables --json} by table name. */
  Map<String, JsonNode> tables() {
    BallastCli.Result r = ok("tables", "--json");
    Map<String, JsonNode> out = new TreeMap<>();
    r.stdout()
        .lines()
        .filter(l -> l.startsWith("{"))
        .forEach(
            l -> {
              try {
                JsonNode t = JSON.readTree(l);
                out.put(t.path("name").asText(), t);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return out;
  }

  /** The one row a query returns, as JSON. */
  JsonNode row(String sql) {
    return rowIn(ok("sql", sql, "--format", "json").stdout());
  }

  /** The one JSON row in a {@code sql --format json} output. */
  static JsonNode rowIn(String output) {
    List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).as(output).hasSize(1);
    try {
      return JSON.readTree(lines.get(0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs the commands one after another in one process ({@code ballast shell}, one JVM and Spark
   * session: for steps that need not be processes of their own), asserts that each exited 0 and
   * returns each one's output.
   */
  List<String> okInOneProcess(List<List<String>> commands) {
    BallastCli.Result r = ok("shell", "--file", shellFile(commands).toString());
    List<BallastCli.Step> steps = BallastCli.steps(r.stdout());
    assertThat(steps).as(r.describe()).hasSize(commands.size());
    return steps.stream().map(BallastCli.Step::output).toList();
  }

  /**
   * Starts the commands one after another in one process ({@code ballast shell}, stopping at the
   * first failure) without waiting: read each finished step with {@link
   * BallastCli#stepsWithAnyExit} on its stdout so far.
   */
  BallastCli.Running startInOneProcess(List<List<String>> commands) {
    return start("shell", "--file", shellFile(commands).toString());
  }

  /**
   * Runs every command in one process ({@code ballast shell --keep-going}) whatever each one's exit
   * code, and returns the steps (each with its exit code) for the caller to judge.
   */
  List<BallastCli.Step> inOneProcess(Map<String, String> env, List<List<String>> commands) {
    return BallastCli.stepsWithAnyExit(runInOneProcess(env, commands).stdout());
  }

  /**
   * {@link #inOneProcess} returning the whole process's result (its stderr holds the steps'
   * errors); every command ran (a step each in its stdout).
   */
  BallastCli.Result runInOneProcess(Map<String, String> env, List<List<String>> commands) {
    BallastCli.Result r =
        ballast.run(env, args("shell", "--keep-going", "--file", shellFile(commands).toString()));
    assertThat(BallastCli.stepsWithAnyExit(r.stdout())).as(r.describe()).hasSize(commands.size());
    return r;
  }

  private static Path shellFile(List<List<String>> commands) {
    try {
      Path file = Files.createTempFile("ballast-steps", ".txt");
      Files.writeString(
          file,
          commands.stream().map(BallastCli::shellLine).collect(Collectors.joining("\n")) + "\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows, and rows minus distinct keys (0: no duplicates), of a table. */
  long[] rowsAndDuplicates(String table, String key) {
    return rowsAndDuplicates(table, key, "true");
  }

  /** {@link #rowsAndDuplicates(String, String)} of the rows matching {@code where}. */
  long[] rowsAndDuplicates(String table, String key, String where) {
    long[] r = rowsDuplicatesAndExpected(table, key, "SELECT 0", where);
    return new long[] {r[0], r[1]};
  }

  /**
   * Rows, duplicate keys and the value of {@code expectedSql} (a one-value query), in one query.
   */
  long[] rowsDuplicatesAndExpected(String table, String key, String expectedSql) {
    return rowsDuplicatesAndExpected(table, key, expectedSql, "true");
  }

  /**
   * {@link #rowsDuplicatesAndExpected(String, String, String)} of the rows matching {@code where}.
   */
  long[] rowsDuplicatesAndExpected(String table, String key, String expectedSql, String where) {
    return rowsIn(ok(rowsQuery(table, key, expectedSql, where).toArray(String[]::new)).stdout());
  }

  /**
   * The {@code sql} command behind {@link #rowsDuplicatesAndExpected(String, String, String,
   * String)}, for a step of {@link #okInOneProcess}; read its output with {@link #rowsIn}.
   */
  static List<String> rowsQuery(String table, String key, String expectedSql, String where) {
    return List.of(
        "sql",
        "SELECT count(*) AS n, count(*) - count(DISTINCT "
            + key
            + ") AS dups, ("
            + expectedSql
            + ") AS expected FROM ballast."
            + table
            + " WHERE "
            + where,
        "--format",
        "json");
  }

  /** Rows, duplicates and expected rows from a {@link #rowsQuery} output. */
  static long[] rowsIn(String output) {
    JsonNode r = rowIn(output);
    return new long[] {r.path("n").asLong(), r.path("dups").asLong(), r.path("expected").asLong()};
  }

  /**
   * A Delta table's latest version from its commit file names (keys or paths ending in {@code
   * _delta_log/<20 digits>.json}); -1 without commits. Read without a Spark process.
   */
  static long deltaVersion(java.util.Collection<String> logFiles) {
    long v = -1;
    for (String f : logFiles) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("_delta_log/(\\d{20})\\.json$").matcher(f);
      if (m.find()) {
        v = Math.max(v, Long.parseLong(m.group(1)));
      }
    }
    return v;
  }

  /** {@link #deltaVersion(java.util.Collection)} of a local table folder. */
  static long deltaVersion(Path table) {
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      return deltaVersion(files.map(f -> "_delta_log/" + f.getFileName()).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Data files under a local table folder (relative paths), the Delta log left out. */
  static Set<String> dataFiles(Path table) {
    Set<String> out = new TreeSet<>();
    if (!Files.isDirectory(table)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(table)) {
      files
          .filter(Files::isRegularFile)
          .map(f -> table.relativize(f).toString())
          .filter(f -> !f.startsWith("_delta_log") && f.endsWith(".parquet"))
          .forEach(out::add);
    } catch (IOException | UncheckedIOException e) {
      // A file vanished while walking (the writer renames or deletes): treat as not there yet.
    }
    return out;
  }
}
