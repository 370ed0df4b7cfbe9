package io.ballast.orchestration.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** One task's try in a DAG run; state is null before the scheduler sets one. */
public record TaskInstance(String taskId, String state, int tryNumber) {
  static TaskInstance from(JsonNode n) {
    return new TaskInstance(
        DagRun.text(n, "task_id", null),
        DagRun.text(n, "state", null),
        n.path("try_number").asInt());
  }
}
