package io.ballast.orchestration.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** A DAG file Airflow could not import, with the error it raised. */
public record DagImportError(String filename, String stackTrace, String timestamp) {
  static DagImportError from(JsonNode n) {
    return new DagImportError(
        DagRun.text(n, "filename", null),
        DagRun.text(n, "stack_trace", null),
        DagRun.text(n, "timestamp", null));
  }
}
