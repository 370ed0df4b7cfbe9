package io.ballast.scoring;

import io.ballast.features.BallastException;
import io.ballast.features.ErrorText;
import java.util.List;

/**
 * User errors of scoring: the model, the features and days it reads, its explanations. Every
 * message "Cannot <do what>: <problem>. <how to fix>", exit 2 (ARCHITECTURE.md, "Errors").
 */
public final class ScoringErrors {
  private ScoringErrors() {}

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
            + ErrorText.firstLine(String.valueOf(cause.getMessage()))
            + ". Check that the model folder exists and is readable, or register the model again.",
        cause,
        2);
  }

  public static BallastException modelFeaturesMissing(
      String model, String version, String file, List<String> missing) {
    return new BallastException(
        cannotScore(model, version)
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

  public static BallastException featureTypesChanged(
      String model, String version, String file, List<String> changed) {
    return new BallastException(
        cannotScore(model, version)
            + changed.size()
            + (changed.size() == 1 ? " feature has" : " features have")
            + " another type than the model was trained on: "
            + String.join("; ", changed)
            + ". Nothing was written. Give the feature its trained type again in the definition"
            + " ("
            + file
            + ", e.g. CAST(... AS DOUBLE) in its expr) and rebuild the feature table, or train"
            + " a new version on the current types.",
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

  public static BallastException cannotExplain(String reference, String version, String stage) {
    return new BallastException(
        "Cannot explain the predictions of "
            + reference
            + " version "
            + version
            + ": its estimator stage is a "
            + stage
            + ", for which Ballast has no attribution method (it explains gbt, random_forest,"
            + " logistic_regression and xgboost models). Score without --explain, or retrain the"
            + " model with one of those algorithms.",
        null,
        2);
  }

  public static BallastException badExplainTop(int top) {
    return new BallastException(
        "Cannot explain predictions with --top "
            + top
            + ": the number of features listed per prediction must be 1 to 1000. Pass e.g."
            + " --top 5 (the default).",
        null,
        2);
  }

  private static String cannotScore(String model, String version) {
    return "Cannot score with " + model + " version " + version + ": ";
  }
}
