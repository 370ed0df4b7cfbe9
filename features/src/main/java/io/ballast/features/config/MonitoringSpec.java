package io.ballast.features.config;

import java.util.List;
import java.util.Map;

/**
 * The {@code monitoring:} section: bounds on the live metrics of the serving model (dataset 'live'
 * in {@code ballast.model_metrics}) per scored day. A metric below its {@code min} or above its
 * {@code max} is a breach; at exactly its bound it is not.
 *
 * @param min metric name to the lowest acceptable value
 * @param max metric name to the highest acceptable value
 * @param minLabels fewest labelled predictions a scored day needs to be measured at all
 */
public record MonitoringSpec(Map<String, Double> min, Map<String, Double> max, int minLabels) {
  /** The live metrics a bound may name (those {@code drift performance} computes). */
  public static final List<String> METRICS =
      List.of(
          "roc_auc", "precision", "recall", "f1", "ece", "brier", "mean_score", "positive_rate");

  /** Fewest labels per scored day unless the definition says otherwise. */
  public static final int DEFAULT_MIN_LABELS = 30;

  /** No bounds: the section's values when a definition has none. */
  public static MonitoringSpec defaults() {
    return new MonitoringSpec(Map.of(), Map.of(), DEFAULT_MIN_LABELS);
  }

  public boolean hasBounds() {
    return !min.isEmpty() || !max.isEmpty();
  }
}
