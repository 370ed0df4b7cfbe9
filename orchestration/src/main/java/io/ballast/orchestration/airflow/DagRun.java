package io.ballast.orchestration.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One DAG run as Airflow reports it. Dates are ISO-8601 strings as sent, null when not set.
 *
 * @param state queued, running, success or failed
 */
public record DagRun(
    String dagId,
    String runId,
    String state,
    String logicalDate,
    String startDate,
    String endDate,
    JsonNode conf) {

  public boolean finished() {
    return "success".equals(state) || "failed".equals(state);
  }

  static DagRun from(JsonNode n, String dagId) {
    return new DagRun(
        text(n, "dag_id", dagId),
        text(n, "dag_run_id", null),
        text(n, "state", null),
        text(n, "logical_date", null),
        text(n, "start_date", null),
        text(n, "end_date", null),
        n.path("conf"));
  }

  static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }
}
