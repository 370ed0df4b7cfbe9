package io.ballast.features.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code models} list of a definition. Every problem is recorded with its path: unknown
 * keys, algorithms and hyperparameters (the valid ones listed), unknown features, windows that are
 * not whole numbers > 0.
 */
final class ModelSectionReader {
  static final Set<String> MODEL_KEYS =
      Set.of(
          "name",
          "algorithm",
          "features",
          "categorical",
          "training_window_days",
          "validation_days",
          "test_days",
          "params",
          "search",
          "class_weight",
          "calibration",
          "validation",
          "windows");
  static final Set<String> WINDOW_KEYS = Set.of("train", "validation", "test");
  static final Set<String> SEARCH_KEYS =
      Set.of("method", "parallelism", "metric", "grid", "samples");

  private ModelSectionReader() {}

  /** The models of {@code root.models}, given every feature name the definition declares. */
  static List<ModelSpec> read(Node root, List<String> featureNames) {
    return read(root, featureNames, ExpressionParser.NONE);
  }

  /** As above, checking that validation slice expressions parse. */
  static List<ModelSpec> read(Node root, List<String> featureNames, ExpressionParser expressions) {
    List<ModelSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node m : root.list("models", false)) {
      ModelSpec spec = model(m, featureNames, expressions);
      if (spec == null) {
        continue;
      }
      if (!names.add(spec.name())) {
        m.problems.add(m.child("name"), "duplicate model name '" + spec.name() + "'");
      }
      out.add(spec);
    }
    return List.copyOf(out);
  }

  private static ModelSpec model(Node m, List<String> featureNames, ExpressionParser expressions) {
    if (!m.expectObject(MODEL_KEYS)) {
      return null;
    }
    String name = m.identifier("name");
    String algoText = m.string("algorithm");
    Optional<Algorithm> algo = Algorithm.parse(algoText);
    if (!algoText.isEmpty() && algo.isEmpty()) {
      m.problems.add(
          m.child("algorithm"),
          "unknown algorithm '" + algoText + "'; known: " + Algorithm.known());
    }
    List<String> features = m.stringList("features", false);
    checkFeatures(m, "features", features, featureNames);
    List<String> categorical = m.stringList("categorical", false);
    checkFeatures(m, "categorical", categorical, features.isEmpty() ? featureNames : features);
    int train = positiveInt(m, "training_window_days", 7);
    int validation = positiveInt(m, "validation_days", 1);
    int test = positiveInt(m, "test_days", 1);

    Map<String, Object> params = new LinkedHashMap<>();
    Node p = m.get("params");
    if (m.has("params")) {
      if (!p.json.isObject()) {
        m.problems.add(
            p.path, "expected a mapping of hyperparameter: value, got " + Node.kindOf(p.json));
      } else {
        fields(p.json)
            .forEach(
                (k, v) -> {
                  checkParam(p, k, algo);
                  scalar(p, p.child(k), v).ifPresent(x -> params.put(k, x));
                });
      }
    }
    Optional<SearchSpec> search =
        m.has("search") ? Optional.ofNullable(search(m.get("search"), algo)) : Optional.empty();

    ModelSpec.ClassWeight weight =
        choice(
            m,
            "class_weight",
            ModelSpec.ClassWeight.class,
            ModelSpec.ClassWeight.BALANCED,
            "class weight",
            "balanced or none");
    ModelSpec.Calibration calibration =
        choice(
            m,
            "calibration",
            ModelSpec.Calibration.class,
            ModelSpec.Calibration.PLATT,
            "calibration",
            "platt, isotonic or none");
    ValidationSpec gates =
        m.has("validation")
            ? ValidationReader.read(m.get("validation"), expressions)
            : ValidationSpec.DEFAULT;
    Optional<ModelWindows> windows =
        m.has("windows") ? windows(m.get("windows")) : Optional.empty();
    if (algo.isEmpty()) {
      return null;
    }
    return new ModelSpec(
        name,
        algo.get(),
        List.copyOf(features),
        List.copyOf(categorical),
        train,
        validation,
        test,
        Map.copyOf(params),
        search,
        weight,
        gates,
        calibration,
        windows);
  }

  /** {@code windows: {train: [from, to], validation: [from, to], test: [from, to]}}. */
  private static Optional<ModelWindows> windows(Node w) {
    if (!w.expectObject(WINDOW_KEYS)) {
      return Optional.empty();
    }
    Optional<LocalDate[]> train = window(w, "train", true);
    Optional<LocalDate[]> validation = window(w, "validation", false);
    Optional<LocalDate[]> test = window(w, "test", true);
    if (train.isEmpty() || test.isEmpty() || (w.has("validation") && validation.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(
        new ModelWindows(
            train.get()[0],
            train.get()[1],
            validation.map(v -> v[0]),
            validation.map(v -> v[1]),
            test.get()[0],
            test.get()[1]));
  }

  private static Optional<LocalDate[]> window(Node w, String key, boolean required) {
    String path = w.child(key);
    if (!w.has(key)) {
      if (required) {
        w.problems.add(path, "is required: [first day, last day], e.g. [2026-01-01, 2026-02-28]");
      }
      return Optional.empty();
    }
    JsonNode v = w.json.get(key);
    if (!v.isArray() || v.size() != 2) {
      w.problems.add(path, "expected [first day, last day] (YYYY-MM-DD), got " + Node.kindOf(v));
      return Optional.empty();
    }
    LocalDate[] out = new LocalDate[2];
    for (int i = 0; i < 2; i++) {
      try {
        out[i] = LocalDate.parse(v.get(i).asText().trim());
      } catch (java.time.format.DateTimeParseException e) {
        w.problems.add(
            path + "[" + i + "]", "expected a day YYYY-MM-DD, got '" + v.get(i).asText() + "'");
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }

  /** An enum value named (in any case) by {@code key}, else the default; a bad name recorded. */
  private static <E extends Enum<E>> E choice(
      Node m, String key, Class<E> type, E dflt, String what, String allowed) {
    Optional<String> text = m.optString(key);
    if (text.isEmpty()) {
      return dflt;
    }
    try {
      return Enum.valueOf(type, text.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      m.problems.add(m.child(key), "unknown " + what + " '" + text.get() + "'; use " + allowed);
      return dflt;
    }
  }

  private static SearchSpec search(Node s, Optional<Algorithm> algo) {
    if (!s.expectObject(SEARCH_KEYS)) {
      return null;
    }
    String methodText = s.optString("method").orElse("grid");
    SearchSpec.Method method = SearchSpec.Method.GRID;
    try {
      method = SearchSpec.Method.valueOf(methodText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      s.problems.add(
          s.child("method"), "unknown search method '" + methodText + "'; use grid or random");
    }
    int parallelism = positiveInt(s, "parallelism", 2);
    String metric = s.optString("metric").orElse("areaUnderROC");
    if (!SearchSpec.METRICS.contains(metric)) {
      s.problems.add(
          s.child("metric"), "unknown metric '" + metric + "'; known: " + SearchSpec.METRICS);
    }
    Map<String, List<Object>> grid = new LinkedHashMap<>();
    Node g = s.get("grid");
    if (!s.has("grid")) {
      s.problems.add(g.path, "is required: hyperparameter: [values to try]");
    } else if (!g.json.isObject()) {
      s.problems.add(
          g.path, "expected a mapping of hyperparameter: [values], got " + Node.kindOf(g.json));
    } else {
      fields(g.json)
          .forEach(
              (k, v) -> {
                checkParam(g, k, algo);
                String path = g.child(k);
                if (!v.isArray() || v.isEmpty()) {
                  s.problems.add(
                      path, "expected a non-empty list of values, got " + Node.kindOf(v));
                  return;
                }
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                  scalar(g, path + "[" + i + "]", v.get(i)).ifPresent(values::add);
                }
                grid.put(k, List.copyOf(values));
              });
    }
    Optional<Integer> samples = Optional.empty();
    if (s.has("samples")) {
      samples = Optional.of(positiveInt(s, "samples", 1));
    } else if (method == SearchSpec.Method.RANDOM) {
      s.problems.add(
          s.child("samples"), "is required for method random: how many candidates to draw");
    }
    return new SearchSpec(method, parallelism, metric, Map.copyOf(grid), samples);
  }

  private static void checkParam(Node n, String key, Optional<Algorithm> algo) {
    if (algo.isPresent() && !algo.get().params().contains(key)) {
      n.problems.add(
          n.child(key),
          "unknown hyperparameter '"
              + key
              + "' for algorithm "
              + algo.get().key()
              + "; valid: "
              + algo.get().paramsSorted());
    }
  }

  private static void checkFeatures(Node m, String key, List<String> given, List<String> known) {
    for (int i = 0; i < given.size(); i++) {
      if (!known.contains(given.get(i))) {
        m.problems.add(
            m.child(key) + "[" + i + "]",
            "unknown feature '" + given.get(i) + "'; declared: " + new TreeSet<>(known));
      }
    }
  }

  private static Optional<Object> scalar(Node n, String path, JsonNode v) {
    if (v.isIntegralNumber()) {
      return Optional.of(v.asLong());
    }
    if (v.isNumber()) {
      return Optional.of(v.asDouble());
    }
    if (v.isBoolean()) {
      return Optional.of(v.asBoolean());
    }
    if (v.isTextual() && !v.asText().isBlank()) {
      return Optional.of(v.asText().trim());
    }
    n.problems.add(path, "expected a number, true/false or text, got " + Node.kindOf(v));
    return Optional.empty();
  }

  private static int positiveInt(Node n, String key, int dflt) {
    if (!n.has(key)) {
      return dflt;
    }
    JsonNode v = n.json.get(key);
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
      n.problems.add(n.child(key), "expected a whole number > 0, got " + Node.kindOf(v));
      return dflt;
    }
    return v.asInt();
  }

  private static Map<String, JsonNode> fields(JsonNode obj) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }
}
