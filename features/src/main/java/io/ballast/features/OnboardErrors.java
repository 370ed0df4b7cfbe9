package io.ballast.features;

import java.util.List;

/**
 * User errors of onboarding a user's own table ({@code ballast source add}, {@code ballast init}).
 * The same shape as every factory: "Cannot <do what>: <problem>. <how to fix>", exit 2, and nothing
 * is written.
 */
public final class OnboardErrors {
  private OnboardErrors() {}

  private static BallastException user(String message, Throwable cause) {
    return new BallastException(message, cause, 2);
  }

  public static BallastException badSourceName(String name, String why) {
    return user(
        "Cannot add source '"
            + name
            + "': "
            + why
            + ". Choose a name of letters, digits and _ (starting with a letter) that is not one"
            + " of Ballast's own tables.",
        null);
  }

  public static BallastException sourceExists(String name) {
    return user(
        "Cannot add source "
            + name
            + ": the lakehouse already has a table ballast."
            + name
            + ". Choose another name, or pass --replace to replace its rows with the new ones.",
        null);
  }

  public static BallastException originNotFound(String name, String from) {
    return user(
        "Cannot add source "
            + name
            + " from "
            + from
            + ": no such file, folder or catalog table. Give an existing path (a Delta folder, a"
            + " Parquet or CSV file or folder), a catalog table (e.g. ballast.orders), or a JDBC"
            + " URL with --jdbc-table.",
        null);
  }

  public static BallastException unknownFormat(String name, String from) {
    return user(
        "Cannot add source "
            + name
            + " from "
            + from
            + ": its format cannot be told from the path (no _delta_log, no .csv or .parquet"
            + " files). Pass --format delta, parquet or csv.",
        null);
  }

  public static BallastException originUnreadable(String name, String from, String reason) {
    return user(
        "Cannot add source "
            + name
            + " from "
            + from
            + ": it cannot be read ("
            + reason
            + "). Check the path and --format (delta, parquet, csv), and that this process may"
            + " read it.",
        null);
  }

  public static BallastException noJdbcDriver(String name, String url) {
    return user(
        "Cannot add source "
            + name
            + " from "
            + url
            + ": no JDBC driver on the class path accepts this URL (Ballast bundles none). Put"
            + " the database's JDBC driver jar on the class path (BALLAST_CLASSPATH=DRIVER.jar"
            + " ./ballast source add ...; under spark-submit, --jars DRIVER.jar), or export the"
            + " table to Parquet or CSV and add that.",
        null);
  }

  public static BallastException jdbcTableMissing(String name) {
    return user(
        "Cannot add source "
            + name
            + " from a JDBC URL: the URL names a database, not a table. Pass --jdbc-table TABLE"
            + " (or a subquery in parentheses with an alias).",
        null);
  }

  public static BallastException columnMissing(
      String name, String option, String column, List<String> columns) {
    return user(
        "Cannot add source "
            + name
            + ": "
            + option
            + " "
            + column
            + " is not a column of it. Name one of its columns ("
            + String.join(", ", columns)
            + ").",
        null);
  }

  public static BallastException notATime(
      String name, String option, String column, String type, String fix) {
    return user(
        "Cannot add source "
            + name
            + ": "
            + option
            + " "
            + column
            + " is "
            + type
            + ", not a time. "
            + fix,
        null);
  }

  public static BallastException badTimes(
      String name, String option, String column, long bad, String example) {
    return user(
        "Cannot add source "
            + name
            + ": "
            + bad
            + " value(s) of "
            + option
            + " "
            + column
            + " are not times (e.g. '"
            + example
            + "'). Write them as yyyy-MM-dd HH:mm:ss (or ISO 8601), or fix or drop those rows at"
            + " the origin.",
        null);
  }

  public static BallastException missingTimes(String name, String column, long rows) {
    return user(
        "Cannot add source "
            + name
            + ": "
            + rows
            + " row(s) have no "
            + column
            + ", so they belong to no day. Fill in or drop those rows at the origin.",
        null);
  }

  public static BallastException emptyOrigin(String name, String from) {
    return user(
        "Cannot add source "
            + name
            + " from "
            + from
            + ": it has no rows. Add a table with rows (a source's days are read from them).",
        null);
  }

  public static BallastException dsTaken(String name, String partitionBy) {
    return user(
        "Cannot add source "
            + name
            + ": it has a column ds, which Ballast writes as the day partition (the day of "
            + partitionBy
            + "). Pass --partition-by ds to use that column as the day, or rename it at the"
            + " origin.",
        null);
  }

  public static BallastException draftColumn(
      String table, String option, String column, String problem, List<String> columns) {
    return user(
        "Cannot draft a definition from "
            + table
            + ": "
            + option
            + " "
            + column
            + " "
            + problem
            + ". Name one of its columns ("
            + String.join(", ", columns)
            + ").",
        null);
  }

  public static BallastException draftLabel(String table, String label, long bad, String example) {
    return user(
        "Cannot draft a definition from "
            + table
            + ": --label "
            + label
            + " has "
            + bad
            + " value(s) other than 0 and 1 (e.g. '"
            + example
            + "'). Give a 0/1 (or boolean) column; derive one at the origin (e.g. CASE WHEN"
            + " status = 'fraud' THEN 1 ELSE 0 END) and add the table again.",
        null);
  }

  public static BallastException draftEmpty(String table) {
    return user(
        "Cannot draft a definition from "
            + table
            + ": it has no rows with an event time. Add rows (ballast source add) and run init"
            + " again.",
        null);
  }

  public static BallastException draftExists(String file) {
    return user(
        "Cannot write the definition to "
            + file
            + ": the file exists. Choose another --out, or delete it first (init never"
            + " overwrites a definition you may have edited).",
        null);
  }
}
