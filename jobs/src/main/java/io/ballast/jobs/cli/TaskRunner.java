package io.ballast.jobs.cli;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.jobs.tracking.Tracking;
import io.ballast.orchestration.graph.Task;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of task of a task graph, run by the local runner as a job call in this JVM's session:
 * the loaded definition, the day and the task's own options, with no command line built and parsed
 * again. Each runner ({@link DailyTaskRunners}, {@link RetrainTaskRunners}) calls the job code its
 * command calls, with the command's defaults (the shared steps live in the command class, e.g.
 * {@link DriftCommand#features}, {@link TrainCommand#params}), so exit codes and messages are the
 * command's. A task's CLI arguments ({@link Task#args()}) stay what Airflow's spark-submit runs; a
 * kind without a runner here ({@link #of}) goes through the CLI.
 *
 * <p>Tracking: a graph task has no {@code --tracking-uri}, so its runner uses the environment's
 * backend ({@code MLFLOW_TRACKING_URI}, else the embedded tables).
 */
interface TaskRunner {
  /** Runs the task for the day: its exit code; a failure throws, as the command would. */
  int run(LakehouseTables tables, PipelineDefinition def, LocalDate day, TaskCall call);

  /** The typed runners by command: every task of the daily and retraining graphs. */
  Map<String, TaskRunner> BY_COMMAND =
      Map.of(
          "quality check", DailyTaskRunners.QUALITY_CHECK,
          "features build", DailyTaskRunners.FEATURES_BUILD,
          "score", DailyTaskRunners.SCORE,
          "drift features", DailyTaskRunners.DRIFT_FEATURES,
          "drift predictions", DailyTaskRunners.DRIFT_PREDICTIONS,
          "drift performance", DailyTaskRunners.LIVE_PERFORMANCE,
          "features training-set", RetrainTaskRunners.TRAINING_SET,
          "train", RetrainTaskRunners.TRAIN,
          "model validate", RetrainTaskRunners.VALIDATE,
          "model promote", RetrainTaskRunners.PROMOTE);

  /** The typed runner of the task's command, if it has one. */
  static Optional<TaskRunner> of(TaskCall call) {
    return Optional.ofNullable(BY_COMMAND.get(call.command()));
  }

  /** The environment's tracking backend, as a command given no {@code --tracking-uri} opens it. */
  static Tracking tracking(LakehouseTables tables) {
    return Tracking.open(Optional.empty(), System.getenv(), tables);
  }
}
