package io.ballast.jobs.calibration;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A monotone map from a model's positive-class probability to a calibrated one, as plain Java so it
 * runs inside a Spark UDF and in tests alike.
 *
 * <p>Platt: {@code q = 1 / (1 + exp(-(slope * logit(p) + intercept)))}, with {@code p} clipped to
 * [1e-15, 1 - 1e-15]; a positive slope keeps the order of every pair of scores. Isotonic: the step
 * function fitted by pool-adjacent-violators, linear between its boundaries and constant outside
 * them (as MLlib's {@code IsotonicRegressionModel} predicts); it never reverses an order but may
 * tie scores that were distinct.
 */
public record CalibrationCurve(String method, double[] first, double[] second)
    implements Serializable {
  public static final String PLATT = "platt";
  public static final String ISOTONIC = "isotonic";
  private static final double EPS = 1e-15;

  public static CalibrationCurve platt(double slope, double intercept) {
    return new CalibrationCurve(PLATT, new double[] {slope, intercept}, new double[0]);
  }

  /** Boundaries ascending, one calibrated value per boundary. */
  public static CalibrationCurve isotonic(double[] boundaries, double[] values) {
    if (boundaries.length == 0 || boundaries.length != values.length) {
      throw new IllegalStateException(
          "isotonic calibration needs as many values as boundaries, at least one; got "
              + boundaries.length
              + " and "
              + values.length);
    }
    return new CalibrationCurve(ISOTONIC, boundaries.clone(), values.clone());
  }

  public static double logit(double p) {
    double c = Math.min(Math.max(p, EPS), 1 - EPS);
    return Math.log(c / (1 - c));
  }

  public double apply(double p) {
    if (Double.isNaN(p)) {
      return p;
    }
    if (PLATT.equals(method)) {
      return 1 / (1 + Math.exp(-(first[0] * logit(p) + first[1])));
    }
    double[] b = first;
    double[] v = second;
    if (p <= b[0]) {
      return v[0];
    }
    if (p >= b[b.length - 1]) {
      return v[v.length - 1];
    }
    int i = Arrays.binarySearch(b, p);
    if (i >= 0) {
      return v[i];
    }
    int hi = -i - 1;
    int lo = hi - 1;
    return v[lo] + (v[hi] - v[lo]) * (p - b[lo]) / (b[hi] - b[lo]);
  }

  @Override
  public String toString() {
    return PLATT.equals(method)
        ? String.format("platt(slope=%.6g, intercept=%.6g)", first[0], first[1])
        : "isotonic(" + first.length + " boundaries)";
  }
}
