package io.ballast.validation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class ScoreMetricsTest {
  static final ScoreMetrics.Params P = new ScoreMetrics.Params(0.5, 25, 10);

  static Map<String, SliceMetrics> byGroup(List<Row> rows) {
    return rows.stream()
        .map(SliceMetrics::of)
        .collect(Collectors.toMap(SliceMetrics::sliceValue, s -> s));
  }

  @Test
  void everyClassificationMetricMatchesHandComputedValuesWithTies() {
    SliceMetrics m =
        SliceMetrics.of(
            ScoreMetrics.compute(
                    ModelFixtures.ties().selectExpr("'all' s", "grp", "*"), List.of("s", "grp"), P)
                .first());
    // Pairs (positive, negative): 0.9 beats 5; 0.8 ties one and beats 4 (4.5); 0.4 ties one and
    // beats 2 (2.5): 12 of 3 x 5 = 15. Average ranks give the same: (8 + 6.5 + 3.5 - 6) / 15.
    assertThat(m.value("roc_auc")).hasValue(0.8);
    // Average precision over distinct scores: 1/3 x 1 + 1/3 x 2/3 + 1/3 x 1/2 = 13/18.
    assertThat(m.value("pr_auc").get()).isCloseTo(13.0 / 18, within(1e-12));
    double ll =
        -(Math.log(0.9)
                + Math.log(0.2)
                + Math.log(0.8)
                + Math.log(0.4)
                + Math.log(0.4)
                + Math.log(0.6)
                + Math.log(0.8)
                + Math.log(0.9))
            / 8;
    assertThat(m.value("log_loss").get()).isCloseTo(ll, within(1e-12));
    assertThat(m.value("brier").get()).isCloseTo(1.62 / 8, within(1e-12));
    // Bins 9, 8, 6, 4, 2, 1: |1 - .9| + |1 - 1.6| + |0 - .6| + |1 - .8| + .2 + .1 = 1.8, / 8.
    assertThat(m.value("ece").get()).isCloseTo(0.225, within(1e-12));
    // s >= 0.5: 0.9, 0.8, 0.8, 0.6 -> 2 of 4 positives; 2 of 3 positives found.
    assertThat(m.value("precision").get()).isCloseTo(0.5, within(1e-12));
    assertThat(m.value("recall").get()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.value("f1").get()).isCloseTo(4.0 / 7, within(1e-12));
    // Top 25% = 2 rows: 0.9 (positive) and half of the tied 0.8 pair (one positive in two).
    assertThat(m.value("precision_at_top_k").get()).isCloseTo(0.75, within(1e-12));
    assertThat(m.value("rows")).hasValue(8.0);
    assertThat(m.value("positives")).hasValue(3.0);
    assertThat(m.counts()).containsEntry("tp", 2.0).containsEntry("fp", 2.0);
    assertThat(m.counts()).containsEntry("fn", 1.0).containsEntry("tn", 3.0);
  }

  @Test
  void regressionMetricsMatchHandComputedValues() {
    SliceMetrics m =
        SliceMetrics.of(
            ScoreMetrics.compute(
                    ModelFixtures.ties().selectExpr("'all' s", "grp", "*"), List.of("s", "grp"), P)
                .first());
    assertThat(m.value("rmse").get()).isCloseTo(0.45, within(1e-12));
    assertThat(m.value("mae").get()).isCloseTo(0.375, within(1e-12));
    // Mean label 3/8; total sum of squares 3 - 8 x 9/64 = 1.875; residual 1.62.
    assertThat(m.value("r2").get()).isCloseTo(1 - 1.62 / 1.875, within(1e-12));
  }

  @Test
  void groupsAreMeasuredApartInOneJobAndUndefinedMetricsAreAbsent() {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(1, "a", 1.0, 0, 0.9, 1.0, 1.0));
    rows.add(RowFactory.create(2, "a", 1.0, 0, 0.1, 0.0, 1.0));
    rows.add(RowFactory.create(3, "b", 1.0, 0, 0.3, 0.0, 1.0));
    rows.add(RowFactory.create(4, "b", 1.0, 0, 0.7, 0.0, 1.0));
    Map<String, SliceMetrics> g =
        byGroup(
            ScoreMetrics.compute(
                    ModelFixtures.rows(rows).selectExpr("'g' s", "grp", "*"),
                    List.of("s", "grp"),
                    P)
                .collectAsList());
    assertThat(g.get("a").value("roc_auc")).hasValue(1.0);
    assertThat(g.get("b").value("roc_auc")).isEmpty();
    assertThat(g.get("b").value("pr_auc")).isEmpty();
    assertThat(g.get("b").value("precision").get()).isEqualTo(0.0);
    assertThat(g.get("b").value("recall")).isEmpty();
  }

  @Test
  void aWeightCountsAsThatManyCopiesOfTheRow() {
    List<Row> weighted = new ArrayList<>();
    List<Row> copies = new ArrayList<>();
    double[][] t = ModelFixtures.TIES;
    for (int i = 0; i < t.length; i++) {
      int w = i % 3; // 0, 1 or 2 copies
      weighted.add(RowFactory.create(i, "a", 1.0, 0, t[i][0], t[i][1], (double) w));
      for (int c = 0; c < w; c++) {
        copies.add(RowFactory.create(i, "a", 1.0, 0, t[i][0], t[i][1], 1.0));
      }
    }
    SliceMetrics a =
        SliceMetrics.of(
            ScoreMetrics.compute(
                    ModelFixtures.rows(weighted).selectExpr("'w' s", "grp", "*"),
                    List.of("s", "grp"),
                    P)
                .first());
    SliceMetrics b =
        SliceMetrics.of(
            ScoreMetrics.compute(
                    ModelFixtures.rows(copies).selectExpr("'w' s", "grp", "*"),
                    List.of("s", "grp"),
                    P)
                .first());
    a.values().forEach((k, v) -> assertThat(b.values().get(k)).as(k).isCloseTo(v, within(1e-12)));
    assertThat(a.values().keySet()).isEqualTo(b.values().keySet());
  }
}
