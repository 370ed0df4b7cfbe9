package io.ballast.jobs.cli;

import static io.ballast.jobs.cli.DriftCommand.JSON;
import static io.ballast.jobs.cli.DriftCommand.triggerRetrain;
import static io.ballast.jobs.cli.DriftCommand.triggersRetrain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.scoring.drift.DriftRuns;
import io.ballast.scoring.drift.LiveBounds;
import io.ballast.scoring.drift.PerformanceJob;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ballast drift performance}: live metrics of the scored days (a range in one Spark job)
 * checked against the definition's {@code monitoring.live} bounds; exit 3 on a breach, after
 * triggering the retraining DAG when asked.
 */
@Command(
    name = "performance",
    mixinStandardHelpOptions = true,
    description = {
      "Performance drift: scored days' predictions joined with the labels known so far; AUC,"
          + " precision, recall, F1, calibration (ECE, Brier) per day to ballast.model_metrics"
          + " (dataset 'live') next to the training-time values (dataset 'training'), all days"
          + " in one Spark job. A day with fewer labels than monitoring.live.min_labels gets no"
          + " rows. Exits 3 when a day's metric crosses a monitoring.live bound.",
      "--date D measures the scored day whose labels matured on D (D minus label.maturity;"
          + " D itself when no maturity is declared); --from D1 --to D2 the scored days D1..D2."
    })
final class DriftPerformanceCommand implements Callable<Integer> {
  @ParentCommand DriftCommand parent;
  @Mixin TrackingOptions tracking;

  @Mixin PipelineOption pipeline;

  @Option(
      names = "--model",
      paramLabel = "M[@ALIAS|/VERSION]",
      description = "The model scored (default: as for drift: champion, challenger, latest).")
  String model;

  @Option(
      names = "--date",
      paramLabel = "DATE",
      description = "The day the labels matured (the daily task's {{ data_interval_start | ds }}).")
  String date;

  @Option(names = "--from", paramLabel = "DATE", description = "First scored day of a range.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "DATE",
      description = "Last scored day of a range (all days in one Spark job).")
  String to;

  @Option(
      names = "--on-breach",
      paramLabel = "ACTION",
      defaultValue = "none",
      description =
          "none (default) or trigger-retrain: trigger ballast_<pipeline>_retrain through"
              + " Airflow's REST API with conf {reason: live_performance, breaches: ...}.")
  String onBreach;

  @Mixin AirflowConnection airflow;

  @Override
  public Integer call() {
    PipelineDefinition def = pipeline.load();
    boolean trigger = triggersRetrain("--on-breach", onBreach);
    DayRange range = DayRange.parse(date, from, to).ordered();
    // The day the command was run for (with --date: when the labels matured, not the scored day):
    // a retrain it triggers trains on the data known by then.
    LocalDate processed = range.to();
    var root = parent.root;
    PrintWriter out = root.spec.commandLine().getOut();
    if (date != null) {
      LocalDate scored = DriftRuns.scoredDayMaturedOn(def, range.from());
      if (!scored.equals(range.from())) {
        out.printf(
            "labels matured on %s: those of the scored day %s (label.maturity, %d days)%n",
            range.from(), scored, ChronoUnit.DAYS.between(scored, range.from()));
      }
      range = DayRange.of(scored);
    }
    var ctx = root.context();
    DriftRuns runs = new DriftRuns(ctx.tables(), tracking.open(ctx).registry(), out::println);
    LiveCheck check = check(runs, def, Optional.ofNullable(model), range.from(), range.to());
    PerformanceJob.Result r = check.result();
    List<LiveBounds.Breach> breaches = check.breaches();
    for (PerformanceJob.Day day : r.days()) {
      print(r, day, out);
      List<String> unmeasured = LiveBounds.unmeasured(day.live(), def.monitoring());
      if (!unmeasured.isEmpty()) {
        out.printf("note: %s has no value for the bounded %s%n", day.ds(), unmeasured);
      }
    }
    r.tooFewLabels()
        .forEach(
            (ds, n) ->
                out.printf(
                    "note: %s not measured: %d labelled predictions of %s version %s, fewer"
                        + " than monitoring.live.min_labels = %d%n",
                    ds, n, r.model(), r.version(), r.minLabels()));
    out.println(Output.json(r));
    if (breaches.isEmpty()) {
      out.println(
          def.monitoring().hasBounds()
              ? "no live metric crosses its bound"
              : "no live bounds (monitoring.live) to check");
      out.flush();
      return Exits.OK;
    }
    out.println("LIVE BOUND crossed:");
    breaches.forEach(b -> out.println("  " + b.text()));
    if (trigger) {
      ObjectNode conf = JSON.createObjectNode();
      conf.put("reason", "live_performance");
      conf.put("model", r.model());
      conf.put("version", r.version());
      conf.set("breaches", JSON.valueToTree(breaches));
      triggerRetrain(airflow, def, processed, conf, out);
    }
    out.flush();
    return Exits.DRIFT;
  }

  /** The live metrics of the scored days and every {@code monitoring.live} bound they cross. */
  record LiveCheck(PerformanceJob.Result result, List<LiveBounds.Breach> breaches) {
    /** 3 (a live bound crossed) on any breach, else 0. */
    int exitCode() {
      return breaches.isEmpty() ? Exits.OK : Exits.DRIFT;
    }
  }

  /** Measures the scored days {@code from..to} in one job and checks each day's bounds. */
  static LiveCheck check(
      DriftRuns runs,
      PipelineDefinition def,
      Optional<String> model,
      LocalDate from,
      LocalDate to) {
    PerformanceJob.Result r = runs.performance(def, model, from, to);
    List<LiveBounds.Breach> breaches = new ArrayList<>();
    for (PerformanceJob.Day day : r.days()) {
      breaches.addAll(LiveBounds.check(day.ds(), day.live(), def.monitoring()));
    }
    return new LiveCheck(r, List.copyOf(breaches));
  }

  private static void print(PerformanceJob.Result r, PerformanceJob.Day day, PrintWriter out) {
    out.printf("performance of %s version %s on %s:%n", r.model(), r.version(), day.ds());
    out.printf("  %-14s %12s %12s%n", "metric", "live", "training");
    day.live()
        .forEach(
            (k, v) ->
                out.printf(
                    "  %-14s %12.4f %12s%n",
                    k,
                    v,
                    r.training().containsKey(k)
                        ? String.format("%.4f", r.training().get(k))
                        : "-"));
  }
}
