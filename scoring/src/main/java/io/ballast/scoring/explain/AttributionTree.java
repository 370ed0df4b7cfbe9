package io.ballast.scoring.explain;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A binary decision tree as plain arrays, the form {@link TreeShap} walks: node {@code i} is a leaf
 * when {@code left[i] < 0}. An internal node sends a row left when its feature's value is {@code <=
 * threshold[i]} or, for a categorical split ({@code leftCategories[i] != null}), when the value is
 * one of those categories. {@code cover[i]} is the training weight that reached the node (what
 * path-dependent TreeSHAP uses as the probability of each branch); {@code value[i]} is a leaf's
 * output. Node 0 is the root.
 */
public record AttributionTree(
    int[] feature,
    double[] threshold,
    double[][] leftCategories,
    int[] left,
    int[] right,
    double[] cover,
    double[] value)
    implements Serializable {

  public AttributionTree {
    int n = feature.length;
    if (n == 0
        || threshold.length != n
        || leftCategories.length != n
        || left.length != n
        || right.length != n
        || cover.length != n
        || value.length != n) {
      throw new IllegalStateException("a tree needs at least one node and arrays of one length");
    }
  }

  public int size() {
    return feature.length;
  }

  public boolean isLeaf(int node) {
    return left[node] < 0;
  }

  /** Whether row {@code x} goes to the left child of internal node {@code node}. */
  public boolean goesLeft(int node, double[] x) {
    double v = x[feature[node]];
    double[] cats = leftCategories[node];
    if (cats == null) {
      return v <= threshold[node];
    }
    for (double c : cats) {
      if (c == v) {
        return true;
      }
    }
    return false;
  }

  /** The leaf value row {@code x} reaches: the tree's prediction. */
  public double predict(double[] x) {
    int node = 0;
    while (!isLeaf(node)) {
      node = goesLeft(node, x) ? left[node] : right[node];
    }
    return value[node];
  }

  /** The cover-weighted mean of the leaf values: the tree's expected output, its base value. */
  public double expectedValue() {
    return expected(0);
  }

  private double expected(int node) {
    if (isLeaf(node)) {
      return value[node];
    }
    int l = left[node];
    int r = right[node];
    double c = cover[l] + cover[r];
    if (c <= 0) {
      return (expected(l) + expected(r)) / 2;
    }
    return (cover[l] * expected(l) + cover[r] * expected(r)) / c;
  }

  /** The highest feature index a split reads (-1 for a single leaf). */
  public int maxFeature() {
    int max = -1;
    for (int i = 0; i < size(); i++) {
      if (!isLeaf(i)) {
        max = Math.max(max, feature[i]);
      }
    }
    return max;
  }

  /** Builds a tree node by node, in any order; for tests and the model converters. */
  public static final class Builder {
    private int n;
    private int[] feature = new int[8];
    private double[] threshold = new double[8];
    private double[][] leftCategories = new double[8][];
    private int[] left = new int[8];
    private int[] right = new int[8];
    private double[] cover = new double[8];
    private double[] value = new double[8];

    /** Adds a leaf and returns its index. */
    public int leaf(double leafValue, double leafCover) {
      int i = add(-1, Double.NaN, null, leafCover, leafValue);
      left[i] = -1;
      right[i] = -1;
      return i;
    }

    /** Adds an internal node (its children set later with {@link #children}) and its index. */
    public int split(int splitFeature, double splitThreshold, double nodeCover) {
      return add(splitFeature, splitThreshold, null, nodeCover, Double.NaN);
    }

    /** Adds a categorical split: left when the value is one of {@code categories}. */
    public int categorical(int splitFeature, double[] categories, double nodeCover) {
      return add(splitFeature, Double.NaN, categories.clone(), nodeCover, Double.NaN);
    }

    public Builder children(int node, int leftChild, int rightChild) {
      left[node] = leftChild;
      right[node] = rightChild;
      return this;
    }

    /** Sets a node's cover (e.g. once its children's are known). */
    public Builder cover(int node, double nodeCover) {
      cover[node] = nodeCover;
      return this;
    }

    private int add(int f, double t, double[] cats, double c, double v) {
      if (n == feature.length) {
        int m = n * 2;
        feature = Arrays.copyOf(feature, m);
        threshold = Arrays.copyOf(threshold, m);
        leftCategories = Arrays.copyOf(leftCategories, m);
        left = Arrays.copyOf(left, m);
        right = Arrays.copyOf(right, m);
        cover = Arrays.copyOf(cover, m);
        value = Arrays.copyOf(value, m);
      }
      feature[n] = f;
      threshold[n] = t;
      leftCategories[n] = cats;
      cover[n] = c;
      value[n] = v;
      return n++;
    }

    /** The tree, rooted at the first node added. */
    public AttributionTree build() {
      for (int i = 0; i < n; i++) {
        if (feature[i] >= 0 && (left[i] <= 0 || right[i] <= 0)) {
          throw new IllegalStateException("internal node " + i + " has no children set");
        }
      }
      return new AttributionTree(
          Arrays.copyOf(feature, n),
          Arrays.copyOf(threshold, n),
          Arrays.copyOf(leftCategories, n),
          Arrays.copyOf(left, n),
          Arrays.copyOf(right, n),
          Arrays.copyOf(cover, n),
          Arrays.copyOf(value, n));
    }
  }
}
