package io.ballast.scoring.explain;

import java.io.Serializable;

/**
 * A model's attributions for one row of its assembled feature vector, in the model's margin space:
 * {@link #base()} plus the sum of {@link #attribute} equals the margin the model computes for the
 * row (log-odds for gradient-boosted trees and logistic regression, the positive-class probability
 * for a random forest). Plain Java, serializable: broadcast with a Spark function as it is.
 */
public interface SlotExplainer extends Serializable {
  /** The attribution of an unknown row: the expected margin. */
  double base();

  /** One attribution per slot of {@code x} (the assembled vector, densified). */
  double[] attribute(double[] x);
}
