package io.ballast.jobs.cli;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
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
import java.util.Optional;
import java.util.UUID;

/**
 * The local runner: the daily or retraining graph of a definition, day by day in dependency order,
 * in this JVM and its one SparkSession. Each task does what its Airflow task's {@code ballast}
 * command does, as a job call ({@link TaskRunner}): the daily graph's quality checks, feature
 * builds, scoring, drift and live performance, and the retraining graph's training set, training,
 * validation and promotion (a local run has no trigger conf: train's reason is {@code manual}, with
 * no drift summary). A failed task skips its downstream tasks; every task's outcome goes to {@code
 * ballast.pipeline_task_runs}, so a rerun resumes where it stopped.
 */
public final class LocalRunner {
  /** What to run; {@code tasks} is a regex over task ids (null: all). */
  public record Options(
      String pipeline, String graph, String tasks, boolean force, boolean allowPartialWindows) {}

  /** Per task and day: day, task, status, seconds, message. */
  public record Outcome(boolean failed, List<List<String>> summary) {}

  private final LakehouseTables tables;
  private final String lakehouseRoot;
  private final PrintWriter out;

  public LocalRunner(LakehouseTables tables, String lakehouseRoot, PrintWriter out) {
    this.tables = tables;
    this.lakehouseRoot = lakehouseRoot;
    this.out = out;
  }

  /** Runs days in order; stops after a failed day unless told to keep going. */
  public Outcome run(Options c, LocalDate from, LocalDate to, boolean keepGoing) {
    if (from.isAfter(to)) {
      throw ArgumentErrors.badDateRange(from.toString(), to.toString());
    }
    PipelineDefinition def = PipelineOption.load(c.pipeline());
    TaskGraph graph =
        switch (c.graph()) {
          case "daily" -> TaskGraphs.daily(def, c.pipeline());
          case "retrain" -> TaskGraphs.retraining(def, c.pipeline());
          default ->
              throw ArgumentErrors.badArgument("--graph", c.graph(), "expected daily or retrain");
        };
    TaskLog log = new TaskLog(tables);
    String runId = UUID.randomUUID().toString();
    List<List<String>> summary = new ArrayList<>();
    boolean anyFailed = false;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      RunPlan plan =
          new RunPlan(graph, c.tasks(), log.succeeded(def.name(), graph.name(), day), c.force());
      if (plan.selectsNothing()) {
        throw ArgumentErrors.badArgument(
            "--tasks",
            c.tasks(),
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
        TaskCall call = TaskCall.of(t, day, c.allowPartialWindows());
        StringWriter taskErr = new StringWriter();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        int code = run(def, day, call, new PrintWriter(taskErr, true));
        double seconds = (System.nanoTime() - t0) / 1e9;
        boolean ok = code == Exits.OK || code == Exits.DRIFT;
        plan.record(t, ok);
        String message = ok ? (code == Exits.DRIFT ? signal(t) : "") : lastLine(taskErr);
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
            t.id(),
            ok ? "ok" : "FAILED (exit " + code + ")",
            seconds,
            message.isEmpty() ? "" : ": " + message);
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
              "Stopped after %s: a task failed (rerun the same command to resume; finished tasks"
                  + " are skipped).%n",
              day);
          break;
        }
      }
    }
    out.println();
    Output.table(out, List.of("day", "task", "status", "seconds", "message"), summary);
    out.flush();
    return new Outcome(anyFailed, summary);
  }

  /**
   * Runs one task: a typed job call when its kind has a {@link TaskRunner}, as every graph task has
   * (a failure reported on {@code err} as the CLI would), else its command line through the CLI;
   * the exit code.
   */
  private int run(PipelineDefinition def, LocalDate day, TaskCall call, PrintWriter err) {
    Optional<TaskRunner> typed = TaskRunner.of(call);
    if (typed.isEmpty()) {
      return Ballast.run(
          new PrintWriter(new StringWriter(), true),
          err,
          call.commandLine(lakehouseRoot).toArray(String[]::new));
    }
    try {
      return typed.get().run(tables, def, day, call);
    } catch (RuntimeException e) {
      return Exits.report(e, err, lakehouseRoot, List.of());
    }
  }

  /**
   * What a task's exit 3 reports: a finding, not a failure (drift found, or a live metric past its
   * monitoring.live bound).
   */
  static String signal(Task t) {
    return t.args().size() > 1 && t.args().get(1).equals("performance")
        ? "live bound crossed"
        : "drift found";
  }

  private static String lastLine(StringWriter w) {
    List<String> lines = w.toString().lines().filter(l -> !l.isBlank()).toList();
    String l =
        lines.isEmpty() ? "no message" : lines.get(lines.size() - 1).replaceFirst("^error: ", "");
    return l.length() > 300 ? l.substring(0, 300) + "..." : l;
  }
}
