package io.ballast.validation.quality;

import io.ballast.features.BallastException;
import java.util.List;

/**
 * User errors of data quality: the checks a definition declares for a table, the gate they form,
 * the saved states anomaly rules read. Every message "Cannot <do what>: <problem>. <how to fix>",
 * exit 2 (ARCHITECTURE.md, "Errors").
 */
public final class QualityErrors {
  private QualityErrors() {}

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
}
