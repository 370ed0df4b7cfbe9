package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.config.MonitoringSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveBoundsTest {
  static final MonitoringSpec SPEC =
      new MonitoringSpec(Map.of("roc_auc", 0.65), Map.of("ece", 0.1), 30);

  @Test
  void atItsBoundIsABreachAndJustInsideIsNot() {
    assertThat(LiveBounds.check("2026-08-10", Map.of("roc_auc", 0.65, "ece", 0.1), SPEC))
        .containsExactly(
            new LiveBounds.Breach("2026-08-10", "roc_auc", 0.65, "min", 0.65),
            new LiveBounds.Breach("2026-08-10", "ece", 0.1, "max", 0.1));
    assertThat(LiveBounds.check("2026-08-10", Map.of("roc_auc", 0.6501, "ece", 0.0999), SPEC))
        .isEmpty();
  }

  @Test
  void belowItsMinIsABreach() {
    assertThat(LiveBounds.check("2026-08-10", Map.of("roc_auc", 0.6499, "ece", 0.05), SPEC))
        .containsExactly(new LiveBounds.Breach("2026-08-10", "roc_auc", 0.6499, "min", 0.65));
  }

  @Test
  void aboveItsMaxIsABreachAndBothAreReported() {
    List<LiveBounds.Breach> b =
        LiveBounds.check("2026-08-11", Map.of("roc_auc", 0.5, "ece", 0.1001), SPEC);
    assertThat(b)
        .containsExactly(
            new LiveBounds.Breach("2026-08-11", "roc_auc", 0.5, "min", 0.65),
            new LiveBounds.Breach("2026-08-11", "ece", 0.1001, "max", 0.1));
    assertThat(b.get(1).text()).isEqualTo("2026-08-11 ece = 0.1001, at or above its max 0.1");
  }

  @Test
  void aboveItsMinAndBelowItsMaxIsNoBreach() {
    assertThat(LiveBounds.check("d", Map.of("roc_auc", 0.9, "ece", 0.01), SPEC)).isEmpty();
  }

  @Test
  void anUnmeasuredMetricIsNoBreachButIsNamed() {
    Map<String, Double> noPositives = Map.of("ece", 0.02);
    assertThat(LiveBounds.check("d", noPositives, SPEC)).isEmpty();
    assertThat(LiveBounds.unmeasured(noPositives, SPEC)).containsExactly("roc_auc");
  }

  @Test
  void everyBoundableMetricIsComputed() {
    Map<String, Double> m =
        LivePerformance.metrics(
            List.of(
                new LivePerformance.Bucket(
                    1000, 10, 1, 1000.0 / LivePerformance.BUCKETS * 10, 1.0, 0, 0),
                new LivePerformance.Bucket(9000, 10, 9, 9.0, 1.0, 9, 10)));
    assertThat(m.keySet()).containsAll(MonitoringSpec.METRICS);
  }
}
