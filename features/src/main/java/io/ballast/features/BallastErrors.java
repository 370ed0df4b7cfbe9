package io.ballast.features;

import io.ballast.features.lakehouse.StorageRefusal;
import java.util.List;

/**
 * Every user-facing error is made here, shaped "Cannot do what on what: problem. How to fix."
 * Keeping them in one place keeps them consistent and testable.
 */
public final class BallastErrors {
  private BallastErrors() {}

  public static BallastException invalidDefinition(String file, List<String> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append("Cannot load pipeline definition ").append(file).append(": ");
    if (problems.size() == 1) {
      // one problem: on the first line, where a user (and a log search) looks
      return new BallastException(
          sb.append(problems.get(0)).append(". Fix the definition and run again.").toString(),
          null,
          2);
    }
    sb.append(problems.size())
        .append(" problems (the first: ")
        .append(problems.get(0))
        .append("). Fix the definition and run again.");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return new BallastException(sb.toString(), null, 2);
  }

  /** {@code problems} are the lines already printed, each with its path in the YAML and fix. */
  public static BallastException definitionDoesNotMatchTables(String file, int problems) {
    return new BallastException(
        "Cannot validate pipeline definition "
            + file
            + " against the lakehouse: "
            + problems
            + (problems == 1 ? " problem" : " problems")
            + " (listed above, each with its place in the file). Fix them and run ballast"
            + " validate again.",
        null,
        2);
  }

  public static BallastException definitionNotFound(String file) {
    return new BallastException(
        "Cannot load pipeline definition "
            + file
            + ": the file does not exist. Pass --pipeline with the path of a YAML definition"
            + " (the demo's is orchestration/pipelines/card_fraud.yaml).",
        null,
        2);
  }

  /** {@code problem} says where (line and column) and what, e.g. from {@code TextFiles}. */
  public static BallastException definitionUnreadable(String file, String problem) {
    return new BallastException(
        "Cannot load pipeline definition " + file + ": " + problem + ". Fix it and run again.",
        null,
        2);
  }

  public static BallastException badDate(String option, String value) {
    return new BallastException(
        "Cannot parse "
            + option
            + " '"
            + value
            + "': expected a date as YYYY-MM-DD (e.g. 2026-01-31).",
        null,
        2);
  }

  public static BallastException futureDay(
      String option, java.time.LocalDate day, java.time.LocalDate today) {
    return new BallastException(
        "Cannot score "
            + day
            + ": the day is after today ("
            + today
            + ", UTC), so it has no events yet. Check "
            + option
            + "; to score the latest day, pass --date "
            + today
            + ".",
        null,
        2);
  }

  public static BallastException badArgument(String option, String value, String expected) {
    return new BallastException(
        "Cannot use " + option + " '" + value + "': " + expected + ".", null, 2);
  }

  public static BallastException badDateRange(String from, String to) {
    return new BallastException(
        "Cannot use the date range --from "
            + from
            + " --to "
            + to
            + ": --from is after --to. Swap them or fix the dates.",
        null,
        2);
  }

  public static BallastException lakehouseUnreachable(String root, Throwable cause) {
    return new BallastException(
        "Cannot open lakehouse "
            + root
            + ": "
            + firstLine(cause.getMessage())
            + ". Check --lakehouse (or BALLAST_LAKEHOUSE), the endpoint and network access.",
        cause,
        2);
  }

  /**
   * The S3 server refused a request on the lakehouse: what was refused, where, why and what to set
   * or grant. {@code what} is the action, e.g. "open lakehouse s3a://b/lh"; {@code note} ("" or a
   * sentence with a leading space) follows.
   */
  public static BallastException storageRefused(
      String what, String root, StorageRefusal r, String note, Throwable cause) {
    String credentials =
        "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary"
            + " credentials), or pass --conf spark.hadoop.fs.s3a.access.key=... and --conf"
            + " spark.hadoop.fs.s3a.secret.key=...; check that AWS_ENDPOINT_URL (or --conf"
            + " spark.hadoop.fs.s3a.endpoint) names the server these credentials belong to";
    String grant =
        "grant this identity "
            + StorageRefusal.permissions(root)
            + ", or point --lakehouse (or BALLAST_LAKEHOUSE) at a prefix it may use";
    String problem =
        switch (r.kind()) {
          case NO_CREDENTIALS ->
              "the S3 server refused the credentials or none were found ("
                  + firstLine(cause.getMessage())
                  + "). "
                  + credentials;
          case BAD_CREDENTIALS ->
              "the S3 server refused the credentials for "
                  + r.path()
                  + " (HTTP 403 "
                  + r.code()
                  + ": "
                  + (r.code().equals("SignatureDoesNotMatch")
                      ? "the secret key does not match the access key"
                      : r.code().equals("InvalidAccessKeyId")
                          ? "the server knows no such access key"
                          : "the credentials are not valid")
                  + "). "
                  + credentials;
          case DENIED ->
              "the S3 server accepted the credentials but denied access to "
                  + r.path()
                  + " (HTTP 403 "
                  + r.code()
                  + "). Ask the bucket's owner to "
                  + grant;
          case FORBIDDEN ->
              "the S3 server refused access to "
                  + r.path()
                  + " (HTTP "
                  + r.code()
                  + ", an answer without a reason: the credentials are wrong or this identity may"
                  + " not access the path). "
                  + credentials
                  + "; if they are right, "
                  + grant;
        };
    return new BallastException("Cannot " + what + ": " + problem + "." + note, cause, 2);
  }

  public static BallastException badLakehouseUri(String root) {
    return new BallastException(
        "Cannot use lakehouse '"
            + root
            + "': expected a local folder, file:///path or s3a://bucket/prefix."
            + " Fix --lakehouse (or BALLAST_LAKEHOUSE).",
        null,
        2);
  }

  public static BallastException tableNotFound(String table, List<String> known) {
    return new BallastException(
        "Cannot read table "
            + table
            + ": it does not exist in the lakehouse. Known tables: "
            + (known.isEmpty() ? "(none; run ./ballast demo or ./ballast generate)" : known)
            + ".",
        null,
        2);
  }

  public static BallastException badConf(String value) {
    return new BallastException(
        "Cannot use --conf '"
            + value
            + "': expected key=value (e.g. spark.sql.shuffle.partitions=8).",
        null,
        2);
  }

  public static BallastException sqlFailed(String query, Throwable cause) {
    return new BallastException(
        "Cannot run SQL: " + firstLine(cause.getMessage()) + ". Query: " + query, cause, 2);
  }

  public static BallastException notImplemented(String command) {
    return new BallastException(
        "Cannot run '"
            + command
            + "': not implemented yet. See ./ballast --help for the commands that work today.",
        null,
        2);
  }

  // --- orchestration: task graphs, DAG files, the Airflow REST client ---

  public static BallastException duplicateTask(String graph, String taskId) {
    return new BallastException(
        "Cannot build task graph "
            + graph
            + ": task id '"
            + taskId
            + "' is used twice. Give every task its own id.",
        null,
        2);
  }

  public static BallastException unknownUpstream(
      String graph, String taskId, String upstream, List<String> known) {
    return new BallastException(
        "Cannot build task graph "
            + graph
            + ": task '"
            + taskId
            + "' depends on unknown task '"
            + upstream
            + "'. Use one of the graph's tasks: "
            + known
            + ".",
        null,
        2);
  }

  public static BallastException taskGraphCycle(String graph, List<String> cycle) {
    return new BallastException(
        "Cannot build task graph "
            + graph
            + ": its dependencies form a cycle ("
            + String.join(" -> ", cycle)
            + "). Remove one of these dependencies.",
        null,
        2);
  }

  public static BallastException cannotWriteFile(String path, Throwable cause) {
    return new BallastException(
        "Cannot write "
            + path
            + ": "
            + firstLine(cause.getMessage())
            + ". Check that the folder exists or can be created and is writable (--out).",
        cause,
        2);
  }

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
            + firstLine(detail)
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
            + firstLine(detail)
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
            + firstLine(problem)
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
            + firstLine(problem)
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

  /** The first line with text (Spark's parse errors start with an empty one), cut to 300 chars. */
  static String firstLine(String s) {
    if (s == null || s.isBlank()) {
      return "no detail";
    }
    String line = s.strip().lines().findFirst().orElse("").strip();
    return cut(line, 300);
  }

  /** {@code s} cut to {@code max} characters, saying how many were left out. */
  public static String cut(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, max) + "... (" + (s.length() - max) + " more characters)";
  }

  public static BallastException badFeatureExpression(
      String table, String feature, String expression, Throwable cause) {
    return new BallastException(
        "Cannot build feature table "
            + table
            + ": feature "
            + feature
            + " ('"
            + expression
            + "') does not resolve: "
            + firstLine(cause.getMessage())
            + ". Fix the expression in the pipeline definition.",
        cause,
        2);
  }

  public static BallastException missingColumns(
      String what, String where, List<String> missing, List<String> available) {
    return new BallastException(
        "Cannot "
            + what
            + ": "
            + where
            + " has no column"
            + (missing.size() == 1 ? " " : "s ")
            + String.join(", ", missing)
            + ". Available columns: "
            + available
            + ".",
        null,
        2);
  }

  public static BallastException unknownFeatureTable(String table, List<String> known) {
    return new BallastException(
        "Cannot find feature table '"
            + table
            + "' in the pipeline definition. Declared feature tables: "
            + known
            + ".",
        null,
        2);
  }

  public static BallastException missingSourceDays(
      String table, String source, List<String> missing) {
    return new BallastException(
        "Cannot build feature table "
            + table
            + ": source "
            + source
            + " has no partition for "
            + (missing.size() > 10
                ? missing.subList(0, 10) + " and " + (missing.size() - 10) + " more"
                : missing)
            + ". Load those days first (e.g. ./ballast generate) or build a range that has data.",
        null,
        2);
  }

  public static BallastException windowLongerThanData(
      String table, String feature, String window, String needFrom, String source, String first) {
    return new BallastException(
        "Cannot build feature table "
            + table
            + ": window "
            + window
            + " of feature "
            + feature
            + " needs source days from "
            + needFrom
            + " but "
            + source
            + " starts on "
            + first
            + ", so the window would see less history than declared. Build from a later day, or"
            + " pass --allow-partial-windows to accept shorter windows for the first days.",
        null,
        2);
  }

  public static BallastException definitionChanged(
      String table, String builtHash, String currentHash, long version, String builtRange) {
    return new BallastException(
        "Cannot build feature table "
            + table
            + ": its definition changed since version "
            + version
            + " (hash "
            + abbreviate(builtHash)
            + " -> "
            + abbreviate(currentHash)
            + "), and mixing rows of both would be silently wrong. Pass --rebuild to recompute every"
            + " built day ("
            + builtRange
            + ") with the new definition in one commit, or revert the definition.",
        null,
        2);
  }

  public static BallastException versionNotFound(String table, String version, long latest) {
    return new BallastException(
        "Cannot read "
            + table
            + " at version "
            + version
            + ": the table's versions are 0 to "
            + latest
            + ". See ./ballast features history "
            + table
            + ".",
        null,
        2);
  }

  public static BallastException badPin(String value) {
    return new BallastException(
        "Cannot use --pin '"
            + value
            + "': expected TABLE=VERSION (e.g. customer_features=3), one per feature table.",
        null,
        2);
  }

  public static BallastException emptyLabels(String source, String from, String to) {
    return new BallastException(
        "Cannot build a training set: source "
            + source
            + " has no label events from "
            + from
            + " to "
            + to
            + ". Choose a range with labels (see ./ballast sql \"SELECT ds, count(*) FROM"
            + " ...\").",
        null,
        2);
  }

  static String abbreviate(String hash) {
    return hash == null ? "none" : hash.substring(0, Math.min(12, hash.length()));
  }

  public static BallastException noLabel(String file) {
    return new BallastException(
        "Cannot build a training set from "
            + file
            + ": the definition has no label section. Add label: {source: ..., column: ...}.",
        null,
        2);
  }

  public static BallastException noVersionAsOf(String table, String timestamp, String first) {
    return new BallastException(
        "Cannot read "
            + table
            + " as of "
            + timestamp
            + ": the table's first version was written at "
            + first
            + ". Use a later --as-of timestamp.",
        null,
        2);
  }

  public static BallastException qualityNotDeclared(
      String table, String file, List<String> declared) {
    return new BallastException(
        "Cannot check quality of table "
            + table
            + ": the definition "
            + file
            + " has no quality section for it (declared: "
            + declared
            + "). Add quality."
            + table
            + " with its checks, or pass --table with one of the declared tables.",
        null,
        2);
  }

  public static BallastException qualityTableNotInLakehouse(String table, String location) {
    return new BallastException(
        "Cannot check quality of table "
            + table
            + ": its source is "
            + location
            + ", not a lakehouse table. Point the source at a ballast.<name> table.",
        null,
        2);
  }

  public static BallastException qualityColumnsMissing(
      String table, List<String> problems, List<String> available) {
    StringBuilder sb = new StringBuilder();
    sb.append("Cannot check quality of table ")
        .append(table)
        .append(": ")
        .append(problems.size())
        .append(problems.size() == 1 ? " check names" : " checks name")
        .append(" what the table does not have. Fix quality.")
        .append(table.replaceFirst("^ballast\\.", ""))
        .append(" in the definition; the table's columns are ")
        .append(available)
        .append(".");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return new BallastException(sb.toString(), null, 2);
  }

  public static BallastException qualityGateFailed(
      String table, int checks, List<String> failures) {
    StringBuilder sb = new StringBuilder();
    sb.append("Cannot pass the quality gate of table ")
        .append(table)
        .append(": ")
        .append(failures.size())
        .append(" of ")
        .append(checks)
        .append(" error checks failed. Results are in ballast.quality_results; fix the data (rows")
        .append(" that fail row-level checks are in the table's _quarantine table when")
        .append(" quarantine is on) or relax the check, then rerun.");
    for (String f : failures) {
      sb.append("\n  - ").append(f);
    }
    return new BallastException(sb.toString(), null, 2);
  }

  public static BallastException noQualityStates(String table, String where) {
    return new BallastException(
        "Cannot compute table metrics of "
            + table
            + ": no saved quality states under "
            + where
            + ". Run ./ballast quality check --table "
            + table.replaceFirst("^ballast\\.", "")
            + " for its partitions first.",
        null,
        2);
  }

  public static BallastException noRowsToProfile(String table, String from, String to) {
    return new BallastException(
        "Cannot suggest checks for table "
            + table
            + ": it has no rows from "
            + from
            + " to "
            + to
            + ". Pick a --from/--to range that holds data.",
        null,
        2);
  }

  public static BallastException unknownModel(String file, String model, List<String> known) {
    return new BallastException(
        "Cannot train model "
            + model
            + " of "
            + file
            + ": the definition declares no such model (declared: "
            + known
            + "). Pass --model with one of them, or add it under models:.",
        null,
        2);
  }

  public static BallastException noModels(String file) {
    return new BallastException(
        "Cannot train a model of "
            + file
            + ": the definition has no models section. Add models: [{name: ..., algorithm:"
            + " gbt}].",
        null,
        2);
  }

  public static BallastException emptyWindow(String model, String window, String from, String to) {
    return new BallastException(
        "Cannot train model "
            + model
            + ": the "
            + window
            + " window "
            + from
            + " .. "
            + to
            + " has no labelled rows. Check that labels exist for those days (ballast features"
            + " training-set), or pick another --as-of date or longer windows.",
        null,
        2);
  }

  public static BallastException singleClass(String model, String window, long rows, double value) {
    return new BallastException(
        "Cannot train model "
            + model
            + ": every one of the "
            + rows
            + " labels in the "
            + window
            + " window is "
            + value
            + ", a classifier needs both 0 and 1. Use a longer window or check the label"
            + " expression.",
        null,
        2);
  }

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

  public static BallastException badModelReference(String ref) {
    return new BallastException(
        "Cannot resolve model '"
            + ref
            + "': expected NAME@ALIAS (e.g. fraud_model@champion) or NAME/VERSION (e.g."
            + " fraud_model/3).",
        null,
        2);
  }

  public static BallastException modelNotFound(String model, List<String> known) {
    return new BallastException(
        "Cannot find registered model "
            + model
            + ": no version is registered (registered models: "
            + known
            + "). Train it first with 'ballast train --model "
            + model
            + "'.",
        null,
        2);
  }

  public static BallastException modelVersionNotFound(
      String model, String version, List<String> known) {
    return new BallastException(
        "Cannot find version "
            + version
            + " of model "
            + model
            + ": it is not registered (versions: "
            + known
            + "). Use 'ballast model list' to see the versions.",
        null,
        2);
  }

  public static BallastException aliasNotFound(String model, String alias, List<String> known) {
    return new BallastException(
        "Cannot resolve "
            + model
            + "@"
            + alias
            + ": the model has no alias "
            + alias
            + " (aliases: "
            + known
            + "). Set it with 'ballast model set-alias "
            + model
            + " "
            + alias
            + " VERSION'.",
        null,
        2);
  }

  public static BallastException badAlias(String alias) {
    return new BallastException(
        "Cannot use alias '"
            + alias
            + "': an alias is letters, digits, _ and - (at most 255), and 'latest' and"
            + " v<digits> are reserved. Use e.g. champion, challenger or previous.",
        null,
        2);
  }

  public static BallastException badHyperparameter(
      String model, String name, String value, String doc) {
    return new BallastException(
        "Cannot train model "
            + model
            + ": hyperparameter "
            + name
            + " = "
            + value
            + " is not valid ("
            + doc.replaceAll("\\.$", "")
            + "). Fix it under models: params or search.grid.",
        null,
        2);
  }

  public static BallastException labelNotBinary(
      String model, String window, long rows, double min, double max) {
    return new BallastException(
        "Cannot train model "
            + model
            + ": "
            + rows
            + " labels in the "
            + window
            + " window are neither 0 nor 1 (values from "
            + min
            + " to "
            + max
            + "). Make the label expression give 0 or 1 (e.g. CAST(status = 'fraud' AS INT)).",
        null,
        2);
  }

  public static BallastException reportNotWritten(String path, Throwable cause) {
    return new BallastException(
        "Cannot write the report to "
            + path
            + ": "
            + cause.getMessage()
            + ". Choose a writable path with --out.",
        cause,
        2);
  }

  public static BallastException sqlServerPortInUse(int port, Throwable cause) {
    return new BallastException(
        "Cannot start the SQL server on port "
            + port
            + ": the port is in use or not allowed ("
            + cause.getMessage()
            + "). Choose another with --port.",
        cause,
        2);
  }

  // --- scoring ---

  public static BallastException modelFeaturesMissing(
      String model, String version, String file, List<String> missing) {
    return new BallastException(
        "Cannot score with "
            + model
            + " version "
            + version
            + ": "
            + missing.size()
            + (missing.size() == 1
                ? " feature it was trained on is"
                : " features it was trained on are")
            + " missing: "
            + String.join("; ", missing)
            + ". Declare and build them again (definition "
            + file
            + "), or train a new version on the current features.",
        null,
        2);
  }

  public static BallastException featureDaysNotBuilt(
      String table, List<String> days, String built, String file) {
    return new BallastException(
        "Cannot score: feature table ballast."
            + table
            + " has not been built for "
            + (days.size() == 1 ? "day " : days.size() + " days ")
            + (days.size() > 5
                ? String.join(", ", days.subList(0, 5)) + ", ..."
                : String.join(", ", days))
            + " (built: "
            + built
            + "). Build it first: ballast features build --pipeline "
            + file
            + " --table "
            + table
            + " --from "
            + days.get(0)
            + " --to "
            + days.get(days.size() - 1)
            + ".",
        null,
        2);
  }

  public static BallastException unknownSource(String option, String value, List<String> known) {
    return new BallastException(
        "Cannot use "
            + option
            + " '"
            + value
            + "': the definition declares no such source. Known sources: "
            + known
            + ".",
        null,
        2);
  }

  public static BallastException modelNotLoadable(
      String ref, String version, String path, Throwable cause) {
    return new BallastException(
        "Cannot load model "
            + ref
            + " (version "
            + version
            + ") from "
            + path
            + ": "
            + firstLine(String.valueOf(cause.getMessage()))
            + ". Check that the model folder exists and is readable, or register the model again.",
        cause,
        2);
  }

  public static BallastException noTestWindow(String model, String version) {
    return new BallastException(
        "Cannot validate "
            + model
            + " version "
            + version
            + ": the version records no test window (tag ballast.test_window or run param"
            + " test_window). Validate a version trained by 'ballast train', or retrain.",
        null,
        2);
  }

  public static BallastException sliceNotResolved(
      String what, String expression, String problem, List<String> columns) {
    return new BallastException(
        "Cannot validate with "
            + what
            + " '"
            + expression
            + "': "
            + problem
            + ". Use the test rows' columns: "
            + columns
            + ".",
        null,
        2);
  }

  public static BallastException protectedNotBoolean(String expression, String type) {
    return new BallastException(
        "Cannot measure fairness with protected_attribute '"
            + expression
            + "': it gives "
            + type
            + ", not a boolean group. Write a condition, e.g. \"is_online = 1\".",
        null,
        2);
  }

  public static BallastException emptyTestWindow(String model, String version, String window) {
    return new BallastException(
        "Cannot validate "
            + model
            + " version "
            + version
            + ": its test window "
            + window
            + " has no labelled rows. Check that the labels and feature tables still hold"
            + " those days.",
        null,
        2);
  }

  public static BallastException championMissingFeatures(
      String model, String version, List<String> missing) {
    return new BallastException(
        "Cannot score champion "
            + model
            + " version "
            + version
            + " on the challenger's test rows: it reads features "
            + missing
            + " that the rows do not have. Retrain the champion on the current definition or"
            + " drop the champion gate.",
        null,
        2);
  }

  public static BallastException notValidated(String model, String version, String why) {
    return new BallastException(
        "Cannot promote "
            + model
            + " version "
            + version
            + ": "
            + why
            + ". Run 'ballast model validate --pipeline FILE --model "
            + model
            + " --version "
            + version
            + "' first; it must pass every gate.",
        null,
        2);
  }

  public static BallastException gatesFailed(String model, String version, List<String> failures) {
    StringBuilder sb =
        new StringBuilder("Cannot promote ")
            .append(model)
            .append(" version ")
            .append(version)
            .append(": ")
            .append(failures.size())
            .append(failures.size() == 1 ? " gate" : " gates")
            .append(" failed; aliases unchanged.");
    failures.forEach(f -> sb.append("\n  - ").append(f));
    return new BallastException(sb.toString(), null, 2);
  }

  public static BallastException nothingToRollBack(String model, List<String> aliases) {
    return new BallastException(
        "Cannot roll back "
            + model
            + ": it has no 'previous' alias (aliases: "
            + aliases
            + "). A promotion sets previous; or point champion at a version with 'ballast model"
            + " set-alias "
            + model
            + " champion VERSION'.",
        null,
        2);
  }

  public static BallastException driftNoPartitionColumn(
      String table, String column, List<String> columns) {
    return new BallastException(
        "Cannot compute drift on ballast."
            + table
            + ": it has no daily partition column '"
            + column
            + "' (columns: "
            + columns
            + "). Drift compares daily partitions: pass a feature table or a predictions table.",
        null,
        2);
  }

  public static BallastException driftNoFeatures(
      String table, String baselineId, List<String> baselineFeatures, List<String> columns) {
    return new BallastException(
        "Cannot compute drift on ballast."
            + table
            + ": it does not hold the features of baseline "
            + baselineId
            + " ("
            + baselineFeatures
            + "; the table has "
            + columns
            + "). Pass a table the model reads (--table), or the model whose features it holds"
            + " (--model).",
        null,
        2);
  }

  public static BallastException driftKindMismatch(
      String table, String feature, String type, String expected, String baselineId) {
    return new BallastException(
        "Cannot compute drift of "
            + feature
            + " in ballast."
            + table
            + ": it is "
            + type
            + " there but "
            + expected
            + " in baseline "
            + baselineId
            + ". Rebuild the table with the definition the model was trained on, or retrain.",
        null,
        2);
  }

  public static BallastException driftNoBaseline(String model, String version) {
    return new BallastException(
        "Cannot compute drift against "
            + model
            + " version "
            + version
            + ": it has no training baseline in ballast.drift_baselines (versions trained before"
            + " baselines existed). Run 'ballast drift baseline --pipeline FILE --model "
            + model
            + "/"
            + version
            + "' once, or retrain.",
        null,
        2);
  }

  public static BallastException driftNoCalibrationDays(String table) {
    return new BallastException(
        "Cannot calibrate the drift thresholds of "
            + table
            + ": drift.calibration names no days and the model version has no recorded training"
            + " window (trained before it was recorded). Give the quiet days in the definition,"
            + " e.g. drift: {calibration: {days: 2026-01-01..2026-02-28}}.",
        null,
        2);
  }

  public static BallastException driftNoModel(String model, String tried) {
    return new BallastException(
        "Cannot compute drift: model "
            + model
            + " has no version to compare against ("
            + tried
            + "). Train it first ('ballast train --pipeline FILE --as-of DATE') or pass --model"
            + " NAME/VERSION.",
        null,
        2);
  }

  public static BallastException storageUnreachable(String root, String endpoint, Throwable cause) {
    return new BallastException(
        "Cannot reach the lakehouse storage at "
            + root
            + " (endpoint "
            + endpoint
            + "): "
            + firstLine(cause.getMessage())
            + ". Check that the S3 server is up and reachable from every Spark process, then"
            + " rerun: an interrupted write leaves no new table version, and a rerun replaces"
            + " its partitions.",
        cause,
        2);
  }

  public static BallastException concurrentWrite(String root, Throwable cause) {
    return new BallastException(
        "Cannot commit to the lakehouse "
            + root
            + ": another process committed to the same table partitions while this one was"
            + " writing ("
            + firstLine(cause.getMessage())
            + "). Nothing of this run was committed and the other writer's rows stand. Rerun"
            + " when the other process is done (a rerun replaces its partitions, never"
            + " duplicates rows), and avoid running the same table and day twice at once.",
        cause,
        2);
  }
}
