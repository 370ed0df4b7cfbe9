package io.ballast.validation.quality;

import com.amazon.deequ.anomalydetection.AbsoluteChangeStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import com.amazon.deequ.anomalydetection.BatchNormalStrategy;
import com.amazon.deequ.anomalydetection.OnlineNormalStrategy;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.anomalydetection.SimpleThresholdStrategy;
import io.ballast.features.config.AnomalyRule;
import java.util.Map;
import scala.Option;

/** An anomaly rule of a quality definition as Deequ's anomaly-detection strategy (order 1). */
final class DeequStrategies {
  private DeequStrategies() {}

  /** The Deequ strategy of {@code rule}, its params as Deequ names them. */
  static AnomalyDetectionStrategy of(AnomalyRule rule) {
    Map<String, Double> p = rule.params();
    return switch (rule.strategy()) {
      case RELATIVE_RATE_OF_CHANGE ->
          new RelativeRateOfChangeStrategy(
              opt(p.get("max_rate_decrease")), opt(p.get("max_rate_increase")), 1);
      case ABSOLUTE_CHANGE ->
          new AbsoluteChangeStrategy(
              opt(p.containsKey("max_decrease") ? -p.get("max_decrease") : null),
              opt(p.get("max_increase")),
              1);
      case SIMPLE_THRESHOLD ->
          new SimpleThresholdStrategy(
              p.getOrDefault("lower_bound", -Double.MAX_VALUE),
              p.getOrDefault("upper_bound", Double.MAX_VALUE));
      case ONLINE_NORMAL ->
          new OnlineNormalStrategy(
              opt(p.getOrDefault("lower_deviation_factor", 3.0)),
              opt(p.getOrDefault("upper_deviation_factor", 3.0)),
              0.0,
              true);
      case BATCH_NORMAL ->
          new BatchNormalStrategy(
              opt(p.getOrDefault("lower_deviation_factor", 3.0)),
              opt(p.getOrDefault("upper_deviation_factor", 3.0)),
              false);
    };
  }

  private static Option<Object> opt(Double v) {
    return v == null ? Option.empty() : Option.apply((Object) v);
  }
}
