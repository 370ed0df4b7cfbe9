package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LivePerformanceTest {
  @Test
  void metricsFromAScoreHistogramMatchHandComputedValues() {
    // 3 negatives at 0.1; at 0.5 one positive and one negative (a tie); 2 positives at 0.9,
    // both predicted positive
    Map<String, Double> m =
        LivePerformance.metrics(
            List.of(
                new LivePerformance.Bucket(1000, 3, 0, 0.3, 3 * 0.01, 0, 0),
                new LivePerformance.Bucket(5000, 2, 1, 1.0, 0.25 + 0.25, 0, 0),
                new LivePerformance.Bucket(9000, 2, 2, 1.8, 2 * 0.01, 2, 2)));
    // pairs won: 2 x 4 + (3 + 0.5) of 3 x 4
    assertThat(m.get("roc_auc")).isCloseTo(11.5 / 12, within(1e-12));
    assertThat(m.get("precision")).isEqualTo(1.0);
    assertThat(m.get("recall")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.get("f1")).isCloseTo(0.8, within(1e-12));
    // |0.1 - 0| x 3/7 + |0.5 - 0.5| x 2/7 + |0.9 - 1| x 2/7
    assertThat(m.get("ece")).isCloseTo(0.5 / 7, within(1e-12));
    assertThat(m.get("brier")).isCloseTo(0.55 / 7, within(1e-12));
    assertThat(m.get("rows")).isEqualTo(7.0);
    assertThat(m.get("positives")).isEqualTo(3.0);
  }

  @Test
  void aSingleClassHasNoAuc() {
    Map<String, Double> m =
        LivePerformance.metrics(List.of(new LivePerformance.Bucket(100, 5, 0, 0.05, 0.0005, 0, 0)));
    assertThat(m).doesNotContainKey("roc_auc").doesNotContainKey("recall");
    assertThat(m.values()).allMatch(Double::isFinite);
  }
}
