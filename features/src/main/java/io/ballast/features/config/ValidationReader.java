package io.ballast.features.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a model's {@code validation} section. Slices and the protected attribute must parse as
 * Spark SQL; every gate must name a known metric (the known ones listed); bounds are numbers.
 */
final class ValidationReader {
  static final Set<String> KEYS =
      Set.of(
          "threshold",
          "top_k_percent",
          "ece_bins",
          "slices",
          "slice_min_positives",
          "protected_attribute",
          "gates");
  static final Set<String> GATE_KEYS =
      Set.of("min", "max", "max_slice_gap", "fairness", "champion");
  static final Set<String> CHAMPION_KEYS =
      Set.of(
          "metric",
          "min_absolute_change",
          "min_relative_change",
          "bootstrap",
          "confidence",
          "seed");

  private ValidationReader() {}

  static ValidationSpec read(Node v, ExpressionParser expressions) {
    if (!v.expectObject(KEYS)) {
      return ValidationSpec.DEFAULT;
    }
    double threshold = number(v, "threshold", 0.5, 0, 1);
    double topK = number(v, "top_k_percent", 1.0, 0, 100);
    if (v.has("top_k_percent") && topK <= 0) {
      v.problems.add(v.child("top_k_percent"), "expected a percentage > 0 and <= 100");
    }
    int bins = (int) number(v, "ece_bins", 10, 1, 1000);
    int minPositives = (int) number(v, "slice_min_positives", 5, 0, Integer.MAX_VALUE);
    List<String> slices = v.stringList("slices", false);
    List<Node> sliceNodes = v.list("slices", false);
    for (int i = 0; i < slices.size() && i < sliceNodes.size(); i++) {
      parses(v, sliceNodes.get(i).path, slices.get(i), expressions);
    }
    Optional<String> prot = v.optString("protected_attribute");
    prot.ifPresent(p -> parses(v, v.child("protected_attribute"), p, expressions));

    Map<String, Double> min = Map.of();
    Map<String, Double> max = Map.of();
    Map<String, Double> gap = Map.of();
    Map<String, Double> fair = Map.of();
    Optional<ValidationSpec.ChampionGate> champion = Optional.empty();
    if (v.has("gates")) {
      Node g = v.get("gates");
      if (g.expectObject(GATE_KEYS)) {
        List<String> metrics = ValidationSpec.knownMetrics();
        min = bounds(g, "min", metrics);
        max = bounds(g, "max", metrics);
        gap = bounds(g, "max_slice_gap", metrics);
        fair = bounds(g, "fairness", ValidationSpec.FAIRNESS_METRICS);
        if (!gap.isEmpty() && slices.isEmpty()) {
          g.problems.add(g.child("max_slice_gap"), "needs validation.slices to compare");
        }
        if (!fair.isEmpty() && prot.isEmpty()) {
          g.problems.add(g.child("fairness"), "needs validation.protected_attribute");
        }
        if (g.has("champion")) {
          champion = Optional.ofNullable(champion(g.get("champion")));
        }
      }
    }
    return new ValidationSpec(
        threshold,
        topK,
        bins,
        List.copyOf(slices),
        prot,
        min,
        max,
        gap,
        minPositives,
        fair,
        champion);
  }

  private static ValidationSpec.ChampionGate champion(Node c) {
    if (!c.expectObject(CHAMPION_KEYS)) {
      return null;
    }
    String metric = c.string("metric");
    List<String> comparable =
        ValidationSpec.knownMetrics().stream()
            .filter(m -> !ValidationSpec.COUNTS.contains(m))
            .toList();
    if (!metric.isEmpty() && !comparable.contains(metric)) {
      c.problems.add(c.child("metric"), "unknown metric '" + metric + "'; known: " + comparable);
    }
    double abs = number(c, "min_absolute_change", 0.0, 0, Double.MAX_VALUE);
    double rel = number(c, "min_relative_change", 0.0, 0, Double.MAX_VALUE);
    int boot = (int) number(c, "bootstrap", 200, 0, 10_000);
    double conf = number(c, "confidence", 0.95, 0.5, 0.9999);
    long seed = (long) number(c, "seed", 17, 0, Long.MAX_VALUE);
    return new ValidationSpec.ChampionGate(metric, abs, rel, boot, conf, seed);
  }

  private static Map<String, Double> bounds(Node g, String key, List<String> known) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (!g.has(key)) {
      return out;
    }
    Node m = g.get(key);
    if (!m.json.isObject()) {
      g.problems.add(m.path, "expected a mapping of metric: bound, got " + Node.kindOf(m.json));
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> it = m.json.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = m.child(e.getKey());
      if (!known.contains(e.getKey())) {
        g.problems.add(path, "unknown metric '" + e.getKey() + "'; known: " + known);
      } else if (!e.getValue().isNumber()) {
        g.problems.add(path, "expected a number, got " + Node.kindOf(e.getValue()));
      } else {
        out.put(e.getKey(), e.getValue().asDouble());
      }
    }
    return Map.copyOf(out);
  }

  private static void parses(Node n, String path, String expr, ExpressionParser expressions) {
    expressions
        .check(expr)
        .ifPresent(err -> n.problems.add(path, "'" + expr + "' does not parse: " + err));
  }

  private static double number(Node n, String key, double dflt, double lo, double hi) {
    if (!n.has(key)) {
      return dflt;
    }
    JsonNode v = n.json.get(key);
    if (!v.isNumber() || v.asDouble() < lo || v.asDouble() > hi) {
      n.problems.add(
          n.child(key), "expected a number from " + lo + " to " + hi + ", got " + Node.kindOf(v));
      return dflt;
    }
    return v.asDouble();
  }
}
