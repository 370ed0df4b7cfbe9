package io.ballast.jobs.train;

import io.ballast.features.BallastException;
import io.ballast.features.ErrorText;
import java.util.List;

/**
 * User errors of training: hyperparameters, windows and their labels, feature values and types,
 * reproducing a run. Every message "Cannot <do what>: <problem>. <how to fix>", exit 2
 * (ARCHITECTURE.md, "Errors").
 */
public final class TrainingErrors {
  private TrainingErrors() {}

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

  /**
   * Features whose values the model cannot learn from (no value in the train window, infinite
   * values), every one named, with how to fix each kind present.
   */
  public static BallastException badFeatureValues(
      String model, String days, List<String> problems, boolean empty, boolean infinite) {
    List<String> fixes = new java.util.ArrayList<>();
    if (empty) {
      fixes.add(
          "drop a feature without values from the model's features: (or from its feature table),"
              + " or fix the source or expression that computes it");
    }
    if (infinite) {
      fixes.add(
          "turn infinite values into null in the feature's expr (e.g. CASE WHEN abs(x) ="
              + " double('Infinity') THEN NULL ELSE x END) or fix its source");
    }
    String fix = String.join("; ", fixes);
    return new BallastException(
        "Cannot train model "
            + model
            + " on its training set "
            + days
            + ": "
            + String.join("; ", problems)
            + ". "
            + Character.toUpperCase(fix.charAt(0))
            + fix.substring(1)
            + ". Nothing was recorded.",
        null,
        2);
  }

  /** Features whose column type the model cannot read (feature -> type), from the schema alone. */
  public static BallastException wrongFeatureTypes(
      String model, java.util.Map<String, String> types, java.util.Map<String, String> tables) {
    List<String> each = new java.util.ArrayList<>();
    types.forEach(
        (f, t) ->
            each.add(
                "feature "
                    + f
                    + " ("
                    + tables.getOrDefault(f, "the training set")
                    + ") is "
                    + t
                    + (t.matches("(array|map|struct).*")
                        ? ", not a single value"
                        : ", not a number, and is not under categorical:")));
    return new BallastException(
        "Cannot train model "
            + model
            + ": "
            + String.join("; ", each)
            + ". Cast it to a number in the feature's expr, declare a string feature under the"
            + " model's categorical:, or drop it from the model's features:.",
        null,
        2);
  }

  /**
   * Spark ML refused the training input during the fit (after the run was recorded, which stays,
   * FAILED with this reason).
   */
  public static BallastException fitRefused(String model, String runId, Throwable cause) {
    return new BallastException(
        "Cannot train model "
            + model
            + ": Spark ML refused the fit: "
            + ErrorText.cut(String.valueOf(cause.getMessage()), 500)
            + ". Fix the model's params (models: params or search.grid) or its features; the run "
            + runId
            + " is recorded FAILED with this reason (ballast.runs) and nothing was registered.",
        cause,
        2);
  }

  /** Explicit windows refused: every problem (order, overlap, empty range) named. */
  public static BallastException badWindows(String windows, List<String> problems) {
    return new BallastException(
        "Cannot train on the windows "
            + windows
            + ": "
            + String.join("; ", problems)
            + ". Give each window from <= to, and the windows in time order without overlap:"
            + " training, then validation, then test (e.g. --train-from 2026-01-01 --train-to"
            + " 2026-02-28 --test-from 2026-03-01 --test-to 2026-03-31, or in the model's"
            + " definition windows: {train: [2026-01-01, 2026-02-28], test: [2026-03-01,"
            + " 2026-03-31]}).",
        null,
        2);
  }

  /** Explicit windows whose test labels are not all mature by --known-by. */
  public static BallastException windowsImmature(
      String windows, String knownBy, String testTo, int maturityDays, String mature) {
    return new BallastException(
        "Cannot train on the windows "
            + windows
            + " with labels known by "
            + knownBy
            + ": the test window's last label day is mature only on "
            + mature
            + " ("
            + testTo
            + " + label maturity "
            + maturityDays
            + "d), so its labels would be incomplete. Pass --known-by "
            + mature
            + " or later, leave --known-by out (it defaults to "
            + mature
            + "), or end the test window earlier.",
        null,
        2);
  }

  /** The train command's window options, given inconsistently. */
  public static BallastException windowOptions(String problem, String fix) {
    return new BallastException(
        "Cannot choose the training windows: " + problem + ". " + fix, null, 2);
  }

  /** {@code train --reproduce} of a run the tracking store does not know. */
  public static BallastException unknownRun(String runId, String tracking) {
    return new BallastException(
        "Cannot reproduce run "
            + runId
            + ": the tracking store ("
            + tracking
            + ") has no such run. Pass a training run's id (SELECT run_id, run_name, status FROM"
            + " ballast.runs), with the --tracking-uri it was recorded with.",
        null,
        2);
  }

  /** {@code train --reproduce} of a run that cannot be reproduced as recorded. */
  public static BallastException notReproducible(String runId, String problem, String fix) {
    return new BallastException(
        "Cannot reproduce run " + runId + ": " + problem + ". " + fix, null, 2);
  }

  /**
   * A feature-table version a run was trained on that can no longer be read: its log or data files
   * are gone (VACUUM, log retention).
   */
  public static BallastException versionUnreadable(
      String runId, String table, long version, String why) {
    return new BallastException(
        "Cannot reproduce run "
            + runId
            + ": feature table ballast."
            + table
            + " version "
            + version
            + ", which the run was trained on, can no longer be read ("
            + why
            + "). A VACUUM or the Delta log retention removed it; the run cannot be rebuilt."
            + " Keep versions longer (delta.deletedFileRetentionDuration,"
            + " delta.logRetentionDuration) for runs that must stay reproducible.",
        null,
        2);
  }
}
