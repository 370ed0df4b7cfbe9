package io.ballast.jobs.cli;

import io.ballast.features.BallastErrors;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.jobs.Ballast;
import io.ballast.orchestration.graph.Task;
import io.ballast.orchestration.graph.TaskGraph;
import io.ballast.orchestration.graph.TaskGraphs;
import io.ballast.orchestration.local.RunPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ballast pipeline}: the same task graph as the Airflow DAGs, run locally in one JVM and one
 * SparkSession, in dependency order; each task is the same {@code ballast} command.
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
    spec.commandLine().getErr().println("error: missing subcommand (run or backfill).");
    spec.commandLine().usage(spec.commandLine().getErr());
    return Exits.USER_ERROR;
  }

  /** Options shared by run and backfill. */
  static class Common {
    @Option(
        names = "--pipeline",
        required = true,
        paramLabel = "FILE",
        description = "The pipeline definition (YAML).")
    String pipeline;

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
    if (from.isAfter(to)) {
      throw BallastErrors.badDateRange(from.toString(), to.toString());
    }
    PipelineDefinition def = FeaturesCommand.load(c.pipeline);
    TaskGraph graph =
        switch (c.graph) {
          case "daily" -> TaskGraphs.daily(def, c.pipeline);
          case "retrain" -> TaskGraphs.retraining(def, c.pipeline);
          default ->
              throw BallastErrors.badArgument("--graph", c.graph, "expected daily or retrain");
        };
    PrintWriter out = spec.commandLine().getOut();
    TaskLog log = new TaskLog(root.context().tables());
    String runId = UUID.randomUUID().toString();
    List<List<String>> summary = new ArrayList<>();
    boolean anyFailed = false;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      RunPlan plan =
          new RunPlan(graph, c.tasks, log.succeeded(def.name(), graph.name(), day), c.force);
      if (plan.selectsNothing()) {
        throw BallastErrors.badArgument(
            "--tasks",
            c.tasks,
            "no task of "
                + graph.name()
                + " matches; tasks: "
                + graph.tasks().stream().map(Task::id).toList());
      }
      out.printf("== %s %s%n", graph.name(), day);
      out.flush();
      for (Task t : plan.order()) {
        if (!plan.shouldRun(t)) {
          RunPlan.Status s = plan.status(t.id());
          if (s != RunPlan.Status.NOT_SELECTED) {
            out.printf(
                "   %-32s %s%n",
                t.id(),
                s == RunPlan.Status.DONE_EARLIER
                    ? "done earlier, skipped"
                    : "skipped: an upstream task failed");
            summary.add(List.of(day.toString(), t.id(), s.name().toLowerCase(), "", ""));
          }
          continue;
        }
        List<String> args = new ArrayList<>(t.argsFor(day));
        if (c.allowPartial
            && args.size() > 1
            && args.get(0).equals("features")
            && args.get(1).equals("build")) {
          args.add("--allow-partial-windows");
        }
        args.add("--lakehouse");
        args.add(root.context().lakehouse().root());
        StringWriter taskOut = new StringWriter();
        StringWriter taskErr = new StringWriter();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        int code =
            Ballast.run(
                new PrintWriter(taskOut, true),
                new PrintWriter(taskErr, true),
                args.toArray(String[]::new));
        double seconds = (System.nanoTime() - t0) / 1e9;
        boolean ok = code == Exits.OK || code == 3;
        plan.record(t, ok);
        String message = ok ? "" : lastLine(taskErr.toString());
        log.record(
            runId,
            def.name(),
            graph.name(),
            day,
            t.id(),
            ok ? "SUCCESS" : "FAILED",
            code,
            started,
            seconds,
            message);
        out.printf(
            "   %-32s %s in %.1f s%s%n",
            t.id(), ok ? "ok" : "FAILED (exit " + code + ")", seconds, ok ? "" : ": " + message);
        out.flush();
        summary.add(
            List.of(
                day.toString(),
                t.id(),
                ok ? "success" : "failed",
                String.format("%.1f", seconds),
                message));
      }
      if (plan.failed()) {
        anyFailed = true;
        if (!keepGoing) {
          out.printf(
              "Stopped after %s: a task failed (rerun the same command to resume; finished tasks are skipped).%n",
              day);
          break;
        }
      }
    }
    out.println();
    Output.table(out, List.of("day", "task", "status", "seconds", "message"), summary);
    return anyFailed ? Exits.USER_ERROR : Exits.OK;
  }

  private static String lastLine(String s) {
    List<String> lines = s.lines().filter(l -> !l.isBlank()).toList();
    String l =
        lines.isEmpty() ? "no message" : lines.get(lines.size() - 1).replaceFirst("^error: ", "");
    return l.length() > 300 ? l.substring(0, 300) + "..." : l;
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

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First day.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last day.")
    String to;

    @Option(names = "--keep-going", description = "Go on with later days after a failed day.")
    boolean keepGoing;

    @Override
    public Integer call() {
      return parent.runDays(this, Dates.parse("--from", from), Dates.parse("--to", to), keepGoing);
    }
  }
}
