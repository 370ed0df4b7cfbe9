package io.ballast.jobs.cli;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.pit.TrainingSetJob;
import io.ballast.jobs.train.TrainJob;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;
import java.util.Optional;

/**
 * The retraining graph's tasks as job calls, each for the definition's first model as its command
 * runs it given only {@code --pipeline} and {@code --date}: the training set, the training run, its
 * validation and promotion. What the commands print is not shown, as the runner does not show a CLI
 * task's output.
 */
final class RetrainTaskRunners {
  private RetrainTaskRunners() {}

  /** {@code features training-set --date D}: the first model's label days ending at the day. */
  static final TaskRunner TRAINING_SET =
      (tables, def, day, call) -> {
        DayRange days = FeaturesCommand.TrainingSet.modelDays(def, day);
        TrainingSetJob.run(
            tables,
            def,
            new TrainingSetJob.Params(
                days.from(),
                days.to(),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                FeaturesCommand.TrainingSet.defaultTable(def)));
        return Exits.OK;
      };

  /**
   * {@code train --date D [--reason R] [--drift-summary S]}: a run as of the day, tagged with the
   * task's reason and drift summary; the version registered as challenger.
   */
  static final TaskRunner TRAIN =
      (tables, def, day, call) -> {
        TrainJob.run(
            tables,
            def,
            TrainCommand.params(
                Optional.empty(),
                day,
                Optional.empty(),
                call.optionalOption("--reason"),
                call.optionalOption("--drift-summary"),
                Optional.empty()),
            TaskRunner.tracking(tables));
        return Exits.OK;
      };

  /** {@code model validate}: the challenger against the champion; a failed gate throws. */
  static final TaskRunner VALIDATE =
      (tables, def, day, call) ->
          ModelValidationCommands.validate(
              tables,
              def,
              firstModel(def),
              Optional.empty(),
              TaskRunner.tracking(tables).registry(),
              unshown());

  /** {@code model promote --date D}: champion to the validated challenger, for the day. */
  static final TaskRunner PROMOTE =
      (tables, def, day, call) ->
          ModelValidationCommands.promote(
              tables,
              TaskRunner.tracking(tables).registry(),
              firstModel(def),
              Optional.empty(),
              ModelValidationCommands.Promote.REASON,
              Optional.of(day.toString()),
              unshown());

  private static String firstModel(PipelineDefinition def) {
    return def.modelSpec(Optional.empty()).name();
  }

  private static PrintWriter unshown() {
    return new PrintWriter(Writer.nullWriter());
  }
}
