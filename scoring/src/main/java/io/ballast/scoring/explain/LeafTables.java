package io.ballast.scoring.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One tree's path-dependent TreeSHAP with the row-independent part computed once per tree (the idea
 * of Fast TreeSHAP v2, Yang 2021, "Fast TreeSHAP: Accelerating SHAP Value Computation for Trees"),
 * giving the same values as {@link TreeShap} at O(nodes + leaves x depth) per row instead of
 * O(leaves x depth^2).
 *
 * <p>Why it works: a leaf {@code l} with value {@code v} and the distinct features {@code P} (d of
 * them) split on from the root to it adds to feature {@code i} of {@code P}
 *
 * <pre>
 *   v * (o_i - z_i) * sum over S in P\{i} with S in H of  c(|S|) * prod_{k in P\{i}\S} z_k
 * </pre>
 *
 * where {@code c(s) = s! (d-1-s)! / d!} (the Shapley weight), {@code z_k} is the product of the
 * cover shares of the branches toward the leaf at {@code k}'s splits, {@code o_k} is 1 when the
 * row's value of {@code k} takes all of those branches, else 0, and {@code H} is the set of {@code
 * k} with {@code o_k = 1} (a subset with any {@code o_k = 0} has weight 0). Only {@code H} depends
 * on the row, and only through d bits, so each leaf stores, for each {@code i} and each subset
 * {@code T} of {@code P\{i}}, {@code B_i(T) = v * sum_{S in T} c(|S|) prod_{k in P\{i}\S} z_k}:
 * {@code d * 2^(d-1)} numbers. A row then costs one pass over the nodes to find every leaf's {@code
 * H} (a bit cleared when the row leaves a branch) and one table read per leaf and path feature. The
 * table grows as {@code leaves * d * 2^(d-1)}: {@link #of} declines trees above a given size (deep
 * trees), which {@link TreeShap} attributes instead.
 *
 * <p>{@code B_i(T)} itself: with {@code Q = P\{i}\T} fixed, it is {@code v * prod_{Q} z *
 * sum_{s=0..|T|} c(s) e_{|T|-s}(z_T)}, {@code e_j} the elementary symmetric polynomials of the
 * {@code z} of {@code T}: sums of non-negative terms, accurate to rounding.
 */
final class LeafTables {
  /** Per internal node, pre-order (parents first): node, its bit in its leaves' masks. */
  private final int[] splitNodes;

  private final int[] splitBits;
  private final AttributionTree tree;

  /** Per leaf: its node, its number d of path features, where its features and table start. */
  private final int[] leafNodes;

  private final int[] leafDepths;
  private final int[] leafStarts;
  private final int[] tableStarts;

  /** Per leaf and path position, leaf after leaf: the feature and its z. */
  private final int[] pathFeatures;

  private final double[] pathZeros;

  /** Per leaf, per path position i, per subset T of the other positions: B_i(T). */
  private final double[] table;

  private LeafTables(
      AttributionTree tree,
      int[] splitNodes,
      int[] splitBits,
      int[] leafNodes,
      int[] leafDepths,
      int[] leafStarts,
      int[] tableStarts,
      int[] pathFeatures,
      double[] pathZeros,
      double[] table) {
    this.tree = tree;
    this.splitNodes = splitNodes;
    this.splitBits = splitBits;
    this.leafNodes = leafNodes;
    this.leafDepths = leafDepths;
    this.leafStarts = leafStarts;
    this.tableStarts = tableStarts;
    this.pathFeatures = pathFeatures;
    this.pathZeros = pathZeros;
    this.table = table;
  }

  /** The number of table entries {@link #of} would allocate for {@code tree}. */
  static long entries(AttributionTree tree) {
    return entries(tree, 0, new ArrayList<>());
  }

  private static long entries(AttributionTree tree, int node, List<Integer> features) {
    if (tree.isLeaf(node)) {
      int d = features.size();
      return d == 0 ? 0 : (long) d << (d - 1);
    }
    Integer f = tree.feature()[node];
    boolean added = !features.contains(f);
    if (added) {
      features.add(f);
    }
    long n =
        entries(tree, tree.left()[node], features) + entries(tree, tree.right()[node], features);
    if (added) {
      features.remove(features.size() - 1);
    }
    return n;
  }

  /** The tables of {@code tree}, or empty when they would exceed {@code maxEntries} numbers. */
  static Optional<LeafTables> of(AttributionTree tree, long maxEntries) {
    long n = entries(tree);
    if (n > maxEntries || n > Integer.MAX_VALUE - 8) {
      return Optional.empty();
    }
    Builder b = new Builder(tree, (int) n);
    b.visit(0, new int[TreeShap.depth(tree, 0)], new double[TreeShap.depth(tree, 0)], 0);
    return Optional.of(b.build());
  }

  /** The number of table entries held. */
  long entries() {
    return table.length;
  }

  /** The number of nodes: the size of the {@code hot} array {@link #add} needs. */
  int nodes() {
    return tree.size();
  }

  /**
   * Adds {@code scale} times the tree's Shapley values for row {@code x} to {@code phi}; {@code
   * hot} is working memory of at least {@link #nodes()} ints.
   */
  void add(double[] x, double scale, double[] phi, int[] hot) {
    int[] left = tree.left();
    int[] right = tree.right();
    // hot[node]: bit b set while the row took every branch on the way to node at the splits on
    // its leaves' path feature b
    hot[0] = -1;
    for (int s = 0; s < splitNodes.length; s++) {
      int node = splitNodes[s];
      int mask = hot[node];
      int cleared = mask & ~(1 << splitBits[s]);
      boolean goesLeft = tree.goesLeft(node, x);
      hot[left[node]] = goesLeft ? mask : cleared;
      hot[right[node]] = goesLeft ? cleared : mask;
    }
    for (int l = 0; l < leafNodes.length; l++) {
      int d = leafDepths[l];
      int h = hot[leafNodes[l]] & ((1 << d) - 1);
      int start = leafStarts[l];
      int subsets = 1 << (d - 1);
      int row = tableStarts[l];
      for (int i = 0; i < d; i++, row += subsets) {
        // T = H without bit i, the bits above i moved down by one
        int t = (h & ((1 << i) - 1)) | ((h >>> (i + 1)) << i);
        double o = (h >>> i) & 1;
        phi[pathFeatures[start + i]] += scale * (o - pathZeros[start + i]) * table[row + t];
      }
    }
  }

  /** Walks the tree once, collecting the splits' bits, the leaves' paths and their tables. */
  private static final class Builder {
    private final AttributionTree tree;
    private final List<Integer> splitNodes = new ArrayList<>();
    private final List<Integer> splitBits = new ArrayList<>();
    private final List<Integer> leafNodes = new ArrayList<>();
    private final List<Integer> leafDepths = new ArrayList<>();
    private final List<Integer> leafStarts = new ArrayList<>();
    private final List<Integer> tableStarts = new ArrayList<>();
    private final List<Integer> pathFeatures = new ArrayList<>();
    private final List<Double> pathZeros = new ArrayList<>();
    private final double[] table;
    private int filled;

    Builder(AttributionTree tree, int entries) {
      this.tree = tree;
      this.table = new double[entries];
    }

    /** Visits {@code node} below {@code d} distinct path features {@code fs}, with {@code zs}. */
    void visit(int node, int[] fs, double[] zs, int d) {
      if (tree.isLeaf(node)) {
        if (d > 0) {
          leaf(node, fs, zs, d);
        }
        return;
      }
      int f = tree.feature()[node];
      int bit = d;
      for (int k = 0; k < d; k++) {
        if (fs[k] == f) {
          bit = k;
        }
      }
      splitNodes.add(node);
      splitBits.add(bit);
      int l = tree.left()[node];
      int r = tree.right()[node];
      double covered = tree.cover()[l] + tree.cover()[r];
      int below = bit == d ? d + 1 : d;
      double before = bit == d ? 1.0 : zs[bit];
      fs[bit] = f;
      zs[bit] = before * (covered > 0 ? tree.cover()[l] / covered : 0.5);
      visit(l, fs, zs, below);
      zs[bit] = before * (covered > 0 ? tree.cover()[r] / covered : 0.5);
      visit(r, fs, zs, below);
      zs[bit] = before;
    }

    private void leaf(int node, int[] fs, double[] zs, int d) {
      leafNodes.add(node);
      leafDepths.add(d);
      leafStarts.add(pathFeatures.size());
      tableStarts.add(filled);
      for (int k = 0; k < d; k++) {
        pathFeatures.add(fs[k]);
        pathZeros.add(zs[k]);
      }
      double[] c = shapleyWeights(d);
      double v = tree.value()[node];
      double[] zt = new double[d];
      double[] e = new double[d + 1];
      for (int i = 0; i < d; i++) {
        for (int t = 0; t < 1 << (d - 1); t++) {
          // position k of the path is bit k of t below i, bit k-1 above i
          int m = 0;
          double outside = 1.0;
          for (int k = 0; k < d; k++) {
            if (k == i) {
              continue;
            }
            int bit = k < i ? k : k - 1;
            if ((t >>> bit & 1) != 0) {
              zt[m++] = zs[k];
            } else {
              outside *= zs[k];
            }
          }
          symmetric(zt, m, e);
          double sum = 0;
          for (int s = 0; s <= m; s++) {
            sum += c[s] * e[m - s];
          }
          table[filled++] = v * outside * sum;
        }
      }
    }

    LeafTables build() {
      return new LeafTables(
          tree,
          ints(splitNodes),
          ints(splitBits),
          ints(leafNodes),
          ints(leafDepths),
          ints(leafStarts),
          ints(tableStarts),
          ints(pathFeatures),
          pathZeros.stream().mapToDouble(Double::doubleValue).toArray(),
          table);
    }

    private static int[] ints(List<Integer> xs) {
      return xs.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** {@code c(s) = s! (d-1-s)! / d!} for s = 0..d-1, the weight of a subset of s others. */
  static double[] shapleyWeights(int d) {
    double[] c = new double[d];
    // c(0) = (d-1)!/d! = 1/d; c(s+1) = c(s) * (s+1) / (d-1-s)
    c[0] = 1.0 / d;
    for (int s = 0; s + 1 < d; s++) {
      c[s + 1] = c[s] * (s + 1) / (d - 1 - s);
    }
    return c;
  }

  /** The elementary symmetric polynomials e_0..e_m of {@code z[0..m)} into {@code e}. */
  static void symmetric(double[] z, int m, double[] e) {
    e[0] = 1.0;
    for (int j = 1; j <= m; j++) {
      e[j] = 0.0;
    }
    for (int k = 0; k < m; k++) {
      for (int j = k + 1; j >= 1; j--) {
        e[j] += z[k] * e[j - 1];
      }
    }
  }
}
