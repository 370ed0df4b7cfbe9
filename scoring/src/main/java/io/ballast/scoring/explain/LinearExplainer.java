package io.ballast.scoring.explain;

/**
 * A linear margin {@code intercept + sum_j coef_j * x_j} attributed exactly against a baseline row
 * {@code mean} (the training mean of each slot): {@code phi_j = coef_j * (x_j - mean_j)} and base
 * {@code intercept + sum_j coef_j * mean_j}, so base plus attributions is the margin. These are the
 * Shapley values of a linear model with independent features.
 */
public final class LinearExplainer implements SlotExplainer {
  private static final long serialVersionUID = 1L;
  private final double[] coef;
  private final double[] mean;
  private final double base;

  public LinearExplainer(double[] coef, double intercept, double[] mean) {
    if (coef.length != mean.length) {
      throw new IllegalStateException(
          "a linear model needs one mean per coefficient: " + coef.length + " vs " + mean.length);
    }
    this.coef = coef.clone();
    this.mean = mean.clone();
    double b = intercept;
    for (int j = 0; j < coef.length; j++) {
      b += coef[j] * mean[j];
    }
    this.base = b;
  }

  @Override
  public double base() {
    return base;
  }

  @Override
  public double[] attribute(double[] x) {
    double[] phi = new double[x.length];
    for (int j = 0; j < coef.length; j++) {
      phi[j] = coef[j] * (x[j] - mean[j]);
    }
    return phi;
  }
}
