package io.ballast.features;

/**
 * User errors of training: label maturity, window minimums, calibration. Split from {@link
 * BallastErrors} as it grew; the same shape: "Cannot <do what>: <problem>. <how to fix>", exit 2.
 */
public final class TrainingErrors {
  private TrainingErrors() {}

  public static BallastException knownByAfterAsOf(String knownBy, String asOf) {
    return new BallastException(
        "Cannot train as of "
            + asOf
            + ": --known-by "
            + knownBy
            + " is later than --as-of, so the model would learn from labels that arrived after the"
            + " day it is trained on. Pass a --known-by on or before "
            + asOf
            + ", or leave it out (it defaults to --as-of).",
        null,
        2);
  }

  public static BallastException tooFewLabels(
      String model, String problems, String knownBy, String maturity, String lastDay) {
    return new BallastException(
        "Cannot train model "
            + model
            + ": "
            + problems
            + ", counting labels known by "
            + knownBy
            + " of label days up to "
            + lastDay
            + " (maturity "
            + maturity
            + "). Train at a later --as-of so more label days are mature, widen the window in the"
            + " model definition, or lower label.min_labels / label.min_positives.",
        null,
        2);
  }

  public static BallastException calibrationReverses(String model, double slope) {
    return new BallastException(
        "Cannot calibrate model "
            + model
            + ": Platt scaling on the validation window gave slope "
            + slope
            + " (<= 0), which would reverse the ranking of the scores; the model ranks the"
            + " validation labels no better than chance. Set calibration: isotonic or none in the"
            + " model definition, or use a longer validation window.",
        null,
        2);
  }
}
