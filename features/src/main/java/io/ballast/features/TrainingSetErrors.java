package io.ballast.features;

/**
 * User errors of a training set: its labels, which label days are mature and enough of them. Every
 * message "Cannot <do what>: <problem>. <how to fix>", exit 2 (ARCHITECTURE.md, "Errors").
 */
public final class TrainingSetErrors {
  private TrainingSetErrors() {}

  public static BallastException emptyLabels(String source, String from, String to) {
    return new BallastException(
        "Cannot build a training set: source "
            + source
            + " has no label events from "
            + from
            + " to "
            + to
            + ". Choose a range with labels (see ./ballast sql \"SELECT ds, count(*) FROM"
            + " ...\").",
        null,
        2);
  }

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
}
