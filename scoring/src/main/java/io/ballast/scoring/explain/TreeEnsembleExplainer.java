package io.ballast.scoring.explain;

import java.util.List;

/**
 * A weighted sum of trees ({@code margin = sum_i weight_i * tree_i(x)}: gradient boosting with its
 * tree weights, a random forest with 1/trees each), attributed tree by tree with {@link TreeShap}:
 * Shapley values are linear in the model, so the ensemble's are the weighted sum of its trees'.
 */
public final class TreeEnsembleExplainer implements SlotExplainer {
  private static final long serialVersionUID = 1L;
  private final AttributionTree[] trees;
  private final double[] weights;
  private final double base;
  private final int depth;

  public TreeEnsembleExplainer(List<AttributionTree> trees, double[] weights) {
    if (trees.size() != weights.length || trees.isEmpty()) {
      throw new IllegalStateException(
          "an ensemble needs one weight per tree: " + trees.size() + " trees, " + weights.length);
    }
    this.trees = trees.toArray(AttributionTree[]::new);
    this.weights = weights.clone();
    double b = 0;
    for (int i = 0; i < this.trees.length; i++) {
      b += weights[i] * this.trees[i].expectedValue();
    }
    this.base = b;
    int d = 0;
    for (AttributionTree t : this.trees) {
      d = Math.max(d, TreeShap.depth(t, 0));
    }
    this.depth = d;
  }

  @Override
  public double base() {
    return base;
  }

  @Override
  public double[] attribute(double[] x) {
    double[] phi = new double[x.length];
    TreeShap.Scratch scratch = TreeShap.scratch(depth);
    for (int i = 0; i < trees.length; i++) {
      TreeShap.add(trees[i], x, weights[i], phi, scratch);
    }
    return phi;
  }

  /** The ensemble's margin for {@code x}, computed from the plain trees. */
  public double margin(double[] x) {
    double m = 0;
    for (int i = 0; i < trees.length; i++) {
      m += weights[i] * trees[i].predict(x);
    }
    return m;
  }

  public int trees() {
    return trees.length;
  }
}
