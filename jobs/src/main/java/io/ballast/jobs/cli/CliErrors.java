package io.ballast.jobs.cli;

import io.ballast.features.BallastException;
import io.ballast.features.ErrorText;

/**
 * User errors the commands raise themselves: dates and options, files they write, the SQL shell and
 * server, and the storage faults {@link Exits} finds in a cause chain. Every message "Cannot <do
 * what>: <problem>. <how to fix>", exit 2 (ARCHITECTURE.md, "Errors").
 */
public final class CliErrors {
  private CliErrors() {}

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

  public static BallastException badConf(String value) {
    return new BallastException(
        "Cannot use --conf '"
            + value
            + "': expected key=value (e.g. spark.sql.shuffle.partitions=8).",
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

  public static BallastException cannotWriteFile(String path, Throwable cause) {
    return new BallastException(
        "Cannot write "
            + path
            + ": "
            + ErrorText.firstLine(cause.getMessage())
            + ". Check that the folder exists or can be created and is writable (--out).",
        cause,
        2);
  }

  public static BallastException sqlFailed(String query, Throwable cause) {
    return new BallastException(
        "Cannot run SQL: " + ErrorText.firstLine(cause.getMessage()) + ". Query: " + query,
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

  public static BallastException notImplemented(String command) {
    return new BallastException(
        "Cannot run '"
            + command
            + "': not implemented yet. See ./ballast --help for the commands that work today.",
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
            + ErrorText.firstLine(cause.getMessage())
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
            + ErrorText.firstLine(cause.getMessage())
            + "). Nothing of this run was committed and the other writer's rows stand. Rerun"
            + " when the other process is done (a rerun replaces its partitions, never"
            + " duplicates rows), and avoid running the same table and day twice at once.",
        cause,
        2);
  }
}
