package io.ballast.orchestration.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskGraphTest {
  static Task task(String id, String... upstream) {
    return new Task(
        id,
        List.of("x", "--date", Task.DS),
        List.of(upstream),
        List.of(),
        List.of(),
        0,
        Duration.ZERO);
  }

  @Test
  void topologicalOrderPutsUpstreamFirstAndKeepsDeclarationOrderOtherwise() {
    TaskGraph g =
        TaskGraph.of(
            "g",
            List.of(task("d", "b", "c"), task("c", "a"), task("b", "a"), task("a"), task("e")));
    assertThat(g.topologicalOrder()).extracting(Task::id).containsExactly("a", "c", "b", "d", "e");
    assertThat(g.edges())
        .containsExactly(
            List.of("b", "d"), List.of("c", "d"), List.of("a", "c"), List.of("a", "b"));
  }

  @Test
  void unknownUpstreamIsNamedWithTheKnownTasks() {
    assertThatThrownBy(() -> TaskGraph.of("g", List.of(task("a"), task("b", "nope"))))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot build task graph g: task 'b' depends on unknown task 'nope'. Use one of the"
                + " graph's tasks: [a, b].");
  }

  @Test
  void cycleIsReportedAsAPath() {
    assertThatThrownBy(
            () -> TaskGraph.of("g", List.of(task("a", "c"), task("b", "a"), task("c", "b"))))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot build task graph g: its dependencies form a cycle (a -> b -> c -> a). Remove"
                + " one of these dependencies.")
        .satisfies(e -> assertThat(((BallastException) e).exitCode()).isEqualTo(2));
  }

  @Test
  void selfDependencyIsACycle() {
    assertThatThrownBy(() -> TaskGraph.of("g", List.of(task("a"), task("b", "b"))))
        .hasMessageContaining("form a cycle (b -> b)");
  }

  @Test
  void duplicateIdsAreRejected() {
    assertThatThrownBy(() -> TaskGraph.of("g", List.of(task("a"), task("a"))))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot build task graph g: task id 'a' is used twice. Give every task its own id.");
  }

  @Test
  void argsForFillsInTheDate() {
    assertThat(task("a").argsFor(LocalDate.of(2026, 2, 3)))
        .containsExactly("x", "--date", "2026-02-03");
  }
}
