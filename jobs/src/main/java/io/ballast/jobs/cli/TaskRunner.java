package io.ballast.jobs.cli;

import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.jobs.tracking.Tracking;
import io.ballast.orchestration.graph.Task;
import io.ballast.scoring.ScoringJob;
import io.ballast.scoring.ScoringModels;
import io.ballast.scoring.drift.DriftRuns;
import io.ballast.validation.quality.QualityCheckJob;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of task of a task graph, run by the local runner as a job call in this JVM's session:
 * the loaded definition, the day and the task's own options, with no command line built and parsed
 * again. Each runner calls the job code its command calls, with the command's defaults (the shared
 * steps live in the command class, e.g. {@link DriftCommand#features}), so exit codes and messages
 * are the command's. A task's CLI arguments ({@link Task#args()}) stay what Airflow's spark-submit
 * runs; the kinds without a runner here go through the CLI ({@link #of}).
 *
 * <p>Tracking: a graph task has no {@code --tracking-uri}, so typed and CLI tasks alike use the
 * environment's backend ({@code MLFLOW_TRACKING_URI}, else the embedded tables).
 */
interface TaskRunner {
  /** Runs the task for the day: its exit code; a failure throws, as the command would. */
  int run(LakehouseTables tables, PipelineDefinition def, LocalDate day, TaskCall call);

  /** {@code quality check --table T}: checks the day; a failed error-severity check throws. */
  TaskRunner QUALITY_CHECK =
      (tables, def, day, call) -> {
        QualityCheckJob.run(
                tables,
                def,
                new QualityCheckJob.Params(call.option("--table"), day, day, Optional.empty()))
            .throwIfGateFailed();
        return Exits.OK;
      };

  /** {@code features build --table T}: builds the day (partial windows when the run allows). */
  TaskRunner FEATURES_BUILD =
      (tables, def, day, call) -> {
        FeatureBuildJob.run(
            tables,
            def,
            new FeatureBuildJob.Params(
                call.option("--table"), day, day, call.allowPartialWindows(), false));
        return Exits.OK;
      };

  /**
   * {@code score}: the definition's first model at its champion alias scores the day, as {@code
   * ballast score --date D} does (a day after today is a typo).
   */
  TaskRunner SCORE =
      (tables, def, day, call) -> {
        ScoreCommand.requireNotAfterToday("--date", day);
        String ref = ScoringModels.reference(def, Optional.empty(), false);
        ModelRegistry registry = tracking(tables).registry();
        ScoringJob.run(
            tables,
            def,
            ScoringModels.load(def, registry, ref),
            new ScoringJob.Params(day, day, false, Optional.empty(), 0));
        return Exits.OK;
      };

  /**
   * {@code drift features}: every feature table holding the model's features against its training
   * baseline and the previous day; 3 when the day drifted.
   */
  TaskRunner DRIFT_FEATURES =
      (tables, def, day, call) ->
          DriftCommand.exitCode(
              DriftCommand.features(
                  drift(tables), def, Optional.empty(), day, day, Optional.empty()));

  /** {@code drift predictions}: the serving model's scores of the day; 3 when they drifted. */
  TaskRunner DRIFT_PREDICTIONS =
      (tables, def, day, call) ->
          DriftCommand.exitCode(
              DriftCommand.predictions(drift(tables), def, day, day, Optional.empty()));

  /**
   * {@code drift performance}: the scored day whose labels matured on the day, against {@code
   * monitoring.live}; 3 when a bound is crossed.
   */
  TaskRunner LIVE_PERFORMANCE =
      (tables, def, day, call) -> {
        LocalDate scored = DriftRuns.scoredDayMaturedOn(def, day);
        return DriftPerformanceCommand.check(drift(tables), def, Optional.empty(), scored, scored)
            .exitCode();
      };

  /** The typed runners by command; the retraining tasks go through the CLI. */
  Map<String, TaskRunner> BY_COMMAND =
      Map.of(
          "quality check", QUALITY_CHECK,
          "features build", FEATURES_BUILD,
          "score", SCORE,
          "drift features", DRIFT_FEATURES,
          "drift predictions", DRIFT_PREDICTIONS,
          "drift performance", LIVE_PERFORMANCE);

  /** The typed runner of the task's command, if it has one. */
  static Optional<TaskRunner> of(TaskCall call) {
    return Optional.ofNullable(BY_COMMAND.get(call.command()));
  }

  /** The environment's tracking backend, as a command given no {@code --tracking-uri} opens it. */
  private static Tracking tracking(LakehouseTables tables) {
    return Tracking.open(Optional.empty(), System.getenv(), tables);
  }

  /**
   * Drift runs on the environment's registry; their notes (a table skipped, no champion) are not
   * shown, as the runner does not show a CLI task's output.
   */
  private static DriftRuns drift(LakehouseTables tables) {
    return new DriftRuns(tables, tracking(tables).registry(), note -> {});
  }
}
