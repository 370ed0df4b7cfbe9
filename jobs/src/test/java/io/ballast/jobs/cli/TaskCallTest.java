package io.ballast.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.config.ExpressionParser;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.orchestration.graph.Task;
import io.ballast.orchestration.graph.TaskGraph;
import io.ballast.orchestration.graph.TaskGraphs;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the local runner reads a graph task: its command, its options, its command line. */
class TaskCallTest {
  static final LocalDate DAY = LocalDate.of(2026, 6, 2);

  @Test
  void aFeatureBuildIsTypedAndItsCommandLineGetsPartialWindowsAndTheLakehouse() {
    List<String> build =
        List.of("features", "build", "--pipeline", "p.yaml", "--table", "c", "--date");
    List<String> args = new ArrayList<>(build);
    args.add(Task.DS);
    TaskCall call =
        TaskCall.of(
            LocalRunnerTest.task("features_build_c", args.toArray(String[]::new)), DAY, true);
    assertThat(call.command()).isEqualTo("features build");
    assertThat(call.option("--table")).isEqualTo("c");
    assertThat(TaskRunner.of(call)).contains(DailyTaskRunners.FEATURES_BUILD);
    List<String> line = new ArrayList<>(build);
    line.addAll(List.of("2026-06-02", "--allow-partial-windows", "--lakehouse", "/lh"));
    assertThat(call.commandLine("/lh")).isEqualTo(line);
  }

  @Test
  void onlyFeatureBuildsGetPartialWindowsAndTheDailyTasksAreTyped() {
    TaskCall score =
        TaskCall.of(
            LocalRunnerTest.task("score", "score", "--pipeline", "p.yaml", "--date", Task.DS),
            DAY,
            true);
    assertThat(score.command()).isEqualTo("score");
    assertThat(TaskRunner.of(score)).contains(DailyTaskRunners.SCORE);
    assertThat(score.commandLine("/lh"))
        .containsExactly(
            "score", "--pipeline", "p.yaml", "--date", "2026-06-02", "--lakehouse", "/lh");
    TaskCall check =
        TaskCall.of(
            LocalRunnerTest.task("q", "quality", "check", "--table", "t", "--date", Task.DS),
            DAY,
            false);
    assertThat(TaskRunner.of(check)).contains(DailyTaskRunners.QUALITY_CHECK);
    assertThat(TaskRunner.of(call("drift", "features"))).contains(DailyTaskRunners.DRIFT_FEATURES);
    assertThat(TaskRunner.of(call("drift", "predictions")))
        .contains(DailyTaskRunners.DRIFT_PREDICTIONS);
    assertThat(TaskRunner.of(call("drift", "performance")))
        .contains(DailyTaskRunners.LIVE_PERFORMANCE);
  }

  @Test
  void theRetrainTasksAreTypedAndTrainGetsTheLocalReasonWithoutADriftSummary() {
    PipelineDefinition def =
        new PipelineLoader(ExpressionParser.NONE)
            .parse(
                ValidationFixtures.definition("0.01", ValidationFixtures.DEFAULT_VALIDATION),
                "p.yaml");
    TaskGraph retrain = TaskGraphs.retraining(def, "p.yaml");
    Map<String, TaskRunner> expected =
        Map.of(
            "training_set", RetrainTaskRunners.TRAINING_SET,
            "train", RetrainTaskRunners.TRAIN,
            "validate", RetrainTaskRunners.VALIDATE,
            "promote", RetrainTaskRunners.PROMOTE);
    for (Task t : retrain.tasks()) {
      assertThat(TaskRunner.of(TaskCall.of(t, DAY, false)))
          .as(t.id())
          .contains(expected.get(t.id()));
    }
    TaskCall train = TaskCall.of(retrain.task("train").orElseThrow(), DAY, false);
    assertThat(train.optionalOption("--reason")).contains("manual");
    assertThat(train.optionalOption("--drift-summary")).isEmpty();
    assertThat(train.commandLine("/lh"))
        .containsExactly(
            "train",
            "--pipeline",
            "p.yaml",
            "--date",
            "2026-06-02",
            "--reason",
            "manual",
            "--lakehouse",
            "/lh");
    assertThat(TaskRunner.of(call("model", "rollback"))).isEmpty();
  }

  /** A graph task of the command's words with --date. */
  static TaskCall call(String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of("--pipeline", "p.yaml", "--date", Task.DS));
    return TaskCall.of(LocalRunnerTest.task("t", args.toArray(String[]::new)), DAY, false);
  }

  @Test
  void aTaskWithoutTheOptionItsRunnerNeedsIsABug() {
    TaskCall call =
        TaskCall.of(LocalRunnerTest.task("q", "quality", "check", "--date", Task.DS), DAY, false);
    assertThatThrownBy(() -> call.option("--table"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("quality check has no --table");
  }
}
