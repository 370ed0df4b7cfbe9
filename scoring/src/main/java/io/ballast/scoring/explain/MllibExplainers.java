package io.ballast.scoring.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;
import org.apache.spark.mllib.tree.impurity.ImpurityCalculator;

/**
 * Spark MLlib's fitted classifiers as {@link SlotExplainer}s, each in the space its probability is
 * computed from:
 *
 * <ul>
 *   <li>GBT: margin {@code m = sum_i treeWeight_i * tree_i(x)} of regression trees;
 *       GBTClassificationModel's probability is {@code 1 / (1 + exp(-2m))} (its raw prediction is
 *       {@code [-m, m]}), so the attributions are in units of {@code m}, half the log-odds.
 *   <li>Random forest: the positive-class probability, the mean over trees of each leaf's class-1
 *       share of its training counts (how RandomForestClassificationModel votes).
 *   <li>Logistic regression: the log-odds, exactly, against the training mean of each slot.
 * </ul>
 *
 * <p>Cover: MLlib keeps each node's training statistics ({@code impurityStats}, saved with the
 * model); their {@code count()} is the weighted number of training rows that reached the node
 * (sample weights included, after GBT/RF subsampling). That is the cover TreeSHAP needs.
 */
public final class MllibExplainers {
  private MllibExplainers() {}

  /**
   * The explainer of {@code model} (the pipeline's estimator stage), or empty when Ballast has no
   * attribution method for it. {@code scaler}: the stage that scaled the model's input, if any (a
   * logistic regression's baseline is the training mean, which the scaler recorded).
   */
  public static Optional<SlotExplainer> of(
      Transformer model, Optional<StandardScalerModel> scaler) {
    if (model instanceof GBTClassificationModel g) {
      List<AttributionTree> trees = new ArrayList<>();
      for (DecisionTreeRegressionModel t : g.trees()) {
        trees.add(convert(t.rootNode(), false));
      }
      return Optional.of(new TreeEnsembleExplainer(trees, g.treeWeights()));
    }
    if (model instanceof RandomForestClassificationModel rf) {
      DecisionTreeClassificationModel[] ts = rf.trees();
      List<AttributionTree> trees = new ArrayList<>();
      double[] w = new double[ts.length];
      for (int i = 0; i < ts.length; i++) {
        trees.add(convert(ts[i].rootNode(), true));
        w[i] = 1.0 / ts.length;
      }
      return Optional.of(new TreeEnsembleExplainer(trees, w));
    }
    if (model instanceof LogisticRegressionModel lr && lr.numClasses() == 2) {
      double[] coef = lr.coefficients().toArray();
      return Optional.of(
          new LinearExplainer(coef, lr.intercept(), scaledMean(coef.length, scaler)));
    }
    return Optional.empty();
  }

  /**
   * The training mean of each slot as the model sees it: the scaler's mean divided by its standard
   * deviation (a constant slot scales to 0). Without a scaler the baseline is the zero row, so the
   * base value is the intercept (Ballast always scales a logistic regression's input).
   */
  static double[] scaledMean(int n, Optional<StandardScalerModel> scaler) {
    double[] mean = new double[n];
    if (scaler.isEmpty()) {
      return mean;
    }
    StandardScalerModel s = scaler.get();
    double[] mu = s.mean().toArray();
    double[] sd = s.std().toArray();
    boolean withStd = s.getWithStd();
    boolean withMean = s.getWithMean();
    for (int j = 0; j < n; j++) {
      double centred = withMean ? 0.0 : mu[j];
      mean[j] = withStd ? (sd[j] == 0 ? 0.0 : centred / sd[j]) : centred;
    }
    return mean;
  }

  /**
   * One MLlib tree in plain form. Leaf values: the node's prediction (regression trees), or its
   * class-1 share of the training counts ({@code classProbability}).
   */
  static AttributionTree convert(Node root, boolean classProbability) {
    AttributionTree.Builder b = new AttributionTree.Builder();
    add(b, root, classProbability);
    return b.build();
  }

  private static int add(AttributionTree.Builder b, Node node, boolean classProbability) {
    double cover = cover(node.impurityStats());
    if (node instanceof LeafNode leaf) {
      double v = classProbability ? positiveShare(leaf.impurityStats()) : leaf.prediction();
      return b.leaf(v, cover);
    }
    InternalNode in = (InternalNode) node;
    Split s = in.split();
    int i;
    if (s instanceof ContinuousSplit c) {
      i = b.split(c.featureIndex(), c.threshold(), cover);
    } else if (s instanceof CategoricalSplit c) {
      i = b.categorical(c.featureIndex(), c.leftCategories(), cover);
    } else {
      throw new IllegalStateException("unknown MLlib split " + s.getClass().getName());
    }
    int l = add(b, in.leftChild(), classProbability);
    int r = add(b, in.rightChild(), classProbability);
    b.children(i, l, r);
    return i;
  }

  private static double cover(ImpurityCalculator stats) {
    return stats == null ? 0.0 : stats.count();
  }

  private static double positiveShare(ImpurityCalculator stats) {
    double[] counts = stats.stats();
    double total = 0;
    for (double c : counts) {
      total += c;
    }
    return total == 0 || counts.length < 2 ? 0.0 : counts[1] / total;
  }
}
