package io.ballast.scoring.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class EdgeSearchTest {
  private final Random random = new Random(7);

  /** Sorted distinct edges drawn from {@code draw}. */
  private static double[] edges(int n, DoubleSupplier draw) {
    TreeSet<Double> set = new TreeSet<>();
    while (set.size() < n) {
      set.add(draw.getAsDouble());
    }
    return set.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Every edge, its neighbours one ulp either side, and random values in and around the range. */
  private void agreesWithTheBinarySearch(double[] edges) {
    EdgeSearch search = new EdgeSearch(edges);
    double lo = edges[0];
    double hi = edges[edges.length - 1];
    double span = Math.max(hi - lo, Math.ulp(hi));
    for (double e : edges) {
      for (double x : new double[] {e, Math.nextUp(e), Math.nextDown(e)}) {
        assertEquals(BinnedCounts.binOf(edges, x), search.binOf(x), () -> "x = " + x);
      }
    }
    for (int i = 0; i < 20_000; i++) {
      double x = lo - span + random.nextDouble() * 3 * span;
      assertEquals(BinnedCounts.binOf(edges, x), search.binOf(x), () -> "x = " + x);
    }
  }

  @Test
  void uniformHeavyTailedAndCrowdedEdgesGiveTheBinarySearchesBin() {
    agreesWithTheBinarySearch(edges(1_000, () -> random.nextDouble() * 100));
    // quantiles of exp(4u) and of a long-tailed amount: most edges crowd the low end
    agreesWithTheBinarySearch(edges(1_100, () -> Math.exp(4 * random.nextDouble())));
    agreesWithTheBinarySearch(edges(1_000, () -> Math.pow(10, 6 * random.nextDouble())));
    // all but one edge in a sliver of the range
    double[] crowded = edges(999, () -> 1 + random.nextDouble() * 1e-9);
    double[] withFar = Arrays.copyOf(crowded, 1_000);
    withFar[999] = 1e6;
    agreesWithTheBinarySearch(withFar);
  }

  @Test
  void aRangeNarrowerThanItsMagnitudesPrecisionAndFewEdgesStillAgree() {
    double base = 1e15;
    double[] narrow = new double[50];
    for (int i = 0; i < narrow.length; i++) {
      narrow[i] = base + i * Math.ulp(base);
    }
    agreesWithTheBinarySearch(narrow);
    agreesWithTheBinarySearch(new double[] {-3.5, 2.0});
    agreesWithTheBinarySearch(new double[] {42.0});
    assertEquals(0, new EdgeSearch(new double[0]).binOf(1.0));
  }
}
