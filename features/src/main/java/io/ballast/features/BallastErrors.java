package io.ballast.features;

import java.util.List;

/**
 * Every user-facing error is made here, shaped "Cannot do what on what: problem. How to fix."
 * Keeping them in one place keeps them consistent and testable.
 */
public final class BallastErrors {
  private BallastErrors() {}

  public static BallastException invalidDefinition(String file, List<String> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append("Cannot load pipeline definition ")
        .append(file)
        .append(": ")
        .append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems")
        .append(". Fix the definition and run again.");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return new BallastException(sb.toString(), null, 2);
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

  public static BallastException definitionUnreadable(String file, Throwable cause) {
    return new BallastException(
        "Cannot load pipeline definition "
            + file
            + ": it is not valid YAML ("
            + firstLine(cause.getMessage())
            + "). Fix the syntax and run again.",
        cause,
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

  public static BallastException lakehouseCredentials(String root, Throwable cause) {
    return new BallastException(
        "Cannot open lakehouse "
            + root
            + ": the S3 server refused the credentials or none were found ("
            + firstLine(cause.getMessage())
            + "). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass"
            + " --conf spark.hadoop.fs.s3a.access.key=... and --conf"
            + " spark.hadoop.fs.s3a.secret.key=...",
        cause,
        2);
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

  static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
