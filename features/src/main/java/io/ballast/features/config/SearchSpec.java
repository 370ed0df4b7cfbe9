package io.ballast.features.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hyperparameter search: candidates from a grid (all combinations) or a seeded random sample of
 * it, each fitted on the training window and scored on the validation window.
 *
 * @param parallelism how many candidates fit at once
 * @param metric {@code areaUnderROC} or {@code areaUnderPR}, higher is better
 * @param grid values to try per hyperparameter, in file order
 * @param samples for {@code random}: how many combinations to draw
 */
public record SearchSpec(
    Method method,
    int parallelism,
    String metric,
    Map<String, List<Object>> grid,
    Optional<Integer> samples) {

  /** How candidates are drawn from the grid. */
  public enum Method {
    GRID,
    RANDOM
  }

  public static final List<String> METRICS = List.of("areaUnderROC", "areaUnderPR");
}
