package io.ballast.validation.model;

import io.ballast.features.BallastException;
import java.util.List;

/**
 * User errors of validating and promoting a model version: its test window, slices and fairness
 * groups, the champion it is compared to, the gates. Every message "Cannot <do what>: <problem>.
 * <how to fix>", exit 2 (ARCHITECTURE.md, "Errors").
 */
public final class ValidationErrors {
  private ValidationErrors() {}

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
}
