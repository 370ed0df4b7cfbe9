package io.ballast.orchestration.local;

import io.ballast.orchestration.graph.Task;
import io.ballast.orchestration.graph.TaskGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides, task by task in dependency order, what a local run of one day does: run a task, skip it
 * because an earlier run already succeeded (resume), skip it because an upstream task failed, or
 * leave it out because it was not selected. Plain Java, no Spark: the runner feeds it each outcome
 * as it happens.
 */
public final class RunPlan {
  /** What happened to a task. */
  public enum Status {
    SUCCESS,
    FAILED,
    DONE_EARLIER,
    SKIPPED_UPSTREAM_FAILED,
    NOT_SELECTED
  }

  private final List<Task> order;
  private final Set<String> selected;
  private final Set<String> doneEarlier;
  private final Map<String, Status> status = new HashMap<>();

  /**
   * @param select a regular expression over task ids; the matching tasks and everything upstream of
   *     them run (null: every task)
   * @param doneEarlier tasks that already succeeded for this day (ignored with force)
   */
  public RunPlan(TaskGraph graph, String select, Set<String> doneEarlier, boolean force) {
    this.order = graph.topologicalOrder();
    this.selected = select == null ? allIds(order) : withUpstream(graph, Pattern.compile(select));
    this.doneEarlier = force ? Set.of() : Set.copyOf(doneEarlier);
  }

  public List<Task> order() {
    return order;
  }

  /** Whether the task should run now; if not, records why. */
  public boolean shouldRun(Task t) {
    if (!selected.contains(t.id())) {
      status.put(t.id(), Status.NOT_SELECTED);
      return false;
    }
    for (String up : t.upstream()) {
      Status s = status.get(up);
      if (s == Status.FAILED || s == Status.SKIPPED_UPSTREAM_FAILED) {
        status.put(t.id(), Status.SKIPPED_UPSTREAM_FAILED);
        return false;
      }
    }
    if (doneEarlier.contains(t.id())) {
      status.put(t.id(), Status.DONE_EARLIER);
      return false;
    }
    return true;
  }

  public void record(Task t, boolean succeeded) {
    status.put(t.id(), succeeded ? Status.SUCCESS : Status.FAILED);
  }

  public Status status(String taskId) {
    return status.get(taskId);
  }

  public boolean failed() {
    return status.values().stream()
        .anyMatch(s -> s == Status.FAILED || s == Status.SKIPPED_UPSTREAM_FAILED);
  }

  /** Ids of the selected tasks that match nothing: an empty selection is a user error. */
  public boolean selectsNothing() {
    return selected.isEmpty();
  }

  private static Set<String> allIds(List<Task> tasks) {
    Set<String> ids = new LinkedHashSet<>();
    tasks.forEach(t -> ids.add(t.id()));
    return ids;
  }

  private static Set<String> withUpstream(TaskGraph graph, Pattern p) {
    Set<String> out = new HashSet<>();
    List<String> todo = new ArrayList<>();
    graph.tasks().stream().filter(t -> p.matcher(t.id()).matches()).forEach(t -> todo.add(t.id()));
    while (!todo.isEmpty()) {
      String id = todo.remove(todo.size() - 1);
      if (out.add(id)) {
        graph.task(id).ifPresent(t -> todo.addAll(t.upstream()));
      }
    }
    return out;
  }
}
