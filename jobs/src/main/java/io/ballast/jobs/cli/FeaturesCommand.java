package io.ballast.jobs.cli;

import io.ballast.features.LakehouseErrors;
import io.ballast.features.build.BuildCommit;
import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.pit.TrainingSetJob;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ballast features}: build feature tables, show their versions, make training sets. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = "Feature tables: build (by day or range), history, training-set.",
    subcommands = {
      FeaturesCommand.Build.class,
      FeaturesCommand.History.class,
      FeaturesCommand.TrainingSet.class
    })
final class FeaturesCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Exits.usage(spec, "missing subcommand.");
  }

  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = {
        "Compute one day (--date) or a range of days (--from/--to, one Spark job) of a feature"
            + " table and replace exactly those partitions in one Delta commit. Reads only the"
            + " source days the longest window needs. A rerun gives the same rows."
      })
  static final class Build implements Callable<Integer> {
    @ParentCommand FeaturesCommand parent;

    @Mixin PipelineOption pipeline;

    @Option(
        names = "--table",
        paramLabel = "NAME",
        description = "The feature table (default: every feature table, in order).")
    String table;

    @Option(names = "--date", paramLabel = "DATE", description = "The day to build, YYYY-MM-DD.")
    String date;

    @Option(names = "--from", paramLabel = "DATE", description = "First day of a backfill.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last day of a backfill.")
    String to;

    @Option(
        names = "--allow-partial-windows",
        description =
            "Build days whose windows reach before the source's first day (their windows see less history).")
    boolean allowPartial;

    @Option(
        names = "--rebuild",
        description =
            "After a definition change: recompute every built day with the new definition, in one commit.")
    boolean rebuild;

    @Override
    public Integer call() {
      PipelineDefinition def = pipeline.load();
      DayRange r = DayRange.parse(date, from, to);
      List<String> names =
          table != null ? List.of(table) : def.featureTables().stream().map(t -> t.name()).toList();
      var out = parent.spec.commandLine().getOut();
      for (String name : names) {
        FeatureBuildJob.Result res =
            FeatureBuildJob.run(
                parent.root.context().tables(),
                def,
                new FeatureBuildJob.Params(name, r.from(), r.to(), allowPartial, rebuild));
        out.printf(
            "Built %s %s .. %s: %,d rows, version %d%s, %.1f s (source days read %s)%n",
            res.table(),
            res.from(),
            res.to(),
            res.rows(),
            res.version(),
            res.rebuilt() ? " (rebuilt for a changed definition)" : "",
            res.seconds(),
            res.sourceDaysRead());
        out.println(Output.json(res));
      }
      out.flush();
      return Exits.OK;
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = "List a feature table's versions: days written, rows, definition hash.")
  static final class History implements Callable<Integer> {
    @ParentCommand FeaturesCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "The feature table.")
    String table;

    @Option(names = "--json", description = "One JSON object a version.")
    boolean json;

    @Override
    public Integer call() {
      var tables = parent.root.context().tables();
      if (!tables.exists(table)) {
        throw LakehouseErrors.tableNotFound("ballast." + table, tables.list());
      }
      List<BuildCommit> history = BuildCommit.history(tables, table);
      var out = parent.spec.commandLine().getOut();
      if (json) {
        history.forEach(c -> out.println(Output.json(c)));
        out.flush();
        return Exits.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (BuildCommit c : history) {
        rows.add(
            List.of(
                String.valueOf(c.version()),
                c.timestamp(),
                c.operation(),
                c.from() == null ? "" : c.from() + " .. " + c.to(),
                c.builtFrom() == null ? "" : c.builtFrom() + " .. " + c.builtTo(),
                String.format("%,d", c.rowsWritten()),
                c.definitionHash() == null ? "" : c.definitionHash().substring(0, 12),
                c.rebuild() ? "rebuild" : ""));
      }
      Output.table(
          out,
          List.of(
              "version",
              "written at",
              "operation",
              "days written",
              "table holds",
              "rows written",
              "definition",
              ""),
          rows);
      return Exits.OK;
    }
  }

  @Command(
      name = "training-set",
      mixinStandardHelpOptions = true,
      description = {
        "Join the label events of --from..--to point-in-time to every feature table: each label"
            + " gets the latest feature row with event_ts <= its time (never later), within the"
            + " table's ttl. Feature tables are read at --pin versions, --as-of a timestamp, or"
            + " their latest version; the versions used are recorded with the result."
      })
  static final class TrainingSet implements Callable<Integer> {
    @ParentCommand FeaturesCommand parent;

    @Mixin PipelineOption pipeline;

    @Option(names = "--from", paramLabel = "DATE", description = "First label event day.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last label event day.")
    String to;

    @Option(
        names = "--pin",
        paramLabel = "TABLE=VERSION",
        description = "Read a feature table at a Delta version (repeatable).")
    List<String> pins = new ArrayList<>();

    @Option(
        names = "--as-of",
        paramLabel = "TIMESTAMP",
        description = "Read unpinned feature tables as of a time (yyyy-MM-dd HH:mm:ss, UTC).")
    String asOf;

    @Option(
        names = "--known-by",
        paramLabel = "DATE",
        description = "Use only labels known by the end of this day.")
    String knownBy;

    @Option(
        names = "--date",
        paramLabel = "DATE",
        description =
            "Instead of --from/--to: the label days the first model trains, validates and tests"
                + " on, ending at DATE.")
    String date;

    @Option(
        names = "--out",
        paramLabel = "TABLE",
        description = "Output table (default: <pipeline>_training_set).")
    String outTable;

    @Override
    public Integer call() {
      PipelineDefinition def = pipeline.load();
      DayRange span = DayRange.parse(date, from, to);
      if (date != null) {
        span = modelDays(def, span.to());
      }
      Map<String, Long> pinned = new LinkedHashMap<>();
      for (String p : pins) {
        int eq = p.indexOf('=');
        if (eq <= 0) {
          throw CliErrors.badPin(p);
        }
        try {
          pinned.put(p.substring(0, eq).trim(), Long.parseLong(p.substring(eq + 1).trim()));
        } catch (NumberFormatException e) {
          throw CliErrors.badPin(p);
        }
      }
      TrainingSetJob.Params params =
          new TrainingSetJob.Params(
              span.from(),
              span.to(),
              pinned,
              Optional.ofNullable(asOf).map(s -> s.trim().replace('T', ' ')),
              Optional.ofNullable(knownBy).map(s -> Dates.parse("--known-by", s)),
              outTable != null ? outTable : defaultTable(def));
      TrainingSetJob.Result r = TrainingSetJob.run(parent.root.context().tables(), def, params);
      var out = parent.spec.commandLine().getOut();
      out.printf(
          "Training set %s: %,d label events %s .. %s, %,d positive (%.2f%%), %d features; feature"
              + " table versions %s; %.1f s%n",
          r.table(),
          r.rows(),
          r.from(),
          r.to(),
          r.positives(),
          r.rows() == 0 ? 0.0 : 100.0 * r.positives() / r.rows(),
          r.features().size(),
          r.featureTableVersions(),
          r.seconds());
      out.println(Output.json(r));
      out.flush();
      return Exits.OK;
    }

    /**
     * The label days the definition's first model trains, validates and tests on, ending at the day
     * ({@code --date}; one day without a model). Also the retrain graph's training_set task.
     */
    static DayRange modelDays(PipelineDefinition def, LocalDate day) {
      int days =
          def.models().stream()
              .findFirst()
              .map(m -> m.trainingWindowDays() + m.validationDays() + m.testDays())
              .orElse(1);
      return new DayRange(day.minusDays(days - 1L), day);
    }

    /** The table a training set goes to without {@code --out}. */
    static String defaultTable(PipelineDefinition def) {
      return def.name() + "_training_set";
    }
  }
}
