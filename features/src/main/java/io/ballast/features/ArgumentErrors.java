package io.ballast.features;

/**
 * User errors of command-line arguments every module parses: a value out of range, a date range the
 * wrong way round. Every message "Cannot <do what>: <problem>. <how to fix>", exit 2
 * (ARCHITECTURE.md, "Errors").
 */
public final class ArgumentErrors {
  private ArgumentErrors() {}

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
}
