package io.ballast.scoring.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The precomputed tables against {@link TreeShap}'s per-row recursion (itself checked against the
 * subset-sum definition in {@link TreeShapTest}), on random trees with repeated features,
 * categorical splits, values on the thresholds and branches no training weight reached.
 */
class LeafTablesTest {
  static final double EPS = 1e-12;

  @Test
  void depthTwoTreeMatchesTheHandComputation() {
    LeafTables t = LeafTables.of(TreeShapTest.depthTwo(), Long.MAX_VALUE).orElseThrow();
    double[] phi = new double[2];

    t.add(new double[] {0, 1}, 1.0, phi, new int[t.nodes()]);

    assertThat(phi).containsExactly(new double[] {-4.0 / 3, 8.0 / 15}, within(EPS));
  }

  @Test
  void randomTreesGiveTreeShapsValues() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int m = 1 + rnd.nextInt(6);
      AttributionTree tree = randomTree(rnd, m, rnd.nextInt(7));
      LeafTables t = LeafTables.of(tree, Long.MAX_VALUE).orElseThrow();
      int[] hot = new int[t.nodes()];
      for (int row = 0; row < 4; row++) {
        double[] x = row(rnd, m);
        double[] phi = new double[m];
        t.add(x, 1.0, phi, hot);
        assertThat(phi)
            .as("trial %d row %d", trial, row)
            .containsExactly(TreeShap.values(tree, x), within(EPS));
      }
    }
  }

  @Test
  void ensembleWithTablesMatchesTheRecursionAndSumsToTheMargin() {
    Random rnd = new Random(3);
    for (int trial = 0; trial < 20; trial++) {
      int m = 2 + rnd.nextInt(5);
      List<AttributionTree> trees = new ArrayList<>();
      double[] w = new double[1 + rnd.nextInt(12)];
      for (int i = 0; i < w.length; i++) {
        trees.add(randomTree(rnd, m, 1 + rnd.nextInt(6)));
        w[i] = rnd.nextDouble();
      }
      TreeEnsembleExplainer tabled = new TreeEnsembleExplainer(trees, w);
      TreeEnsembleExplainer recursive = new TreeEnsembleExplainer(trees, w, -1);
      assertThat(tabled.tabled()).isEqualTo(w.length);
      assertThat(recursive.tabled()).isZero();
      for (int row = 0; row < 5; row++) {
        double[] x = row(rnd, m);
        double[] phi = tabled.attribute(x);
        assertThat(phi).containsExactly(recursive.attribute(x), within(EPS));
        double sum = tabled.base();
        for (double v : phi) {
          sum += v;
        }
        assertThat(sum).isCloseTo(tabled.margin(x), within(1e-9));
      }
    }
  }

  @Test
  void treesWhoseTablesWouldBeTooLargeUseTheRecursion() {
    // a full tree of depth 8 on 8 features: 256 leaves x 8 x 2^7 = 262,144 numbers
    AttributionTree deep = full(new AttributionTree.Builder(), 0, 8).build();
    AttributionTree shallow = full(new AttributionTree.Builder(), 0, 3).build();
    TreeEnsembleExplainer e =
        new TreeEnsembleExplainer(List.of(deep, shallow), new double[] {1, 1});

    assertThat(LeafTables.entries(deep)).isEqualTo(262_144L);
    assertThat(e.tabled()).isEqualTo(1);
    double[] x = {0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9};
    double[] phi = e.attribute(x);
    double[] expected = TreeShap.values(deep, x);
    double[] s = TreeShap.values(shallow, x);
    for (int j = 0; j < x.length; j++) {
      expected[j] += s[j];
    }
    assertThat(phi).containsExactly(expected, within(EPS));
  }

  /** A full tree: the node at depth k splits feature k at 0.5, leaves valued by their path. */
  private static AttributionTree.Builder full(AttributionTree.Builder b, int depth, int max) {
    grow(b, depth, max, 0);
    return b;
  }

  private static int grow(AttributionTree.Builder b, int depth, int max, int path) {
    if (depth == max) {
      return b.leaf(path % 7 - 3, 1 + path % 5);
    }
    int node = b.split(depth, 0.5, 0);
    int l = grow(b, depth + 1, max, path * 2);
    int r = grow(b, depth + 1, max, path * 2 + 1);
    b.children(node, l, r);
    return node;
  }

  /** Values on a coarse grid (so some equal a threshold or a category) or anywhere in [0, 1). */
  private static double[] row(Random rnd, int m) {
    double[] x = new double[m];
    for (int j = 0; j < m; j++) {
      x[j] = rnd.nextBoolean() ? rnd.nextInt(4) / 4.0 : rnd.nextDouble();
    }
    return x;
  }

  /**
   * A random tree of at most {@code depth} over {@code m} features: features repeat on paths, some
   * splits are categorical, some leaves have no cover (and some nodes none below them).
   */
  static AttributionTree randomTree(Random rnd, int m, int depth) {
    AttributionTree.Builder b = new AttributionTree.Builder();
    grow(b, rnd, m, depth);
    return b.build();
  }

  /** Returns the node's index and its cover. */
  private static double[] grow(AttributionTree.Builder b, Random rnd, int m, int depth) {
    if (depth == 0 || rnd.nextDouble() < 0.15) {
      double cover = rnd.nextDouble() < 0.1 ? 0 : 1 + rnd.nextInt(20);
      return new double[] {b.leaf(rnd.nextGaussian(), cover), cover};
    }
    int f = rnd.nextInt(m);
    int node =
        rnd.nextDouble() < 0.2
            ? b.categorical(f, new double[] {rnd.nextInt(4) / 4.0}, 0)
            : b.split(f, rnd.nextInt(4) / 4.0, 0);
    double[] l = grow(b, rnd, m, depth - 1);
    double[] r = grow(b, rnd, m, depth - 1);
    b.children(node, (int) l[0], (int) r[0]).cover(node, l[1] + r[1]);
    return new double[] {node, l[1] + r[1]};
  }
}
