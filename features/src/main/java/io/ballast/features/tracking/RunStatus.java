package io.ballast.features.tracking;

/** A run's state, with MLflow's names. A run ends FINISHED or FAILED, never left RUNNING. */
public enum RunStatus {
  RUNNING,
  FINISHED,
  FAILED,
  KILLED
}
