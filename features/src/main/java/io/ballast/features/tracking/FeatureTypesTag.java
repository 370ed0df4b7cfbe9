package io.ballast.features.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;

/**
 * The model version tag that records each feature's Spark type in the training set (a JSON object,
 * feature -> type): written by training, read by scoring to refuse features whose type changed.
 */
public final class FeatureTypesTag {
  /** The tag's name. */
  public static final String NAME = "ballast.feature_types";

  /** The longest tag value MLflow servers accept (5,000 characters). */
  static final int MAX_TAG = 5000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private FeatureTypesTag() {}

  /**
   * The tag's value for a training set, in feature order; empty when too long for a tag (thousands
   * of features): scoring then checks the definition's expectations.
   */
  public static Optional<String> of(StructType schema, List<String> features) {
    ObjectNode n = JSON.createObjectNode();
    features.forEach(f -> n.put(f, schema.apply(f).dataType().simpleString()));
    String s = n.toString();
    return s.length() <= MAX_TAG ? Optional.of(s) : Optional.empty();
  }

  /** The version's training types; empty when it has none (trained before they were recorded). */
  public static Map<String, String> read(ModelVersion v) {
    Map<String, String> out = new LinkedHashMap<>();
    String tag = v.tags().get(NAME);
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
}
