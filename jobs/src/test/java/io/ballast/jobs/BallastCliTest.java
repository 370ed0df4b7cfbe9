package io.ballast.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import io.ballast.jobs.cli.BallastCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI in-process, on the test JVM's shared SparkSession and temporary lakehouse. */
class BallastCliTest {
  record Run(int code, String out, String err) {}

  static String lakehouse;

  @BeforeAll
  static void generateOnce() {
    lakehouse = TestSpark.lakehouse().root();
    Run r =
        run("generate", "--rows", "3000", "--days", "5", "--start", "2026-02-01", "--demo-faults");
    assertThat(r.code()).as(r.err()).isZero();
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    if (lakehouse != null && all.stream().noneMatch(a -> a.startsWith("--lakehouse"))) {
      all.add("--lakehouse");
      all.add(lakehouse);
    }
    int code =
        Ballast.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** Every command and sub-command answers --help with its usage, whatever it requires. */
  @Test
  void everyCommandAnswersHelp() {
    List<List<String>> paths = new ArrayList<>();
    collect(new CommandLine(new BallastCommand()), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(40);
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Run r = run(args.toArray(String[]::new));
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
      assertThat(r.out())
          .as(String.join(" ", args))
          .startsWith(("Usage: ballast " + String.join(" ", path)).trim());
    }
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
    into.add(List.copyOf(path));
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      if (!sub.getKey().equals(sub.getValue().getCommandName())) {
        continue; // an alias of a command already walked
      }
      List<String> next = new ArrayList<>(path);
      next.add(sub.getKey());
      collect(sub.getValue(), next, into);
    }
  }

  @Test
  void helpListsEveryCommand() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    for (String c :
        List.of(
            "demo",
            "generate",
            "features",
            "quality",
            "train",
            "model",
            "score",
            "drift",
            "pipeline",
            "airflow",
            "sql",
            "tables",
            "report",
            "sql-server",
            "shell",
            "source",
            "init",
            "validate",
            "bench")) {
      assertThat(r.out()).contains("  " + c + " ");
    }
  }

  /**
   * Picocli formats help text with String.format: a bare % breaks a command's help, and picocli
   * then prints a warning instead of failing.
   */
  @Test
  void everyCommandsHelpRendersWithoutWarnings() {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
    List<String> rendered = new ArrayList<>();
    System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      List<picocli.CommandLine> todo =
          new ArrayList<>(List.of(new picocli.CommandLine(new BallastCommand())));
      while (!todo.isEmpty()) {
        picocli.CommandLine cl = todo.remove(todo.size() - 1);
        todo.addAll(cl.getSubcommands().values());
        rendered.add(cl.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF));
      }
    } finally {
      System.setErr(stderr);
    }
    assertThat(rendered).hasSizeGreaterThan(40);
    assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("Could not format");
  }

  @Test
  void tablesListsTheGeneratedTables() {
    Run r = run("tables");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "ballast.transactions",
            "ballast.fraud_labels",
            "ballast.customers",
            "ballast.merchants",
            "ballast.cards",
            "ballast.injected_faults");
    assertThat(r.out().lines().filter(l -> l.startsWith("ballast.transactions ")).findFirst())
        .hasValueSatisfying(l -> assertThat(l).contains(" source "));
  }

  @Test
  void reportWritesOneHtmlFileAndSaysWhere() throws java.io.IOException {
    java.nio.file.Path out =
        java.nio.file.Files.createTempDirectory("ballast-cli-report").resolve("r.html");
    Run r = run("report", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Report written to " + out.toAbsolutePath());
    assertThat(java.nio.file.Files.readString(out)).startsWith("<!DOCTYPE html>");
  }

  @Test
  void reportToAnUnwritablePathIsAUserError() {
    Run r = run("report", "--out", "/dev/null/report.html");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("Cannot write the report to /dev/null/report.html")
        .contains("Choose a writable path with --out.");
  }

  @Test
  void sqlServerOnABusyPortIsAUserError() throws java.io.IOException {
    try (java.net.ServerSocket busy =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      Run r = run("sql-server", "--port", String.valueOf(busy.getLocalPort()));
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err())
          .contains("Cannot start the SQL server on port " + busy.getLocalPort())
          .contains("Choose another with --port.");
    }
  }

  @Test
  void sqlPrintsTableCsvAndJson() {
    String q = "SELECT fault, first_day FROM ballast.injected_faults ORDER BY first_day";
    Run table = run("sql", q);
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out()).startsWith("fault").contains("quality_incident", "----");
    Run csv = run("sql", q, "--format", "csv");
    assertThat(csv.out().lines().toList()).first().isEqualTo("fault,first_day");
    Run json =
        run(
            "sql",
            "SELECT count(*) AS n FROM ballast.transactions WHERE ds = '2026-02-01'",
            "--format",
            "json");
    assertThat(json.out().trim()).matches("\\{\"n\":\\d+\\}");
  }

  @Test
  void badSqlIsAUserError() {
    Run r = run("sql", "SELECT nope FROM ballast.transactions");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: Cannot run SQL: ").contains("nope");
    Run missing = run("sql", "SELECT * FROM ballast.no_such_table");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no_such_table");
    // Spark's parse errors start with an empty line: the reason is its first line with text.
    Run syntax = run("sql", "SELEC 1 FROM");
    assertThat(syntax.code()).isEqualTo(2);
    assertThat(syntax.err())
        .startsWith("error: Cannot run SQL: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'");
  }

  @Test
  void badInputExits2AndWritesNothing() {
    long before = TestSpark.tables().describe("transactions").version();
    Run badDate = run("generate", "--start", "2026-02-30", "--days", "2");
    assertThat(badDate.code()).isEqualTo(2);
    assertThat(badDate.err())
        .isEqualTo(
            "error: Cannot parse --start '2026-02-30': expected a date as YYYY-MM-DD (e.g. 2026-01-31).\n");
    Run badRows = run("generate", "--rows", "5");
    assertThat(badRows.code()).isEqualTo(2);
    assertThat(badRows.err()).contains("Cannot use --rows '5': expected 1000 to 1000000000 rows");
    Run badFault =
        run("generate", "--days", "3", "--start", "2026-02-01", "--concept-drift", "2026-03-01");
    assertThat(badFault.code()).isEqualTo(2);
    assertThat(badFault.err()).contains("--concept-drift '2026-03-01': the day must fall inside");
    Run badConf = run("tables", "--conf", "spark.sql.shuffle.partitions");
    assertThat(badConf.code()).isEqualTo(2);
    assertThat(badConf.err())
        .contains("Cannot use --conf 'spark.sql.shuffle.partitions': expected key=value");
    Run unknownOption = run("generate", "--rowz", "5");
    assertThat(unknownOption.code()).isEqualTo(2);
    assertThat(unknownOption.err()).contains("Unknown options: '--rowz', '5'");
    assertThat(TestSpark.tables().describe("transactions").version()).isEqualTo(before);
  }

  @Test
  void rerunningGenerateReplacesRatherThanAppends() {
    long rows = TestSpark.tables().describe("transactions").rows();
    Run again =
        run("generate", "--rows", "3000", "--days", "5", "--start", "2026-02-01", "--demo-faults");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(TestSpark.tables().describe("transactions").rows()).isEqualTo(rows);
  }

  @Test
  void shellRunsAFileOfCommandsInOneSessionAndStopsAtTheFirstFailure() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ballast-shell");
    java.nio.file.Path ok = dir.resolve("ok.txt");
    java.nio.file.Files.writeString(
        ok,
        String.join(
            "\n",
            "# two queries, one session",
            "sql \"SELECT count(*) AS n FROM ballast.transactions\" --format csv",
            "",
            "sql 'SELECT 40 + \\",
            "  2 AS answer' --format csv"));
    Run r = run("shell", "--file", ok.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("ballast> sql \"SELECT count(*) AS n FROM ballast.transactions\" --format csv")
        .contains("\nn\n" + TestSpark.tables().describe("transactions").rows() + "\n")
        .contains("\nanswer\n42\n")
        .containsPattern("\\(exit 0 in [0-9.]+ s\\)");

    java.nio.file.Path bad = dir.resolve("bad.txt");
    java.nio.file.Files.writeString(
        bad,
        "sql 'SELECT 1 AS one' --format csv\nsql 'SELEC nonsense'\nsql 'SELECT 2 AS two' --format csv\n");
    Run stopped = run("shell", "--file", bad.toString());
    assertThat(stopped.code()).isEqualTo(2);
    assertThat(stopped.out()).contains("\none\n1\n").doesNotContain("two");
    assertThat(stopped.err()).contains("shell: stopped at line 2 of " + bad);
    Run kept = run("shell", "--file", bad.toString(), "--keep-going");
    assertThat(kept.code()).isEqualTo(2);
    assertThat(kept.out()).contains("\ntwo\n2\n");

    java.nio.file.Path trailing = dir.resolve("trailing.txt");
    java.nio.file.Files.writeString(trailing, "sql 'SELECT 7 AS seven' \\\n");
    Run lastLine = run("shell", "--file", trailing.toString());
    assertThat(lastLine.code()).as(lastLine.err()).isZero();
    assertThat(lastLine.out()).contains("seven");

    java.nio.file.Path binary = dir.resolve("binary.txt");
    java.nio.file.Files.write(binary, new byte[] {'s', 'q', 'l', ' ', (byte) 0xff, '\n'});
    Run unreadable = run("shell", "--file", binary.toString());
    assertThat(unreadable.code()).isEqualTo(2);
    assertThat(unreadable.err()).contains("pass a UTF-8 text file of commands");

    Run missing = run("shell", "--file", dir.resolve("nope.txt").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("the file does not exist");
  }
}
