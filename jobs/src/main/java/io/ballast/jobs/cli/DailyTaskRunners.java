package io.ballast.jobs.cli;

import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.scoring.ScoringJob;
import io.ballast.scoring.ScoringModels;
import io.ballast.scoring.drift.DriftRuns;
import io.ballast.validation.quality.QualityCheckJob;
import java.time.LocalDate;
import java.util.Optional;

/** The daily graph's tasks as job calls: quality checks, feature builds, scoring, drift, live. */
final class DailyTaskRunners {
  private DailyTaskRunners() {}

  /** {@code quality check --table T}: checks the day; a failed error-severity check throws. */
  static final TaskRunner QUALITY_CHECK =
      (tables, def, day, call) -> {
        QualityCheckJob.run(
                tables,
                def,
                new QualityCheckJob.Params(call.option("--table"), day, day, Optional.empty()))
            .throwIfGateFailed();
        return Exits.OK;
      };

  /** {@code features build --table T}: builds the day (partial windows when the run allows). */
  static final TaskRunner FEATURES_BUILD =
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
  static final TaskRunner SCORE =
      (tables, def, day, call) -> {
        ScoreCommand.requireNotAfterToday("--date", day);
        String ref = ScoringModels.reference(def, Optional.empty(), false);
        ModelRegistry registry = TaskRunner.tracking(tables).registry();
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
  static final TaskRunner DRIFT_FEATURES =
      (tables, def, day, call) ->
          DriftCommand.exitCode(
              DriftCommand.features(
                  drift(tables), def, Optional.empty(), day, day, Optional.empty()));

  /** {@code drift predictions}: the serving model's scores of the day; 3 when they drifted. */
  static final TaskRunner DRIFT_PREDICTIONS =
      (tables, def, day, call) ->
          DriftCommand.exitCode(
              DriftCommand.predictions(drift(tables), def, day, day, Optional.empty()));

  /**
   * {@code drift performance}: the scored day whose labels matured on the day, against {@code
   * monitoring.live}; 3 when a bound is crossed.
   */
  static final TaskRunner LIVE_PERFORMANCE =
      (tables, def, day, call) -> {
        LocalDate scored = DriftRuns.scoredDayMaturedOn(def, day);
        return DriftPerformanceCommand.check(drift(tables), def, Optional.empty(), scored, scored)
            .exitCode();
      };

  /**
   * Drift runs on the environment's registry; their notes (a table skipped, no champion) are not
   * shown, as the runner does not show a CLI task's output.
   */
  private static DriftRuns drift(LakehouseTables tables) {
    return new DriftRuns(tables, TaskRunner.tracking(tables).registry(), note -> {});
  }
}
