package io.ballast.orchestration.airflow;

import io.ballast.features.BallastException;
import io.ballast.features.ErrorText;
import java.util.List;

/**
 * User errors of Airflow: credentials, refusals and faults of its REST API, DAG runs that fail or
 * do not finish in time. Every message "Cannot <do what>: <problem>. <how to fix>", exit 2
 * (ARCHITECTURE.md, "Errors").
 */
public final class AirflowErrors {
  private AirflowErrors() {}

  public static BallastException airflowCredentialsMissing(String url, String expected) {
    return new BallastException(
        "Cannot call Airflow at " + url + ": no credentials. " + expected + ".", null, 2);
  }

  public static BallastException airflowUnauthorized(String action, String url, int status) {
    return new BallastException(
        "Cannot "
            + action
            + " on Airflow at "
            + url
            + ": the server refused the credentials (HTTP "
            + status
            + "). Check --user and AIRFLOW_PASSWORD, or --token / AIRFLOW_TOKEN, and the"
            + " user's permissions.",
        null,
        2);
  }

  public static BallastException airflowRefused(
      String action, String url, int status, String detail) {
    String hint =
        switch (status) {
          case 404 -> "Check --dag and --run-id (is the DAG file deployed and parsed?).";
          case 400, 422 -> "Check the arguments (dates need a time zone, --conf-json an object).";
          default -> "See the server's detail above.";
        };
    return new BallastException(
        "Cannot "
            + action
            + " on Airflow at "
            + url
            + ": HTTP "
            + status
            + ": "
            + ErrorText.firstLine(detail)
            + ". "
            + hint,
        null,
        2);
  }

  public static BallastException airflowDuplicateRun(String dagId, String what, String detail) {
    return new BallastException(
        "Cannot trigger DAG "
            + dagId
            + ": a run with "
            + what
            + " already exists ("
            + ErrorText.firstLine(detail)
            + "). Use 'ballast airflow status' to follow it, or pass another --run-id or"
            + " --logical-date.",
        null,
        2);
  }

  public static BallastException airflowUnavailable(
      String action, String url, int attempts, String problem, Throwable cause) {
    return new BallastException(
        "Cannot "
            + action
            + " on Airflow at "
            + url
            + ": "
            + ErrorText.firstLine(problem)
            + " after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + ". Check --url, that the Airflow API server is running and reachable, and try"
            + " again.",
        cause,
        2);
  }

  public static BallastException airflowBadResponse(String action, String url, String problem) {
    return new BallastException(
        "Cannot "
            + action
            + " on Airflow at "
            + url
            + ": the response is not what the Airflow REST API returns ("
            + ErrorText.firstLine(problem)
            + "). Check --url and --api-version.",
        null,
        2);
  }

  public static BallastException airflowWaitTimeout(
      String dagId, String runId, String timeout, String lastState) {
    return new BallastException(
        "Cannot wait for DAG run "
            + dagId
            + "/"
            + runId
            + ": it is still '"
            + lastState
            + "' after "
            + timeout
            + ". Wait longer with --timeout, or check the run in Airflow.",
        null,
        2);
  }

  public static BallastException airflowRunFailed(
      String dagId, String runId, String state, List<String> failedTasks) {
    return new BallastException(
        "Cannot complete DAG run "
            + dagId
            + "/"
            + runId
            + ": it ended '"
            + state
            + "'"
            + (failedTasks.isEmpty()
                ? ""
                : " (failed tasks: " + String.join(", ", failedTasks) + ")")
            + ". Read the failed tasks' logs in Airflow, fix the cause and clear the tasks.",
        null,
        2);
  }
}
