package io.ballast.scoring.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** TreeSHAP against a hand computation and against the subset-sum definition of Shapley values. */
class TreeShapTest {
  static final double EPS = 1e-9;

  /**
   * Depth 2: root "x0 <= 0.5" (cover 10); left: "x1 <= 0.5" (cover 6) with leaves 1 (cover 2) and 3
   * (cover 4); right: leaf 6 (cover 4).
   */
  static AttributionTree depthTwo() {
    AttributionTree.Builder b = new AttributionTree.Builder();
    int root = b.split(0, 0.5, 10);
    int inner = b.split(1, 0.5, 6);
    int ll = b.leaf(1, 2);
    int lr = b.leaf(3, 4);
    int right = b.leaf(6, 4);
    b.children(root, inner, right).children(inner, ll, lr);
    return b.build();
  }

  @Test
  void depthTwoTreeMatchesTheHandComputation() {
    AttributionTree t = depthTwo();
    double[] x = {0, 1}; // left at the root, right at x1: the leaf 3
    // f(S): the expected output knowing only the features in S, unknown splits weighted by cover
    //   f({})     = 0.6 * (2/6 * 1 + 4/6 * 3) + 0.4 * 6 = 0.6 * 7/3 + 2.4 = 3.8
    //   f({x0})   = 7/3                      (left, then x1 unknown)
    //   f({x1})   = 0.6 * 3 + 0.4 * 6 = 4.2  (x0 unknown, x1 = 1 goes to leaf 3)
    //   f({x0,x1}) = 3
    // phi0 = 1/2 * [(f({x0}) - f({})) + (f({x0,x1}) - f({x1}))]
    //      = 1/2 * [(7/3 - 3.8) + (3 - 4.2)] = 1/2 * (-22/15 - 18/15) = -4/3
    // phi1 = 1/2 * [(f({x1}) - f({})) + (f({x0,x1}) - f({x0}))]
    //      = 1/2 * [0.4 + 2/3] = 8/15
    double[] phi = TreeShap.values(t, x);

    assertThat(phi[0]).isCloseTo(-4.0 / 3, within(EPS));
    assertThat(phi[1]).isCloseTo(8.0 / 15, within(EPS));
    assertThat(t.expectedValue()).isCloseTo(3.8, within(EPS));
    assertThat(t.expectedValue() + phi[0] + phi[1]).isCloseTo(t.predict(x), within(EPS));
  }

  @Test
  void aFeatureTheRowNeverReachesGetsNothing() {
    double[] phi = TreeShap.values(depthTwo(), new double[] {1, 0, 5});

    // right at the root: x1's split is not on the row's path, but x1 still matters through
    // f({x1}) vs f({}); x2 is split on nowhere
    assertThat(phi[2]).isZero();
    assertThat(3.8 + phi[0] + phi[1]).isCloseTo(6, within(EPS));
  }

  @Test
  void categoricalSplitGoesLeftOnItsCategories() {
    AttributionTree.Builder b = new AttributionTree.Builder();
    int root = b.categorical(0, new double[] {1, 2}, 4);
    int l = b.leaf(10, 1);
    int r = b.leaf(2, 3);
    b.children(root, l, r);
    AttributionTree t = b.build();

    // one feature: phi = f(x) - E f = 10 - (1 * 10 + 3 * 2) / 4 = 10 - 4 = 6
    assertThat(TreeShap.values(t, new double[] {2})[0]).isCloseTo(6, within(EPS));
    assertThat(TreeShap.values(t, new double[] {0})[0]).isCloseTo(-2, within(EPS));
  }

  @Test
  void randomTreesWithRepeatedFeaturesMatchTheSubsetSum() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int m = 4;
      AttributionTree t = randomTree(rnd, m, 1 + rnd.nextInt(5));
      double[] x = new double[m];
      for (int j = 0; j < m; j++) {
        x[j] = rnd.nextDouble();
      }
      double[] fast = TreeShap.values(t, x);
      double[] exact = bruteForce(t, x);
      assertThat(fast).as("trial %d", trial).containsExactly(exact, within(1e-9));
      double sum = t.expectedValue();
      for (double v : fast) {
        sum += v;
      }
      assertThat(sum).isCloseTo(t.predict(x), within(1e-9));
    }
  }

  @Test
  void aBranchNeitherTheRowNorTrainingWeightReachesAddsNothing() {
    // root: x1 <= 0.5 (right: a), a: x0 <= 0.5 (left: c), c: x0 <= 0.25 with no training weight
    // on its right: d, whose split on x0 again would unwind a feature with zero and one both 0
    AttributionTree.Builder b = new AttributionTree.Builder();
    int root = b.split(1, 0.5, 10);
    int l1 = b.leaf(1, 5);
    int a = b.split(0, 0.5, 5);
    int c = b.split(0, 0.25, 3);
    int r2 = b.leaf(2, 2);
    int l3 = b.leaf(-1, 3);
    int d = b.split(0, 0.7, 0);
    int l4 = b.leaf(5, 0);
    int r4 = b.leaf(6, 0);
    b.children(root, l1, a).children(a, c, r2).children(c, l3, d).children(d, l4, r4);
    AttributionTree t = b.build();
    double[] x = {0.9, 0.9};

    double[] exact = bruteForce(t, x);
    assertThat(TreeShap.values(t, x)).containsExactly(exact, within(EPS));
    LeafTables tables = LeafTables.of(t, Long.MAX_VALUE).orElseThrow();
    double[] phi = new double[2];
    tables.add(x, 1.0, phi, new int[tables.nodes()]);
    assertThat(phi).containsExactly(exact, within(EPS));
  }

  /** A random tree of the given depth over {@code m} features; features repeat on paths. */
  static AttributionTree randomTree(Random rnd, int m, int depth) {
    AttributionTree.Builder b = new AttributionTree.Builder();
    grow(b, rnd, m, depth);
    return b.build();
  }

  /** Returns the node's index and its cover (children's covers sum to it). */
  private static double[] grow(AttributionTree.Builder b, Random rnd, int m, int depth) {
    if (depth == 0 || rnd.nextDouble() < 0.2) {
      double cover = 1 + rnd.nextInt(20);
      return new double[] {b.leaf(rnd.nextGaussian(), cover), cover};
    }
    int node = b.split(rnd.nextInt(m), rnd.nextDouble(), 0);
    double[] l = grow(b, rnd, m, depth - 1);
    double[] r = grow(b, rnd, m, depth - 1);
    b.children(node, (int) l[0], (int) r[0]).cover(node, l[1] + r[1]);
    return new double[] {node, l[1] + r[1]};
  }

  /** Shapley values by their definition: a weighted sum over all subsets of the other features. */
  static double[] bruteForce(AttributionTree t, double[] x) {
    int m = x.length;
    double[] phi = new double[m];
    for (int i = 0; i < m; i++) {
      for (int s = 0; s < (1 << m); s++) {
        if ((s & (1 << i)) != 0) {
          continue;
        }
        int size = Integer.bitCount(s);
        double weight = factorial(size) * factorial(m - size - 1) / factorial(m);
        phi[i] += weight * (known(t, x, s | (1 << i), 0) - known(t, x, s, 0));
      }
    }
    return phi;
  }

  /** The expected output when only the features in bit set {@code s} are known. */
  private static double known(AttributionTree t, double[] x, int s, int node) {
    if (t.isLeaf(node)) {
      return t.value()[node];
    }
    int l = t.left()[node];
    int r = t.right()[node];
    if ((s & (1 << t.feature()[node])) != 0) {
      return known(t, x, s, t.goesLeft(node, x) ? l : r);
    }
    double c = t.cover()[l] + t.cover()[r];
    // as TreeShap: a node whose children no training weight reached splits its weight evenly
    double wl = c > 0 ? t.cover()[l] / c : 0.5;
    double wr = c > 0 ? t.cover()[r] / c : 0.5;
    return (wl == 0 ? 0 : wl * known(t, x, s, l)) + (wr == 0 ? 0 : wr * known(t, x, s, r));
  }

  private static double factorial(int n) {
    double f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }
}
