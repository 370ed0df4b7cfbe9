package io.ballast.jobs.calibration;

import io.ballast.features.BallastException;

/**
 * User errors of calibrating a model's scores. Every message "Cannot <do what>: <problem>. <how to
 * fix>", exit 2 (ARCHITECTURE.md, "Errors").
 */
public final class CalibrationErrors {
  private CalibrationErrors() {}

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
