package io.ballast.features;

import java.util.List;

/**
 * User errors of building a feature table: an expression, the source days and windows it needs, a
 * definition changed since the table was built. Every message "Cannot <do what>: <problem>. <how to
 * fix>", exit 2 (ARCHITECTURE.md, "Errors").
 */
public final class FeatureErrors {
  private FeatureErrors() {}

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
            + ErrorText.firstLine(cause.getMessage())
            + ". Fix the expression in the pipeline definition.",
        cause,
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

  private static String abbreviate(String hash) {
    return hash == null ? "none" : hash.substring(0, Math.min(12, hash.length()));
  }
}
