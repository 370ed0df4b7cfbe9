package io.ballast.features.tracking;

import java.util.List;
import java.util.Map;

/** Records runs: their params, metrics, tags and final status. */
public interface Tracker {
  /** Starts a run in the experiment (created if missing) and returns its id. */
  String startRun(String experiment, String runName, long startMillis, Map<String, String> tags);

  /** Logs params (written once), metrics (appended) and tags (overwritten). */
  void log(
      String runId, Map<String, String> params, List<Metric> metrics, Map<String, String> tags);

  /** Ends the run; {@code error} is recorded for a failed run. */
  void endRun(String runId, RunStatus status, long endMillis, String error);
}
