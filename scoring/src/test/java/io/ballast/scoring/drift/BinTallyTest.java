package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Drift's counting pass gives exactly the cells of the stacked groupBy it replaces. */
class BinTallyTest {

  static final List<BinnedCounts.Binner> BINNERS =
      List.of(
          new BinnedCounts.Binner(
              "x", FeatureProfile.Kind.NUMERIC, new double[] {10, 20.5, 50}, Optional.empty()),
          new BinnedCounts.Binner(
              "odd", FeatureProfile.Kind.NUMERIC, new double[] {1, 2, 3}, Optional.empty()),
          new BinnedCounts.Binner(
              "gone", FeatureProfile.Kind.NUMERIC, new double[] {3}, Optional.empty()),
          new BinnedCounts.Binner(
              "cat",
              FeatureProfile.Kind.CATEGORICAL,
              new double[0],
              Optional.of(List.of("a", "b"))));

  static final List<String> SLICES = List.of("cat", "CASE WHEN x > 50 THEN 'high' END");

  @Test
  void sameCellsAsTheStackedGroupBy() {
    Dataset<Row> fx = TestSpark.spark().sql(DriftJobTest.FIXTURE);
    Map<String, double[]> expected = new TreeMap<>();
    for (Row r : BinnedCounts.of(fx, Optional.of("ds"), SLICES, BINNERS).collectAsList()) {
      String key =
          String.join(
              "|",
              r.getString(0),
              r.getString(1),
              r.getString(2),
              BINNERS.get(r.getInt(3)).feature(),
              String.valueOf(r.isNullAt(4) ? null : r.getInt(4)));
      expected.put(key, new double[] {r.getLong(6), r.getDouble(7), r.getDouble(8)});
    }
    Map<String, double[]> actual = new TreeMap<>();
    for (DriftCalculator.Cell c : BinTally.of(fx, "ds", SLICES, BINNERS)) {
      String key =
          String.join("|", c.ds(), c.slice(), c.sliceValue(), c.feature(), String.valueOf(c.bin()));
      actual.put(key, new double[] {c.n(), c.sum(), c.sumSquares()});
    }

    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    // every kind of cell is there: null bins, the 'other' category, a null slice value
    assertThat(actual.keySet())
        .anyMatch(k -> k.endsWith("|odd|null"))
        .anyMatch(k -> k.endsWith("|cat|2"))
        .anyMatch(k -> k.contains("|CASE WHEN x > 50 THEN 'high' END|null|"));
    expected.forEach(
        (k, v) -> {
          double[] a = actual.get(k);
          assertThat(a[0]).as(k + " n").isEqualTo(v[0]);
          assertThat(a[1])
              .as(k + " sum")
              .isCloseTo(v[1], org.assertj.core.data.Offset.offset(1e-6));
          assertThat(a[2])
              .as(k + " sum of squares")
              .isCloseTo(v[2], org.assertj.core.data.Offset.offset(1e-6));
        });
  }

  @Test
  void noRowsGiveNoCells() {
    Dataset<Row> none = TestSpark.spark().sql(DriftJobTest.FIXTURE).where("ds = '1999-01-01'");
    assertThat(BinTally.of(none, "ds", SLICES, BINNERS)).isEmpty();
  }
}
