package io.ballast.validation.model;

import io.ballast.features.tracking.ModelRegistry;
import io.ballast.features.tracking.ModelVersion;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a version was tested: its test window, the label cut-off and the feature-table versions it
 * was trained on, from the version's tags ({@code ballast.test_window}, ...), else its training
 * run's params ({@code test_window}, ...).
 */
public record TestWindow(
    LocalDate from, LocalDate to, Optional<LocalDate> knownBy, Map<String, Long> pins) {
  static final String TAG_PREFIX = "ballast.";
  public static final String TABLE_TAG = "ballast.feature_table.";
  public static final String TABLE_PARAM = "feature_table_version.";

  static TestWindow of(ModelVersion v, ModelRegistry registry) {
    Map<String, String> params = null;
    String window = v.tags().get(TAG_PREFIX + "test_window");
    String knownBy = v.tags().get(TAG_PREFIX + "labels_known_by");
    if (window == null) {
      params = registry.runParams(v.runId());
      window = params.get("test_window");
      knownBy = params.get("labels_known_by");
    }
    if (window == null) {
      throw ValidationErrors.noTestWindow(v.name(), v.version());
    }
    String[] days = window.split("\\.\\.");
    LocalDate from;
    LocalDate to;
    try {
      from = LocalDate.parse(days[0].trim());
      to = LocalDate.parse(days[days.length - 1].trim());
    } catch (DateTimeParseException e) {
      throw ValidationErrors.noTestWindow(v.name(), v.version());
    }
    Map<String, Long> pins = new LinkedHashMap<>();
    v.tags()
        .forEach(
            (k, val) -> {
              if (k.startsWith(TABLE_TAG)) {
                pins.put(k.substring(TABLE_TAG.length()), Long.parseLong(val));
              }
            });
    if (pins.isEmpty() && params != null) {
      params.forEach(
          (k, val) -> {
            if (k.startsWith(TABLE_PARAM)) {
              pins.put(k.substring(TABLE_PARAM.length()), Long.parseLong(val));
            }
          });
    }
    Optional<LocalDate> known =
        knownBy == null || knownBy.equals("all")
            ? Optional.empty()
            : Optional.of(LocalDate.parse(knownBy));
    return new TestWindow(from, to, known, Map.copyOf(pins));
  }
}
