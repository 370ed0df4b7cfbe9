package io.ballast.jobs.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.features.BallastErrors;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.jobs.tracking.ModelRegistry;
import io.ballast.jobs.tracking.ModelVersion;
import io.ballast.jobs.train.TrainJob;
import io.ballast.scoring.ScoringModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.types.StructType;

/** Registered model versions made ready to score: reference resolved, pipeline loaded. */
public final class ScoringModels {
  static final String FEATURES_TAG = "ballast.features";
  static final String TABLE_TAG = "ballast.feature_table.";

  /** Version tag: each feature's Spark type in the training set, a JSON object. */
  public static final String TYPES_TAG = "ballast.feature_types";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ScoringModels() {}

  /**
   * The full reference to score: {@code NAME@ALIAS} or {@code NAME/VERSION} as given; a bare name
   * (or none: the definition's first model) with {@code @champion}, or {@code @challenger} for a
   * shadow run.
   */
  public static String reference(PipelineDefinition def, Optional<String> model, boolean shadow) {
    String ref = model.orElseGet(() -> TrainJob.spec(def, Optional.empty()).name());
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
      throw BallastErrors.modelNotLoadable(ref, v.version(), v.sparkmlPath(), e);
    }
    Map<String, Long> trainedOn = new LinkedHashMap<>();
    v.tags().entrySet().stream()
        .filter(e -> e.getKey().startsWith(TABLE_TAG))
        .forEach(e -> trainedOn.put(e.getKey().substring(TABLE_TAG.length()), parse(e.getValue())));
    return new ScoringModel(
        v.name(), v.version(), ref, pipeline, features(def, v), trainedOn, featureTypes(v));
  }

  /** The longest tag value MLflow servers accept (5,000 characters). */
  static final int MAX_TAG = 5000;

  /**
   * The {@link #TYPES_TAG} value for a training set: feature -> type, in feature order; empty when
   * too long for a tag (thousands of features): scoring then checks the definition's expectations.
   */
  public static Optional<String> typesTag(StructType schema, List<String> features) {
    ObjectNode n = JSON.createObjectNode();
    features.forEach(f -> n.put(f, schema.apply(f).dataType().simpleString()));
    String s = n.toString();
    return s.length() <= MAX_TAG ? Optional.of(s) : Optional.empty();
  }

  /** The version's training types; empty when it has none (trained before they were recorded). */
  static Map<String, String> featureTypes(ModelVersion v) {
    Map<String, String> out = new LinkedHashMap<>();
    String tag = v.tags().get(TYPES_TAG);
    if (tag == null || tag.isBlank()) {
      return out;
    }
    try {
      JSON.readTree(tag).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    } catch (JsonProcessingException e) {
      // a tag someone else wrote: the definition's expectations apply instead
      out.clear();
    }
    return out;
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
