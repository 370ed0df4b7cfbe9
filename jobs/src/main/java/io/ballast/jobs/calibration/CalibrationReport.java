package io.ballast.jobs.calibration;

/**
 * How calibration changed a model's scores: the fitted curve (on the validation window) and the
 * reliability before and after on the validation window (where it was fitted) and on the test
 * window (held out from both the fit and the calibration).
 */
public record CalibrationReport(
    String method,
    String curve,
    Reliability validationBefore,
    Reliability validationAfter,
    Reliability testBefore,
    Reliability testAfter) {}
