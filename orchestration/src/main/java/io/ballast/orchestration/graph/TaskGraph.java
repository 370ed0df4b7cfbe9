package io.ballast.orchestration.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated DAG of tasks: ids are unique, every upstream id names a task of the graph, and there
 * is no cycle. Made only by {@link #of}.
 *
 * @param name the graph's name, e.g. {@code ballast_card_fraud_daily} (the Airflow DAG id)
 * @param tasks in declaration order
 */
public record TaskGraph(String name, List<Task> tasks) {

  public TaskGraph {
    tasks = List.copyOf(tasks);
  }

  /** Validates the tasks and returns the graph, or throws a user error naming the problem. */
  public static TaskGraph of(String name, List<Task> tasks) {
    Map<String, Task> byId = new LinkedHashMap<>();
    for (Task t : tasks) {
      if (byId.put(t.id(), t) != null) {
        throw TaskGraphErrors.duplicateTask(name, t.id());
      }
    }
    List<String> known = List.copyOf(byId.keySet());
    for (Task t : tasks) {
      for (String up : t.upstream()) {
        if (!byId.containsKey(up)) {
          throw TaskGraphErrors.unknownUpstream(name, t.id(), up, known);
        }
      }
    }
    TaskGraph graph = new TaskGraph(name, tasks);
    graph
        .findCycle()
        .ifPresent(
            c -> {
              throw TaskGraphErrors.taskGraphCycle(name, c);
            });
    return graph;
  }

  public Optional<Task> task(String id) {
    return tasks.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** Every dependency as {@code [upstream, downstream]}, in declaration order. */
  public List<List<String>> edges() {
    List<List<String>> edges = new ArrayList<>();
    for (Task t : tasks) {
      for (String up : t.upstream()) {
        edges.add(List.of(up, t.id()));
      }
    }
    return edges;
  }

  /**
   * The tasks in an order where every task comes after its upstream tasks; among tasks that are
   * ready together, declaration order decides, so the order is deterministic.
   */
  public List<Task> topologicalOrder() {
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<Task>> downstream = new HashMap<>();
    for (Task t : tasks) {
      waiting.put(t.id(), new HashSet<>(t.upstream()).size());
      for (String up : new HashSet<>(t.upstream())) {
        downstream.computeIfAbsent(up, k -> new ArrayList<>()).add(t);
      }
    }
    List<Task> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    while (order.size() < tasks.size()) {
      Task next =
          tasks.stream()
              .filter(t -> !done.contains(t.id()) && waiting.get(t.id()) == 0)
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("cycle in validated graph " + name));
      order.add(next);
      done.add(next.id());
      for (Task d : downstream.getOrDefault(next.id(), List.of())) {
        waiting.merge(d.id(), -1, Integer::sum);
      }
    }
    return order;
  }

  /**
   * A cycle as a path of ids, each upstream of the next, whose first and last are the same, if the
   * graph has one.
   */
  private Optional<List<String>> findCycle() {
    Map<String, Task> byId = new HashMap<>();
    tasks.forEach(t -> byId.put(t.id(), t));
    Set<String> finished = new HashSet<>();
    for (Task start : tasks) {
      Deque<String> path = new ArrayDeque<>();
      Optional<List<String>> cycle = visit(start.id(), byId, path, new HashSet<>(), finished);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> visit(
      String id,
      Map<String, Task> byId,
      Deque<String> path,
      Set<String> onPath,
      Set<String> finished) {
    if (onPath.contains(id)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (String p : path) {
        in |= p.equals(id);
        if (in) {
          cycle.add(p);
        }
      }
      cycle.add(id);
      Collections.reverse(cycle); // the walk follows upstream links; report upstream first
      return Optional.of(cycle);
    }
    if (!finished.add(id)) {
      return Optional.empty();
    }
    path.addLast(id);
    onPath.add(id);
    for (String up : byId.get(id).upstream()) {
      Optional<List<String>> c = visit(up, byId, path, onPath, finished);
      if (c.isPresent()) {
        return c;
      }
    }
    path.removeLast();
    onPath.remove(id);
    return Optional.empty();
  }
}
