package io.ballast.features;

/**
 * User errors of scoring (its inputs and explanations). Split from {@link BallastErrors} as it
 * grew; the same shape: "Cannot <do what>: <problem>. <how to fix>", exit 2.
 */
public final class ScoringErrors {
  private ScoringErrors() {}

  public static BallastException featureTypesChanged(
      String model, String version, String file, java.util.List<String> changed) {
    return new BallastException(
        "Cannot score with "
            + model
            + " version "
            + version
            + ": "
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
}
