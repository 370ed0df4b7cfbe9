package io.ballast.features.tracking;

import java.util.Map;

/**
 * A run as the tracking store has it, read back (e.g. to reproduce it).
 *
 * @param status RUNNING, FINISHED or FAILED
 * @param tags the run's tags (those given at start and those logged later)
 * @param metrics by {@link #metricKey}: the value of each key at each step (MLflow's {@code
 *     runs/get} keeps only each key's latest step)
 */
public record RecordedRun(
    String runId,
    String status,
    Map<String, String> params,
    Map<String, String> tags,
    Map<String, Double> metrics) {

  /** A metric's name in {@link #metrics}: its key, with {@code [step]} after it when step > 0. */
  public static String metricKey(String key, long step) {
    return step == 0 ? key : key + "[" + step + "]";
  }
}
