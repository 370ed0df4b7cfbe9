package io.ballast.orchestration.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.orchestration.graph.Task;
import io.ballast.orchestration.graph.TaskGraph;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunPlanTest {
  static Task task(String id, String... upstream) {
    return new Task(id, List.of(id), List.of(upstream), List.of(), List.of(), 0, Duration.ZERO);
  }

  static final TaskGraph GRAPH =
      TaskGraph.of(
          "g",
          List.of(
              task("check"),
              task("build", "check"),
              task("gate", "build"),
              task("score", "gate"),
              task("drift", "score")));

  @Test
  void aFailureSkipsEverythingDownstream() {
    RunPlan plan = new RunPlan(GRAPH, null, Set.of(), false);
    List<String> ran = new java.util.ArrayList<>();
    for (Task t : plan.order()) {
      if (plan.shouldRun(t)) {
        ran.add(t.id());
        plan.record(t, !t.id().equals("build"));
      }
    }
    assertThat(ran).containsExactly("check", "build");
    assertThat(plan.status("gate")).isEqualTo(RunPlan.Status.SKIPPED_UPSTREAM_FAILED);
    assertThat(plan.status("drift")).isEqualTo(RunPlan.Status.SKIPPED_UPSTREAM_FAILED);
    assertThat(plan.failed()).isTrue();
  }

  @Test
  void aResumeSkipsWhatSucceededUnlessForced() {
    RunPlan resume = new RunPlan(GRAPH, null, Set.of("check", "build"), false);
    List<String> ran = new java.util.ArrayList<>();
    for (Task t : resume.order()) {
      if (resume.shouldRun(t)) {
        ran.add(t.id());
        resume.record(t, true);
      }
    }
    assertThat(ran).containsExactly("gate", "score", "drift");
    assertThat(resume.status("check")).isEqualTo(RunPlan.Status.DONE_EARLIER);
    assertThat(resume.failed()).isFalse();

    RunPlan forced = new RunPlan(GRAPH, null, Set.of("check", "build"), true);
    assertThat(forced.order().stream().filter(forced::shouldRun).count()).isEqualTo(5);
  }

  @Test
  void aSelectionRunsItsTasksAndTheirUpstreamOnly() {
    RunPlan plan = new RunPlan(GRAPH, "gate", Set.of(), false);
    assertThat(plan.order().stream().filter(plan::shouldRun).map(Task::id))
        .containsExactly("check", "build", "gate");
    assertThat(plan.status("score")).isEqualTo(RunPlan.Status.NOT_SELECTED);
    assertThat(new RunPlan(GRAPH, "nothing_.*", Set.of(), false).selectsNothing()).isTrue();
  }
}
