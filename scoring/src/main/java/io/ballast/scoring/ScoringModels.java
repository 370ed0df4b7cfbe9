package io.ballast.scoring;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.features.tracking.ModelVersion;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;

/** Registered model versions made ready to score: reference resolved, pipeline loaded. */
public final class ScoringModels {
  static final String FEATURES_TAG = "ballast.features";
  static final String TABLE_TAG = "ballast.feature_table.";

  private ScoringModels() {}

  /**
   * The full reference to score: {@code NAME@ALIAS} or {@code NAME/VERSION} as given; a bare name
   * (or none: the definition's first model) with {@code @champion}, or {@code @challenger} for a
   * shadow run.
   */
  public static String reference(PipelineDefinition def, Optional<String> model, boolean shadow) {
    String ref = model.orElseGet(() -> def.modelSpec(Optional.empty()).name());
    if (ref.contains("@") || ref.contains("/")) {
      return ref;
    }
    return ref + "@" + (shadow ? ModelRegistry.CHALLENGER : ModelRegistry.CHAMPION);
  }

  /** Resolves the reference and loads the version's {@code PipelineModel}. */
  public static ScoringModel load(PipelineDefinition def, ModelRegistry registry, String ref) {
    ModelVersion v = registry.resolve(ref);
    return load(def, v, ref);
  }

  public static ScoringModel load(PipelineDefinition def, ModelVersion v, String ref) {
    PipelineModel pipeline;
    try {
      pipeline = PipelineModel.load(v.sparkmlPath());
    } catch (RuntimeException e) {
      throw ScoringErrors.modelNotLoadable(ref, v.version(), v.sparkmlPath(), e);
    }
    Map<String, Long> trainedOn = new LinkedHashMap<>();
    v.tags().entrySet().stream()
        .filter(e -> e.getKey().startsWith(TABLE_TAG))
        .forEach(e -> trainedOn.put(e.getKey().substring(TABLE_TAG.length()), parse(e.getValue())));
    return new ScoringModel(
        v.name(),
        v.version(),
        ref,
        pipeline,
        features(def, v),
        trainedOn,
        io.ballast.features.tracking.FeatureTypesTag.read(v));
  }

  /**
   * The raw feature columns the version reads: its {@code ballast.features} tag; a version
   * registered without it (not by Ballast) falls back to its model's declared features.
   */
  static List<String> features(PipelineDefinition def, ModelVersion v) {
    String tag = v.tags().get(FEATURES_TAG);
    if (tag != null && !tag.isBlank()) {
      return Arrays.stream(tag.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
    return def.model(v.name())
        .map(m -> m.featuresOr(def.featureNames()))
        .orElse(def.featureNames());
  }

  private static Long parse(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1L;
    }
  }
}
