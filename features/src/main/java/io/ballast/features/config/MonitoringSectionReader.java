package io.ballast.features.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the top-level {@code monitoring:} section ({@code live: {min: {...}, max: {...},
 * min_labels: N}}); every problem is recorded with its path.
 */
final class MonitoringSectionReader {
  static final Set<String> KEYS = Set.of("live");
  static final Set<String> LIVE_KEYS = Set.of("min", "max", "min_labels");

  private MonitoringSectionReader() {}

  static MonitoringSpec read(Node root) {
    if (!root.has("monitoring")) {
      return MonitoringSpec.defaults();
    }
    Node m = root.get("monitoring");
    if (!m.expectObject(KEYS) || !m.has("live")) {
      return MonitoringSpec.defaults();
    }
    Node live = m.get("live");
    if (!live.expectObject(LIVE_KEYS)) {
      return MonitoringSpec.defaults();
    }
    Map<String, Double> min = bounds(live, "min");
    Map<String, Double> max = bounds(live, "max");
    int minLabels = MonitoringSpec.DEFAULT_MIN_LABELS;
    if (live.has("min_labels")) {
      JsonNode n = live.json.get("min_labels");
      if (n.isIntegralNumber() && n.canConvertToInt() && n.asInt() >= 1) {
        minLabels = n.asInt();
      } else {
        live.problems.add(
            live.child("min_labels"),
            "expected a whole number of at least 1, got " + Node.kindOf(n));
      }
    }
    return new MonitoringSpec(Map.copyOf(min), Map.copyOf(max), minLabels);
  }

  /** Reads {metric: number} under {@code key}; unknown metrics are problems naming the known. */
  private static Map<String, Double> bounds(Node live, String key) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (!live.has(key)) {
      return out;
    }
    JsonNode b = live.json.get(key);
    String path = live.child(key);
    if (!b.isObject()) {
      live.problems.add(
          path, "expected a mapping of metric: number (e.g. roc_auc: 0.65), got " + Node.kindOf(b));
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> it = b.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = path + "." + e.getKey();
      JsonNode v = e.getValue();
      if (!MonitoringSpec.METRICS.contains(e.getKey())) {
        live.problems.add(
            at, "unknown metric '" + e.getKey() + "'; known: " + MonitoringSpec.METRICS);
      } else if (v.isNumber() && Double.isFinite(v.asDouble())) {
        out.put(e.getKey(), v.asDouble());
      } else {
        live.problems.add(at, "expected a number, got " + Node.kindOf(v));
      }
    }
    return out;
  }
}
