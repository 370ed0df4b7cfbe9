package io.ballast.scoring.explain;

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, "Consistent Individualized Feature
 * Attribution for Tree Ensembles", Algorithm 2): the Shapley values of one tree's output for one
 * row, where "feature j unknown" means averaging over both branches of j's splits in proportion to
 * their training cover. Cost O(leaves * depth^2) per row instead of the exponential sum over
 * subsets.
 *
 * <p>How it works: walking from the root, the algorithm keeps the path of distinct features split
 * on so far; for each it keeps the fraction of "feature unknown" weight flowing down ({@code zero}:
 * the product of cover ratios of the branches taken) and of "feature known" weight ({@code one}: 1
 * while the row's own value agrees with the branch, else 0), plus, per subset size, the summed
 * Shapley weight {@code w} of all subsets of the path's features of that size (EXTEND adds one
 * feature to those sums, UNWIND takes one out exactly). At a leaf, each path feature's attribution
 * grows by the leaf value times (one - zero) times the total weight of subsets without it. A
 * feature met twice on a path is unwound and re-extended with the product of its fractions.
 *
 * <p>The values plus {@link AttributionTree#expectedValue()} sum to the tree's prediction for the
 * row (local accuracy). Plain Java, no Spark: unit-tested against the subset-sum definition.
 *
 * <p>{@link LeafTables} gives the same values several times faster by computing the part that
 * depends only on the tree once; this per-row recursion is its reference in the tests and the
 * method for trees too deep for tables.
 */
public final class TreeShap {
  private TreeShap() {}

  /** The tree's Shapley values for row {@code x}, one per feature index, as a new array. */
  public static double[] values(AttributionTree tree, double[] x) {
    double[] phi = new double[x.length];
    add(tree, x, 1.0, phi);
    return phi;
  }

  /** Adds {@code scale} times the tree's Shapley values for row {@code x} to {@code phi}. */
  public static void add(AttributionTree tree, double[] x, double scale, double[] phi) {
    add(tree, x, scale, phi, scratch(depth(tree, 0)));
  }

  /**
   * As {@link #add(AttributionTree, double[], double, double[])} with working memory from {@link
   * #scratch} for trees up to that depth, reused across the trees of a row (not across threads).
   */
  public static void add(
      AttributionTree tree, double[] x, double scale, double[] phi, Scratch scratch) {
    if (tree.isLeaf(0)) {
      return;
    }
    recurse(tree, x, scale, phi, scratch.path, 0, 0, 0, 1.0, 1.0, -1);
  }

  /** Working memory for trees of at most {@code depth} edges from root to leaf. */
  public static Scratch scratch(int depth) {
    return new Scratch(new Path(depth + 1, depth + 2));
  }

  /** See {@link #scratch}. */
  public static final class Scratch {
    private final Path path;

    private Scratch(Path path) {
      this.path = path;
    }
  }

  /** The number of edges on the longest root-to-leaf path below {@code node}. */
  static int depth(AttributionTree tree, int node) {
    if (tree.isLeaf(node)) {
      return 0;
    }
    return 1 + Math.max(depth(tree, tree.left()[node]), depth(tree, tree.right()[node]));
  }

  /**
   * The path's elements per recursion level: level {@code l}'s elements are a copy of its parent
   * level's, extended by one, so returning from a child needs no undo.
   */
  private static final class Path {
    final int[][] feature;
    final double[][] zero;
    final double[][] one;
    final double[][] weight;

    Path(int levels, int length) {
      feature = new int[levels][length];
      zero = new double[levels][length];
      one = new double[levels][length];
      weight = new double[levels][length];
    }
  }

  /**
   * Visits {@code node} at recursion {@code level}, whose parent's path has {@code len} elements,
   * entering it with the fractions {@code pz} and {@code po} of the split feature {@code pf}.
   */
  private static void recurse(
      AttributionTree tree,
      double[] x,
      double scale,
      double[] phi,
      Path p,
      int node,
      int level,
      int len,
      double pz,
      double po,
      int pf) {
    int[] d = p.feature[level];
    double[] z = p.zero[level];
    double[] o = p.one[level];
    double[] w = p.weight[level];
    if (level > 0) {
      System.arraycopy(p.feature[level - 1], 0, d, 0, len);
      System.arraycopy(p.zero[level - 1], 0, z, 0, len);
      System.arraycopy(p.one[level - 1], 0, o, 0, len);
      System.arraycopy(p.weight[level - 1], 0, w, 0, len);
    }
    extend(d, z, o, w, len, pz, po, pf);
    len++;
    if (tree.isLeaf(node)) {
      double v = tree.value()[node] * scale;
      // element 0 is the empty start of the path, not a feature
      for (int i = 1; i < len; i++) {
        if (o[i] != z[i]) {
          phi[d[i]] += unwoundSum(z, o, w, len, i) * (o[i] - z[i]) * v;
        }
      }
      return;
    }
    int f = tree.feature()[node];
    int l = tree.left()[node];
    int r = tree.right()[node];
    boolean left = tree.goesLeft(node, x);
    int hot = left ? l : r;
    int cold = left ? r : l;
    double covered = tree.cover()[l] + tree.cover()[r];
    double hotShare = covered > 0 ? tree.cover()[hot] / covered : 0.5;
    double coldShare = covered > 0 ? tree.cover()[cold] / covered : 0.5;
    double iz = 1.0;
    double io = 1.0;
    for (int k = 1; k < len; k++) {
      if (d[k] == f) {
        iz = z[k];
        io = o[k];
        unwind(d, z, o, w, len, k);
        len--;
        break;
      }
    }
    // a branch neither training weight nor the row reaches (zero and one both 0) adds nothing: all
    // its subset weights are zero, and unwinding its feature would divide by zero
    if (iz * hotShare > 0 || io != 0) {
      recurse(tree, x, scale, phi, p, hot, level + 1, len, iz * hotShare, io, f);
    }
    if (iz * coldShare > 0) {
      recurse(tree, x, scale, phi, p, cold, level + 1, len, iz * coldShare, 0.0, f);
    }
  }

  /** Appends feature {@code pf} with fractions {@code pz}, {@code po} to a path of {@code len}. */
  private static void extend(
      int[] d, double[] z, double[] o, double[] w, int len, double pz, double po, int pf) {
    d[len] = pf;
    z[len] = pz;
    o[len] = po;
    w[len] = len == 0 ? 1.0 : 0.0;
    for (int i = len - 1; i >= 0; i--) {
      w[i + 1] += po * w[i] * (i + 1) / (len + 1);
      w[i] = pz * w[i] * (len - i) / (len + 1);
    }
  }

  /** Removes element {@code k} from a path of {@code len}: the inverse of its {@link #extend}. */
  private static void unwind(int[] d, double[] z, double[] o, double[] w, int len, int k) {
    int u = len - 1;
    double ok = o[k];
    double zk = z[k];
    double next = w[u];
    for (int i = u - 1; i >= 0; i--) {
      if (ok != 0) {
        double before = w[i];
        w[i] = next * (u + 1) / ((i + 1) * ok);
        next = before - w[i] * zk * (u - i) / (u + 1);
      } else {
        w[i] = w[i] * (u + 1) / (zk * (u - i));
      }
    }
    for (int i = k; i < u; i++) {
      d[i] = d[i + 1];
      z[i] = z[i + 1];
      o[i] = o[i + 1];
    }
  }

  /** The total weight {@link #unwind} would leave for element {@code k}, path unchanged. */
  private static double unwoundSum(double[] z, double[] o, double[] w, int len, int k) {
    int u = len - 1;
    double ok = o[k];
    double zk = z[k];
    double next = w[u];
    double total = 0;
    for (int i = u - 1; i >= 0; i--) {
      if (ok != 0) {
        double t = next * (u + 1) / ((i + 1) * ok);
        total += t;
        next = w[i] - t * zk * (u - i) / (u + 1);
      } else {
        total += w[i] * (u + 1) / (zk * (u - i));
      }
    }
    return total;
  }
}
