package io.ballast.jobs.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ballast pipeline}: the same task graph as the Airflow DAGs, run locally in one JVM and one
 * SparkSession, in dependency order; each task does what the same {@code ballast} command does.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = "Run the daily or retraining graph locally: run (one day), backfill (a range).",
    subcommands = {PipelineCommand.Run.class, PipelineCommand.Backfill.class})
final class PipelineCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Exits.usage(spec, "missing subcommand (run or backfill).");
  }

  /** Options shared by run and backfill. */
  static class Common {
    @Mixin PipelineOption pipeline;

    @Option(
        names = "--graph",
        defaultValue = "daily",
        description = "daily or retrain (default ${DEFAULT-VALUE}).")
    String graph;

    @Option(
        names = "--tasks",
        paramLabel = "REGEX",
        description =
            "Run only the tasks whose id matches, and their upstream tasks (e.g. 'features_build_.*').")
    String tasks;

    @Option(names = "--force", description = "Rerun tasks that already succeeded for the day.")
    boolean force;

    @Option(
        names = "--allow-partial-windows",
        description =
            "Pass --allow-partial-windows to feature builds (the first days of a source).")
    boolean allowPartial;
  }

  /** Runs days in order; stops after a failed day unless told to keep going. */
  int runDays(Common c, LocalDate from, LocalDate to, boolean keepGoing) {
    LocalRunner runner =
        new LocalRunner(
            root.context().tables(),
            root.context().lakehouse().root(),
            spec.commandLine().getOut());
    LocalRunner.Outcome o =
        runner.run(
            new LocalRunner.Options(c.pipeline.file, c.graph, c.tasks, c.force, c.allowPartial),
            from,
            to,
            keepGoing);
    return o.failed() ? Exits.USER_ERROR : Exits.OK;
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run one day of a graph in dependency order. A failed task (e.g. a quality gate) stops"
            + " its downstream tasks; the summary says which ran, failed and were skipped. Tasks"
            + " that already succeeded for the day are skipped unless --force."
      })
  static final class Run extends Common implements Callable<Integer> {
    @ParentCommand PipelineCommand parent;

    @Option(
        names = "--date",
        required = true,
        paramLabel = "DATE",
        description = "The logical date.")
    String date;

    @Override
    public Integer call() {
      LocalDate d = Dates.parse("--date", date);
      return parent.runDays(this, d, d, false);
    }
  }

  @Command(
      name = "backfill",
      mixinStandardHelpOptions = true,
      description = {
        "Run days --from..--to in order, resumable: tasks that already succeeded for a day are"
            + " skipped unless --force. Stops after a failed day unless --keep-going."
      })
  static final class Backfill extends Common implements Callable<Integer> {
    @ParentCommand PipelineCommand parent;

    @Mixin DayRangeOptions days;

    @Option(names = "--keep-going", description = "Go on with later days after a failed day.")
    boolean keepGoing;

    @Override
    public Integer call() {
      DayRange r = days.range();
      return parent.runDays(this, r.from(), r.to(), keepGoing);
    }
  }
}
