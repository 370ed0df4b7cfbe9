package io.ballast.validation.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.config.AnomalyRule;
import io.ballast.features.config.AnomalyRule.Strategy;
import io.ballast.features.config.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The strategies on the series of Deequ's own strategy tests (src/test/scala/.../anomalydetection:
 * AbsoluteChangeStrategyTest, RelativeRateOfChangeStrategyTest, SimpleThresholdStrategyTest,
 * OnlineNormalStrategyTest), rebuilt here; where our online_normal differs on purpose, the test
 * says so.
 */
class AnomalyStrategiesTest {

  static AnomalyRule rule(Strategy s, Map<String, Double> params) {
    return new AnomalyRule("mean", Optional.of("amount"), s, params, 14, Severity.WARNING);
  }

  static List<Integer> anomalies(AnomalyRule r, List<Double> series) {
    boolean[] a = AnomalyStrategies.detect(r, series);
    return IntStream.range(0, a.length).filter(i -> a[i]).boxed().toList();
  }

  static List<Integer> range(int from, int to, int step) {
    List<Integer> out = new ArrayList<>();
    for (int i = from; i <= to; i += step) {
      out.add(i);
    }
    return out;
  }

  /** 1.0 outside 20..30; inside, i for even i and {@code odd} for odd i. */
  static List<Double> steps(boolean negativeOdd) {
    List<Double> d = new ArrayList<>();
    for (int i = 0; i <= 50; i++) {
      d.add(i < 20 || i > 30 ? 1.0 : i % 2 == 0 ? i : negativeOdd ? -i : 1.0);
    }
    return d;
  }

  @Test
  void absoluteChangeAsDeequ() {
    List<Double> data = steps(true);
    assertThat(
            anomalies(
                rule(Strategy.ABSOLUTE_CHANGE, Map.of("max_decrease", 2.0, "max_increase", 2.0)),
                data))
        .isEqualTo(range(20, 31, 1));
    assertThat(anomalies(rule(Strategy.ABSOLUTE_CHANGE, Map.of("max_increase", 1.0)), data))
        .isEqualTo(range(20, 30, 2));
    assertThat(anomalies(rule(Strategy.ABSOLUTE_CHANGE, Map.of("max_decrease", 1.0)), data))
        .isEqualTo(range(21, 31, 2));
    assertThat(
            anomalies(
                rule(
                    Strategy.ABSOLUTE_CHANGE,
                    Map.of("max_decrease", Double.MAX_VALUE, "max_increase", Double.MAX_VALUE)),
                data))
        .isEmpty();
    assertThat(anomalies(rule(Strategy.ABSOLUTE_CHANGE, Map.of("max_increase", 1.0)), List.of()))
        .isEmpty();
  }

  @Test
  void relativeRateOfChangeAsDeequ() {
    List<Double> data = steps(false);
    assertThat(
            anomalies(
                rule(
                    Strategy.RELATIVE_RATE_OF_CHANGE,
                    Map.of("max_rate_decrease", 0.5, "max_rate_increase", 2.0)),
                data))
        .isEqualTo(range(20, 31, 1));
    assertThat(
            anomalies(
                rule(Strategy.RELATIVE_RATE_OF_CHANGE, Map.of("max_rate_increase", 1.0)), data))
        .isEqualTo(range(20, 30, 2));
    assertThat(
            anomalies(
                rule(Strategy.RELATIVE_RATE_OF_CHANGE, Map.of("max_rate_decrease", 0.5)), data))
        .isEqualTo(range(21, 31, 2));
    // Deequ's first-order rates of 1, 2, 4, 1, 2, 8 are 2, 2, 0.25, 2, 4
    List<Double> d = List.of(1.0, 2.0, 4.0, 1.0, 2.0, 8.0);
    assertThat(
            anomalies(rule(Strategy.RELATIVE_RATE_OF_CHANGE, Map.of("max_rate_increase", 3.0)), d))
        .containsExactly(5);
    assertThat(
            anomalies(rule(Strategy.RELATIVE_RATE_OF_CHANGE, Map.of("max_rate_decrease", 0.3)), d))
        .containsExactly(3);
  }

  @Test
  void simpleThresholdAsDeequAndWithoutHistory() {
    List<Double> data = List.of(-1.0, 2.0, 3.0, 0.5);
    assertThat(anomalies(rule(Strategy.SIMPLE_THRESHOLD, Map.of("upper_bound", 1.0)), data))
        .containsExactly(1, 2);
    assertThat(
            anomalies(
                rule(Strategy.SIMPLE_THRESHOLD, Map.of("lower_bound", -0.5, "upper_bound", 1.0)),
                data))
        .containsExactly(0, 1, 2);
    assertThat(AnomalyStrategies.historyNeeded(Strategy.SIMPLE_THRESHOLD)).isZero();
    // the first day of a table: no history at all
    assertThat(
            AnomalyStrategies.anomaly(
                rule(Strategy.SIMPLE_THRESHOLD, Map.of("lower_bound", 0.0)), List.of(), -3))
        .hasValueSatisfying(d -> assertThat(d).contains("-3.00000").contains("[0.00000, inf]"));
  }

  /** Deequ's OnlineNormalStrategyTest series: N(0, 1) from Random(1), +-i added on 20..30. */
  static List<Double> deequNormalSeries() {
    Random r = new Random(1); // scala.util.Random(1) wraps java.util.Random(1)
    double[] dist = new double[51];
    for (int i = 0; i <= 50; i++) {
      dist[i] = r.nextGaussian();
    }
    for (int i = 20; i <= 30; i++) {
      dist[i] += i + (i % 2 * -2 * i);
    }
    List<Double> d = new ArrayList<>();
    for (double x : dist) {
      d.add(x);
    }
    return d;
  }

  @Test
  void onlineNormalFindsDeequsAnomalies() {
    List<Double> data = deequNormalSeries();
    // Deequ (factors 3.5, first 20% ignored) expects exactly 20..30
    assertThat(
            anomalies(
                rule(
                    Strategy.ONLINE_NORMAL,
                    Map.of("lower_deviation_factor", 3.5, "upper_deviation_factor", 3.5)),
                data))
        .isEqualTo(range(20, 30, 1));
    assertThat(
            anomalies(
                rule(
                    Strategy.ONLINE_NORMAL,
                    Map.of(
                        "lower_deviation_factor",
                        Double.MAX_VALUE,
                        "upper_deviation_factor",
                        Double.MAX_VALUE)),
                data))
        .isEmpty();
  }

  @Test
  void onlineNormalLeavesEarlierAnomaliesOutOfTheHistory() {
    // Deequ's vector: 1, 1, 1, 2, 1, 1, 1 ends at mean 1, std 0 when anomalies are ignored
    List<Double> h = new ArrayList<>(Collections.nCopies(7, 1.0));
    h.add(2.0);
    h.addAll(Collections.nCopies(3, 1.0));
    assertThat(AnomalyStrategies.normalHistory(h, 3, 3)).hasSize(10).containsOnly(1.0);
    AnomalyRule r = rule(Strategy.ONLINE_NORMAL, Map.of());
    assertThat(AnomalyStrategies.anomaly(r, h, 1.0)).isEmpty();
    assertThat(AnomalyStrategies.anomaly(r, h, 1.5)).isPresent();
  }

  @Test
  void onlineNormalFiresOnShortHistoryWhereDeequCannot() {
    // 7 earlier days of mean amount ~136, then the incident's 69,847: Deequ's running z includes
    // the point, at most (n - 1) / sqrt(n) = 2.47 < 3 with n = 8; ours is far above 3
    List<Double> h = List.of(135.2, 137.9, 136.4, 134.8, 138.1, 136.0, 135.5);
    AnomalyRule r = rule(Strategy.ONLINE_NORMAL, Map.of());
    assertThat(AnomalyStrategies.anomaly(r, h, 69_847)).isPresent();
    assertThat(AnomalyStrategies.anomaly(r, h, 137)).isEmpty();
    assertThat(AnomalyStrategies.historyNeeded(Strategy.ONLINE_NORMAL))
        .isEqualTo(AnomalyStrategies.MIN_NORMAL_HISTORY)
        .isEqualTo(7);
    double n = 8;
    assertThat((n - 1) / Math.sqrt(n)).isLessThan(3);
  }
}
