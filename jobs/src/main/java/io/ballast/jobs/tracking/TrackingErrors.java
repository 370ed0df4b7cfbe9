package io.ballast.jobs.tracking;

import io.ballast.features.BallastException;

/**
 * User errors of tracking on an MLflow server: its URI, its refusals and faults, model uploads.
 * Every message "Cannot <do what>: <problem>. <how to fix>", exit 2 (ARCHITECTURE.md, "Errors").
 */
public final class TrackingErrors {
  private TrackingErrors() {}

  public static BallastException badTrackingUri(String uri) {
    return new BallastException(
        "Cannot use tracking URI '"
            + uri
            + "': expected http(s)://host[:port] of an MLflow server. Leave --tracking-uri and"
            + " MLFLOW_TRACKING_URI unset to use the embedded tracking tables.",
        null,
        2);
  }

  public static BallastException trackingRefused(
      String action, String url, int status, String errorCode, String message) {
    return new BallastException(
        "Cannot "
            + action
            + " on MLflow at "
            + url
            + ": HTTP "
            + status
            + " "
            + errorCode
            + " ("
            + message
            + "). "
            + (status == 409
                ? "Another client changed the same object at the same time: look at its state"
                    + " now (e.g. 'ballast model list', 'ballast model aliases MODEL') and run"
                    + " again if it is still needed; this is not retried."
                : "Fix the request or the server state; this is not retried."),
        null,
        2);
  }

  public static BallastException trackingForbidden(
      String action, String url, String errorCode, String message) {
    return new BallastException(
        "Cannot "
            + action
            + " on MLflow at "
            + url
            + ": the server accepted the credentials but denied this action (HTTP 403 "
            + errorCode
            + ": "
            + message
            + "). Ask the server's admin for a permission on the experiment or model (READ to"
            + " read, EDIT to log runs, register versions and move aliases), or set"
            + " MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN)"
            + " of a user who has it.",
        null,
        2);
  }

  public static BallastException trackingUnauthorized(String action, String url, int status) {
    return new BallastException(
        "Cannot "
            + action
            + " on MLflow at "
            + url
            + ": the server refused the credentials (HTTP "
            + status
            + "). Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or"
            + " MLFLOW_TRACKING_TOKEN.",
        null,
        2);
  }

  /**
   * @param stopped why no further try was made when tries were left (empty: they ran out)
   */
  public static BallastException trackingUnavailable(
      String action, String url, int attempts, String problem, String stopped, Throwable cause) {
    return new BallastException(
        "Cannot "
            + action
            + " on MLflow at "
            + url
            + ": "
            + problem
            + " after "
            + attempts
            + (attempts == 1 ? " try" : " tries")
            + stopped
            + ". Check that the server is up and reachable, then run again.",
        cause,
        2);
  }

  public static BallastException trackingBadResponse(String action, String url, String problem) {
    return new BallastException(
        "Cannot "
            + action
            + " on MLflow at "
            + url
            + ": the answer was not understood ("
            + problem
            + "). Check that the URI points at an MLflow tracking server.",
        null,
        2);
  }

  public static BallastException modelUploadFailed(
      String model, String target, String problem, Throwable cause) {
    return new BallastException(
        "Cannot put model "
            + model
            + " into the run's MLflow artifacts at "
            + target
            + ": "
            + problem
            + ". Give Ballast write access to the server's artifact store, or start the server"
            + " with --serve-artifacts so that artifacts go through it.",
        cause,
        2);
  }
}
