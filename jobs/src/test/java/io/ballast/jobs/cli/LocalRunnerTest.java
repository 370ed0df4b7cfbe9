package io.ballast.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.orchestration.graph.Task;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the local runner reports for a task's exit 3 (a finding, recorded as a success). */
class LocalRunnerTest {
  static Task task(String id, String... args) {
    return new Task(id, List.of(args), List.of("score"), List.of(), List.of(), 0, Duration.ZERO);
  }

  @Test
  void exit3OfTheLiveTaskIsABoundCrossedAndOfADriftTaskDriftFound() {
    assertThat(
            LocalRunner.signal(
                task(
                    "live_performance",
                    "drift",
                    "performance",
                    "--date",
                    "{{ data_interval_start | ds }}")))
        .isEqualTo("live bound crossed");
    assertThat(
            LocalRunner.signal(
                task(
                    "drift_features",
                    "drift",
                    "features",
                    "--date",
                    "{{ data_interval_start | ds }}")))
        .isEqualTo("drift found");
  }
}
