package io.ballast.orchestration.graph;

import io.ballast.features.BallastException;
import java.util.List;

/**
 * User errors of a task graph: task ids and dependencies. Every message "Cannot <do what>:
 * <problem>. <how to fix>", exit 2 (ARCHITECTURE.md, "Errors").
 */
public final class TaskGraphErrors {
  private TaskGraphErrors() {}

  public static BallastException duplicateTask(String graph, String taskId) {
    return new BallastException(
        "Cannot build task graph "
            + graph
            + ": task id '"
            + taskId
            + "' is used twice. Give every task its own id.",
        null,
        2);
  }

  public static BallastException unknownUpstream(
      String graph, String taskId, String upstream, List<String> known) {
    return new BallastException(
        "Cannot build task graph "
            + graph
            + ": task '"
            + taskId
            + "' depends on unknown task '"
            + upstream
            + "'. Use one of the graph's tasks: "
            + known
            + ".",
        null,
        2);
  }

  public static BallastException taskGraphCycle(String graph, List<String> cycle) {
    return new BallastException(
        "Cannot build task graph "
            + graph
            + ": its dependencies form a cycle ("
            + String.join(" -> ", cycle)
            + "). Remove one of these dependencies.",
        null,
        2);
  }
}
