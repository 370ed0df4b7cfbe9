package io.ballast.jobs.report;

import io.ballast.features.BallastException;

/**
 * User errors of the HTML report. Every message "Cannot <do what>: <problem>. <how to fix>", exit 2
 * (ARCHITECTURE.md, "Errors").
 */
public final class ReportErrors {
  private ReportErrors() {}

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
}
