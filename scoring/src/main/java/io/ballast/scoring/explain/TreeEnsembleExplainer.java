package io.ballast.scoring.explain;

import java.util.List;

/**
 * A weighted sum of trees ({@code margin = sum_i weight_i * tree_i(x)}: gradient boosting with its
 * tree weights, a random forest with 1/trees each), attributed tree by tree: Shapley values are
 * linear in the model, so the ensemble's are the weighted sum of its trees'.
 *
 * <p>Each tree is attributed with its {@link LeafTables} (built on first use in each copy of the
 * explainer, i.e. once per task on an executor, not shipped with it) while they stay within {@link
 * #MAX_TABLE_ENTRIES} numbers, else with {@link TreeShap}; both give the same values. Working
 * memory is one set per thread, reused across rows.
 */
public final class TreeEnsembleExplainer implements SlotExplainer {
  private static final long serialVersionUID = 2L;

  /**
   * The most numbers one tree's tables may hold (512 KiB): a full tree of depth 7 needs 57,344, of
   * depth 5 2,560; deeper trees use {@link TreeShap}.
   */
  static final long MAX_TABLE_ENTRIES = 1L << 16;

  /** The most numbers all trees' tables may hold together (32 MiB per copy). */
  static final long MAX_ENSEMBLE_ENTRIES = 1L << 22;

  private final AttributionTree[] trees;
  private final double[] weights;
  private final double base;
  private final int depth;
  private final long maxTableEntries;
  private transient volatile Prepared prepared;

  public TreeEnsembleExplainer(List<AttributionTree> trees, double[] weights) {
    this(trees, weights, MAX_TABLE_ENTRIES);
  }

  /** With {@code maxTableEntries} per tree (-1: {@link TreeShap} for every tree; for tests). */
  TreeEnsembleExplainer(List<AttributionTree> trees, double[] weights, long maxTableEntries) {
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
    this.maxTableEntries = maxTableEntries;
  }

  @Override
  public double base() {
    return base;
  }

  @Override
  public double[] attribute(double[] x) {
    double[] phi = new double[x.length];
    Prepared p = prepared();
    Work w = p.work.get();
    for (int i = 0; i < trees.length; i++) {
      LeafTables t = p.tables[i];
      if (t != null) {
        t.add(x, weights[i], phi, w.hot);
      } else {
        TreeShap.add(trees[i], x, weights[i], phi, w.scratch);
      }
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

  /** How many trees are attributed with {@link LeafTables} (the rest with {@link TreeShap}). */
  int tabled() {
    int n = 0;
    for (LeafTables t : prepared().tables) {
      n += t == null ? 0 : 1;
    }
    return n;
  }

  private Prepared prepared() {
    Prepared p = prepared;
    if (p == null) {
      // racing threads may each build it; they build the same thing
      p = new Prepared(trees, maxTableEntries, depth);
      prepared = p;
    }
    return p;
  }

  /**
   * The tables (null for a tree attributed with {@link TreeShap}) and per-thread working memory.
   */
  private static final class Prepared {
    final LeafTables[] tables;
    final ThreadLocal<Work> work;

    Prepared(AttributionTree[] trees, long maxTableEntries, int depth) {
      tables = new LeafTables[trees.length];
      long budget = MAX_ENSEMBLE_ENTRIES;
      int nodes = 0;
      for (int i = 0; i < trees.length; i++) {
        tables[i] = LeafTables.of(trees[i], Math.min(maxTableEntries, budget)).orElse(null);
        budget -= tables[i] == null ? 0 : tables[i].entries();
        nodes = Math.max(nodes, trees[i].size());
      }
      int size = nodes;
      work = ThreadLocal.withInitial(() -> new Work(new int[size], TreeShap.scratch(depth)));
    }
  }

  private record Work(int[] hot, TreeShap.Scratch scratch) {}
}
