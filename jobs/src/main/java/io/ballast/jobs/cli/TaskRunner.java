package io.ballast.jobs.cli;

import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.jobs.tracking.Tracking;
import io.ballast.orchestration.graph.Task;
import io.ballast.scoring.ScoringJob;
import io.ballast.scoring.ScoringModels;
import io.ballast.validation.quality.QualityCheckJob;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of task of a task graph, run by the local runner as a job call in this JVM's session:
 * the loaded definition, the day and the task's own options, with no command line built and parsed
 * again. A task's CLI arguments ({@link Task#args()}) stay what Airflow's spark-submit runs; the
 * kinds without a runner here go through the CLI ({@link #of}).
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
   * ballast score --date D} does (a day after today is a typo; tracking from the environment).
   */
  TaskRunner SCORE =
      (tables, def, day, call) -> {
        ScoreCommand.requireNotAfterToday("--date", day);
        String ref = ScoringModels.reference(def, Optional.empty(), false);
        ModelRegistry registry =
            Tracking.open(Optional.empty(), System.getenv(), tables).registry();
        ScoringJob.run(
            tables,
            def,
            ScoringModels.load(def, registry, ref),
            new ScoringJob.Params(day, day, false, Optional.empty(), 0));
        return Exits.OK;
      };

  /** The typed runners by command; drift and the retraining tasks go through the CLI. */
  Map<String, TaskRunner> BY_COMMAND =
      Map.of("quality check", QUALITY_CHECK, "features build", FEATURES_BUILD, "score", SCORE);

  /** The typed runner of the task's command, if it has one. */
  static Optional<TaskRunner> of(TaskCall call) {
    return Optional.ofNullable(BY_COMMAND.get(call.command()));
  }
}
