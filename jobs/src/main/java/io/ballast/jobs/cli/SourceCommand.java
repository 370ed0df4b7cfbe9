package io.ballast.jobs.cli;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.onboard.SourceIngest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ballast source}: bring a user's own table into the lakehouse. */
@Command(
    name = "source",
    mixinStandardHelpOptions = true,
    description = {"A table of your own as a day-partitioned source (see source add --help)."},
    subcommands = {SourceCommand.Add.class})
final class SourceCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Exits.usage(spec, "missing subcommand (add).");
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Copy a table of your own (a Delta or Parquet folder, a CSV file or folder, a catalog"
            + " table, or a JDBC table) into the lakehouse as ballast.NAME, partitioned by day (ds:"
            + " the day of --event-time, or of --partition-by), the event time a timestamp.",
        "Checks first (nothing is written when one fails, exit 2): the origin is readable, the"
            + " event time is a column of times, none missing or unparseable. Then prints the"
            + " schema, rows, days covered and the first rows, writes one Delta commit, and"
            + " prints the source's line for a definition (or run ballast init --from-table NAME)."
      })
  static final class Add implements Callable<Integer> {
    @ParentCommand SourceCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The source's table name.")
    String name;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "PATH|TABLE|JDBC-URL",
        description =
            "Where the rows are: a path (local, s3a://), a catalog table (db.table), or a JDBC URL"
                + " (with --jdbc-table; its driver jar must be on the class path:"
                + " BALLAST_CLASSPATH=DRIVER.jar).")
    String from;

    @Option(
        names = "--event-time",
        required = true,
        paramLabel = "COL",
        description =
            "When each row happened: a timestamp, a date, or a string like 2026-03-01 08:15:00.")
    String eventTime;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description = "delta, parquet or csv, when the path does not tell (default: detected).")
    String format;

    @Option(
        names = "--partition-by",
        paramLabel = "COL",
        description =
            "The time or day column whose day partitions the copy (default: --event-time); e.g."
                + " a label's arrival time, so that a day's partition holds what was known that"
                + " day.")
    String partitionBy;

    @Option(
        names = "--jdbc-table",
        paramLabel = "TABLE",
        description = "With a JDBC URL: the table (or a subquery in parentheses with an alias).")
    String jdbcTable;

    @Option(
        names = "--jdbc-user",
        paramLabel = "USER",
        description =
            "With a JDBC URL: the user; the password is read from $BALLAST_JDBC_PASSWORD.")
    String jdbcUser;

    @Option(
        names = "--replace",
        description = "Replace ballast.NAME if it exists (default: refuse to overwrite it).")
    boolean replace;

    @Option(names = "--dry-run", description = "Check and preview only; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      if (format != null && !List.of("delta", "parquet", "csv").contains(format)) {
        throw ArgumentErrors.badArgument("--format", format, "expected delta, parquet or csv");
      }
      SourceIngest.Params params =
          new SourceIngest.Params(
              name,
              from,
              Optional.ofNullable(format),
              eventTime,
              Optional.ofNullable(partitionBy),
              Optional.ofNullable(jdbcTable),
              Optional.ofNullable(jdbcUser),
              Optional.ofNullable(System.getenv("BALLAST_JDBC_PASSWORD")),
              replace,
              dryRun);
      SourceIngest.Result r = SourceIngest.run(parent.root.context().tables(), params);
      print(spec.commandLine().getOut(), r);
      return Exits.OK;
    }

    static void print(PrintWriter out, SourceIngest.Result r) {
      out.println(
          "source "
              + r.name()
              + ": "
              + r.origin()
              + " ("
              + r.format()
              + "), "
              + String.format("%,d", r.rows())
              + " rows, "
              + r.days()
              + " day(s) "
              + r.first()
              + " .. "
              + r.last()
              + " (by the day of "
              + r.partitionBy()
              + ")");
      out.println("schema:");
      r.schema().forEach(c -> out.println("  " + c));
      out.println("first rows:");
      List<List<String>> grid = new ArrayList<>();
      grid.add(r.columns());
      grid.addAll(r.sample());
      int[] width = new int[r.columns().size()];
      for (List<String> row : grid) {
        for (int i = 0; i < row.size(); i++) {
          width[i] = Math.max(width[i], Math.min(row.get(i).length(), 30));
        }
      }
      for (List<String> row : grid) {
        StringBuilder sb = new StringBuilder(" ");
        for (int i = 0; i < row.size(); i++) {
          String v = row.get(i).length() > 30 ? row.get(i).substring(0, 29) + "~" : row.get(i);
          sb.append(' ').append(String.format("%-" + width[i] + "s", v));
        }
        out.println(sb.toString().stripTrailing());
      }
      if (r.version() < 0) {
        out.println("dry run: nothing was written.");
      } else {
        out.println(
            "written: ballast."
                + r.name()
                + " version "
                + r.version()
                + ", partitioned by ds. In a definition:");
        out.println("  sources:");
        out.println("    " + r.declaration());
        out.println(
            "or start one: ballast init --from-table "
                + r.name()
                + " --entity COL --event-time "
                + r.eventTime()
                + " --label COL --out FILE");
      }
      out.flush();
    }
  }
}
