package io.ballast.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.features.ArgumentErrors;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.orchestration.airflow.AirflowClient;
import io.ballast.orchestration.airflow.DagRun;
import io.ballast.orchestration.graph.TaskGraphs;
import io.ballast.scoring.drift.DriftJob;
import io.ballast.scoring.drift.DriftReport;
import io.ballast.scoring.drift.DriftRuns;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ballast drift}: distribution drift of feature tables and predictions per partition, slice
 * and feature against the model's training baseline and the previous partition (exit 3 when a
 * partition drifts), and performance drift once labels arrive.
 */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "Distribution drift per partition, slice and feature (PSI, JS distance, KS, Wasserstein,"
          + " chi-square, L-infinity, null-rate and mean deltas) against the model's training"
          + " baseline and the previous partition, all partitions in one Spark pass; results in"
          + " ballast.drift and ballast.drift_summary. Exits 3 when a partition's share of drifted"
          + " features reaches the definition's drift.drifted_share_bound.",
      "Direct form: ballast drift --pipeline FILE --table T (--date D | --from D1 --to D2)."
    },
    subcommands = {
      DriftCommand.Features.class,
      DriftCommand.Predictions.class,
      DriftPerformanceCommand.class,
      DriftCommand.Baseline.class
    })
final class DriftCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Mixin Common common;

  @Option(
      names = "--table",
      paramLabel = "T",
      description = "The table to compare (a feature table, or <pipeline>_predictions).")
  String table;

  @Override
  public Integer call() {
    if (table == null || common.pipeline == null) {
      return Exits.usage(
          spec,
          "give --pipeline FILE --table T --date D, or a subcommand (features,"
              + " predictions, performance, baseline).");
    }
    PipelineDefinition def = PipelineOption.load(common.pipeline);
    boolean predictions = table.equals(BallastTable.predictionsTable(def));
    return common.run(
        root,
        def,
        (runs, from, to, model) ->
            predictions
                ? predictions(runs, def, from, to, model)
                : features(runs, def, Optional.of(table), from, to, model));
  }

  /** One drift form's comparison over the days, with the model given by --model (or default). */
  interface Check {
    List<DriftJob.Result> run(DriftRuns runs, LocalDate from, LocalDate to, Optional<String> model);
  }

  /**
   * {@code drift features}: the one table asked for, which must hold the model's features; else
   * every feature table of the definition, those without them skipped with a note.
   */
  static List<DriftJob.Result> features(
      DriftRuns runs,
      PipelineDefinition def,
      Optional<String> table,
      LocalDate from,
      LocalDate to,
      Optional<String> model) {
    List<String> tables =
        table
            .map(List::of)
            .orElseGet(() -> def.featureTables().stream().map(t -> t.name()).toList());
    return runs.run(def, tables, from, to, model, false, table.isPresent());
  }

  /** {@code drift predictions}: the serving model's scores in {@code <pipeline>_predictions}. */
  static List<DriftJob.Result> predictions(
      DriftRuns runs,
      PipelineDefinition def,
      LocalDate from,
      LocalDate to,
      Optional<String> model) {
    return runs.run(def, List.of(BallastTable.predictionsTable(def)), from, to, model, true, true);
  }

  /** The drifted partitions, as {@code "<table> <ds>"}: any makes the command exit 3. */
  static List<String> driftedDays(List<DriftJob.Result> results) {
    List<String> days = new ArrayList<>();
    results.forEach(r -> r.driftedPartitions().forEach(s -> days.add(r.table() + " " + s.ds())));
    return days;
  }

  /** 3 (drift found) when a partition drifted, else 0. */
  static int exitCode(List<DriftJob.Result> results) {
    return driftedDays(results).isEmpty() ? Exits.OK : Exits.DRIFT;
  }

  /** Options every distribution-drift form takes. */
  static final class Common {
    @Option(
        names = "--pipeline",
        paramLabel = "FILE",
        description = "The pipeline definition (YAML).")
    String pipeline;

    @Option(names = "--date", paramLabel = "DATE", description = "One partition, YYYY-MM-DD.")
    String date;

    @Option(names = "--from", paramLabel = "DATE", description = "First partition of a range.")
    String from;

    @Option(
        names = "--to",
        paramLabel = "DATE",
        description = "Last partition of a range (all partitions in one Spark pass).")
    String to;

    @Option(
        names = "--model",
        paramLabel = "M[@ALIAS|/VERSION]",
        description =
            "The model whose training baseline to compare with (default: the definition's"
                + " drift.model or first model, @champion, else @challenger, else its latest"
                + " version).")
    String model;

    @Option(
        names = "--on-drift",
        paramLabel = "ACTION",
        defaultValue = "none",
        description =
            "none (default) or trigger-retrain: trigger ballast_<pipeline>_retrain through"
                + " Airflow's REST API for the last day checked (its logical date) with conf"
                + " {reason: drift, drift_summary: ...}.")
    String onDrift;

    @Option(names = "--json", description = "Print one JSON object per table.")
    boolean json;

    @Mixin AirflowConnection airflow;

    @Mixin TrackingOptions tracking;

    int run(BallastCommand root, PipelineDefinition def, Check check) {
      if (pipeline == null) {
        throw ArgumentErrors.badArgument("--pipeline", "(missing)", "the pipeline definition");
      }
      DayRange range = DayRange.parse(date, from, to).ordered();
      boolean trigger = triggersRetrain("--on-drift", onDrift);
      PrintWriter out = root.spec.commandLine().getOut();
      var ctx = root.context();
      DriftRuns runs = new DriftRuns(ctx.tables(), tracking.open(ctx).registry(), out::println);
      List<DriftJob.Result> results =
          check.run(runs, range.from(), range.to(), Optional.ofNullable(model));
      for (DriftJob.Result r : results) {
        DriftReport.print(r, out);
        if (json) {
          out.println(Output.json(r.summaries()));
        }
      }
      List<String> driftedDays = driftedDays(results);
      if (driftedDays.isEmpty()) {
        out.println("no drift over the bound (" + def.drift().driftedShareBound() + ")");
        out.flush();
        return Exits.OK;
      }
      out.println("DRIFT found: " + driftedDays);
      if (trigger) {
        ObjectNode conf = JSON.createObjectNode();
        conf.put("reason", "drift");
        conf.set("drift_summary", JSON.valueToTree(DriftReport.summary(results)));
        triggerRetrain(airflow, def, range.to(), conf, out);
      }
      out.flush();
      return Exits.DRIFT;
    }
  }

  @Command(
      name = "features",
      mixinStandardHelpOptions = true,
      description =
          "Drift of every feature table of the pipeline (or --table T) that holds the model's"
              + " features.")
  static final class Features implements Callable<Integer> {
    @ParentCommand DriftCommand parent;
    @Mixin Common common;

    @Option(names = "--table", paramLabel = "T", description = "Only this feature table.")
    String table;

    @Override
    public Integer call() {
      PipelineDefinition def = PipelineOption.load(required(common.pipeline));
      return common.run(
          parent.root,
          def,
          (runs, from, to, model) ->
              features(runs, def, Optional.ofNullable(table), from, to, model));
    }
  }

  @Command(
      name = "predictions",
      mixinStandardHelpOptions = true,
      description =
          "Prediction drift: the score of the serving model (shadow = false) in"
              + " <pipeline>_predictions against its score on the training window.")
  static final class Predictions implements Callable<Integer> {
    @ParentCommand DriftCommand parent;
    @Mixin Common common;

    @Override
    public Integer call() {
      PipelineDefinition def = PipelineOption.load(required(common.pipeline));
      return common.run(
          parent.root, def, (runs, from, to, model) -> predictions(runs, def, from, to, model));
    }
  }

  @Command(
      name = "baseline",
      mixinStandardHelpOptions = true,
      description =
          "Profile the training window of an existing model version into ballast.drift_baselines"
              + " (train does this for every new version).")
  static final class Baseline implements Callable<Integer> {
    @ParentCommand DriftCommand parent;
    @Mixin TrackingOptions tracking;

    @Mixin PipelineOption pipeline;

    @Option(
        names = "--model",
        required = true,
        paramLabel = "M[@ALIAS|/VERSION]",
        description = "The model version to profile.")
    String model;

    @Override
    public Integer call() {
      PipelineDefinition def = pipeline.load();
      var root = parent.root;
      PrintWriter out = root.spec.commandLine().getOut();
      var ctx = root.context();
      DriftRuns runs = new DriftRuns(ctx.tables(), tracking.open(ctx).registry(), out::println);
      String id = runs.profileExisting(def, model);
      out.println("baseline " + id + " written to ballast.drift_baselines");
      out.flush();
      return Exits.OK;
    }
  }

  /** Whether an --on-drift / --on-breach value asks for a retrain; none or trigger-retrain. */
  static boolean triggersRetrain(String option, String value) {
    String action = value.trim().toLowerCase(Locale.ROOT);
    if (!action.equals("none") && !action.equals("trigger-retrain")) {
      throw ArgumentErrors.badArgument(option, value, "expected none or trigger-retrain");
    }
    return action.equals("trigger-retrain");
  }

  /**
   * Triggers ballast_<pipeline>_retrain through Airflow's REST API with {@code conf}, for {@code
   * day} (the last day the command processed): the run's logical date, midnight UTC, and so the day
   * its tasks train on, on Airflow 2 and 3 alike.
   */
  static void triggerRetrain(
      AirflowConnection airflow,
      PipelineDefinition def,
      LocalDate day,
      ObjectNode conf,
      PrintWriter out) {
    String dag = TaskGraphs.retrainName(def);
    DagRun run =
        airflow.client().trigger(dag, Optional.empty(), AirflowClient.startOfDay(day), conf);
    out.println("triggered " + dag + " run " + run.runId() + " for " + day);
  }

  static String required(String pipeline) {
    if (pipeline == null) {
      throw ArgumentErrors.badArgument("--pipeline", "(missing)", "the pipeline definition (YAML)");
    }
    return pipeline;
  }
}
