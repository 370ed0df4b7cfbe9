package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The grid's tail cells: where the baseline's rows go, and what a value past its range meets. */
class FeatureProfileTest {
  /** Values 10..40 on a grid of 30 cells (edges 11..39), 100 rows a cell. */
  static FeatureProfile grid(double min) {
    double[] edges = new double[29];
    long[] counts = new long[30];
    double[] sums = new double[30];
    for (int i = 0; i < 29; i++) {
      edges[i] = 11 + i;
    }
    for (int i = 0; i < 30; i++) {
      counts[i] = 100;
      sums[i] = 100 * (10.5 + i);
    }
    return new FeatureProfile(
        "all",
        "all",
        "x",
        FeatureProfile.Kind.NUMERIC,
        edges,
        List.of(),
        new Histogram(counts, sums, 7, 0),
        min,
        40);
  }

  @Test
  void tailCellsKeepEveryBaselineRowInItsCellAndAreEmpty() {
    FeatureProfile p = grid(10);
    FeatureProfile t = p.withTails(p.tails());
    int below = FeatureProfile.TAIL_CELLS + 1; // 50 cells below min, then min itself as an edge
    assertThat(t.edges()).hasSize(29 + below + FeatureProfile.TAIL_CELLS + 1);
    for (int i = 1; i < t.edges().length; i++) {
      assertThat(t.edges()[i]).isGreaterThan(t.edges()[i - 1]);
    }
    // the span: 2 ranges (60) on each side in cells of 1.2
    assertThat(t.edges()[0]).isEqualTo(10 - 60.0);
    assertThat(t.edges()[t.edges().length - 1]).isEqualTo(40 + 60.0);
    assertThat(t.edges()[below]).isEqualTo(11); // the old first edge
    long[] c = t.histogram().counts();
    assertThat(t.histogram().nonNull()).isEqualTo(3000);
    assertThat(t.histogram().nulls()).isEqualTo(7);
    assertThat(c[below]).as("old bottom cell, now [min, 11)").isEqualTo(100);
    assertThat(c[below - 1]).isZero();
    assertThat(c[below + 29]).as("old top cell, now [39, just above max)").isEqualTo(100);
    assertThat(c[below + 30]).isZero();
    assertThat(t.histogram().mean()).isEqualTo(p.histogram().mean());
    // a value at 52 lands in a narrow tail cell, not in the top cell with the baseline's rows
    int bin = BinnedCounts.binOf(t.edges(), 52.0);
    assertThat(t.edges()[bin - 1]).isLessThanOrEqualTo(52.0);
    assertThat(t.edges()[bin]).isGreaterThan(52.0);
    assertThat(t.edges()[bin] - t.edges()[bin - 1]).isLessThanOrEqualTo(1.2 + 1e-9);
    // the coarse bins are unchanged: the tails join the outer ones
    int[] g = t.groups(20);
    assertThat(g[0]).isZero();
    assertThat(g[g.length - 1]).isEqualTo(19);
    assertThat(FeatureProfile.grouped(c, g))
        .containsExactly(FeatureProfile.grouped(p.histogram().counts(), p.groups(20)));
  }

  @Test
  void aMinOnTheFirstEdgeAddsNoDuplicateEdgeAndOldBaselinesKeepTheirBins() {
    FeatureProfile p = grid(11);
    FeatureProfile t = p.withTails(p.tails());
    assertThat(t.edges()).hasSize(29 + FeatureProfile.TAIL_CELLS + FeatureProfile.TAIL_CELLS + 1);
    for (int i = 1; i < t.edges().length; i++) {
      assertThat(t.edges()[i]).isGreaterThan(t.edges()[i - 1]);
    }
    BaselineProfile b = new BaselineProfile("m/1", "m", "1", List.of(p));
    assertThat(b.withTails(30).profiles().get(0).edges())
        .as("30 cells, 30 bins: a baseline profiled before the grid keeps its bins")
        .isEqualTo(p.edges());
    assertThat(b.withTails(20).profiles().get(0).edges()).hasSize(t.edges().length);
  }
}
