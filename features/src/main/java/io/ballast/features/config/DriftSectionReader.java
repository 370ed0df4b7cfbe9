package io.ballast.features.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the top-level {@code drift:} section; every problem is recorded with its path. Thresholds
 * are numbers or {@code off} (no threshold for that statistic).
 */
final class DriftSectionReader {
  static final Set<String> KEYS =
      Set.of(
          "model",
          "slices",
          "thresholds",
          "feature_thresholds",
          "drifted_share_bound",
          "bins",
          "exclude",
          "pvalue_max_rows",
          "baseline",
          "calibration");

  private DriftSectionReader() {}

  static DriftSpec read(
      Node root, ExpressionParser expressions, List<String> featureNames, List<ModelSpec> models) {
    if (!root.has("drift")) {
      return DriftSpec.defaults();
    }
    Node d = root.get("drift");
    if (!d.expectObject(KEYS)) {
      return DriftSpec.defaults();
    }
    Optional<String> model = d.optString("model");
    List<String> modelNames = models.stream().map(ModelSpec::name).toList();
    if (model.isPresent() && !modelNames.contains(model.get())) {
      d.problems.add(
          d.child("model"), "unknown model '" + model.get() + "'; declared: " + modelNames);
    }
    List<String> slices = d.stringList("slices", false);
    for (int i = 0; i < slices.size(); i++) {
      String s = slices.get(i);
      int at = i;
      expressions
          .check(s)
          .ifPresent(
              err ->
                  d.problems.add(
                      d.child("slices") + "[" + at + "]", "'" + s + "' does not parse: " + err));
    }
    Map<String, Double> thresholds = DriftSpec.defaultThresholds();
    if (d.has("thresholds")) {
      thresholds(d, d.json.get("thresholds"), d.child("thresholds"), thresholds);
    }
    Map<String, Map<String, Double>> perFeature = new LinkedHashMap<>();
    Map<String, Set<String>> featureOwn = new LinkedHashMap<>();
    if (d.has("feature_thresholds")) {
      JsonNode ft = d.json.get("feature_thresholds");
      String at = d.child("feature_thresholds");
      if (!ft.isObject()) {
        d.problems.add(
            at,
            "expected a mapping of feature: {statistic: number or off}, got " + Node.kindOf(ft));
      } else {
        Iterator<Map.Entry<String, JsonNode>> it = ft.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          String path = at + "." + e.getKey();
          if (!featureNames.contains(e.getKey())) {
            d.problems.add(path, "unknown feature '" + e.getKey() + "'; declared: " + featureNames);
            continue;
          }
          Map<String, Double> own = new LinkedHashMap<>(thresholds);
          thresholds(d, e.getValue(), path, own);
          perFeature.put(e.getKey(), Map.copyOf(own));
          if (e.getValue().isObject()) {
            Set<String> named = new TreeSet<>();
            e.getValue().fieldNames().forEachRemaining(named::add);
            named.retainAll(DriftSpec.STATISTICS);
            featureOwn.put(e.getKey(), Set.copyOf(named));
          }
        }
      }
    }
    double bound = DriftSpec.DEFAULT_BOUND;
    if (d.has("drifted_share_bound")) {
      JsonNode b = d.json.get("drifted_share_bound");
      if (b.isNumber() && b.asDouble() > 0 && b.asDouble() <= 1) {
        bound = b.asDouble();
      } else {
        d.problems.add(
            d.child("drifted_share_bound"),
            "expected a share above 0 and at most 1 (e.g. 0.5), got " + Node.kindOf(b));
      }
    }
    int bins = DriftSpec.DEFAULT_BINS;
    if (d.has("bins")) {
      JsonNode b = d.json.get("bins");
      if (b.canConvertToInt() && b.isIntegralNumber() && b.asInt() >= 2 && b.asInt() <= 1000) {
        bins = b.asInt();
      } else {
        d.problems.add(
            d.child("bins"), "expected a whole number from 2 to 1000, got " + Node.kindOf(b));
      }
    }
    OptionalLong pvalueMaxRows = OptionalLong.of(DriftSpec.DEFAULT_PVALUE_MAX_ROWS);
    if (d.json.has("pvalue_max_rows")) { // null, like off, means p-values decide at every size
      JsonNode m = d.json.get("pvalue_max_rows");
      if (m.isNull()
          || m.isBoolean() && !m.asBoolean()
          || m.isTextual() && m.asText().trim().equals("off")) {
        pvalueMaxRows = OptionalLong.empty();
      } else if (m.isIntegralNumber() && m.canConvertToLong() && m.asLong() >= 0) {
        pvalueMaxRows = OptionalLong.of(m.asLong());
      } else {
        d.problems.add(
            d.child("pvalue_max_rows"),
            "expected a whole number of rows >= 0 (e.g. 1000) or off, got " + Node.kindOf(m));
      }
    }
    DriftBaseline baseline =
        d.json.has("baseline")
            ? baseline(d, d.json.get("baseline"), d.child("baseline"))
            : DriftBaseline.TRAINING;
    Optional<DriftCalibration> calibration =
        d.json.has("calibration")
            ? calibration(d, d.json.get("calibration"), d.child("calibration"))
            : Optional.empty();
    List<String> exclude = new ArrayList<>(d.stringList("exclude", false));
    for (int i = 0; i < exclude.size(); i++) {
      if (!featureNames.contains(exclude.get(i))) {
        d.problems.add(
            d.child("exclude") + "[" + i + "]",
            "unknown feature '" + exclude.get(i) + "'; declared: " + featureNames);
      }
    }
    return new DriftSpec(
        model,
        List.copyOf(slices),
        thresholds,
        bound,
        bins,
        List.copyOf(exclude),
        Map.copyOf(perFeature),
        pvalueMaxRows,
        Map.copyOf(featureOwn),
        baseline,
        calibration);
  }

  private static final String CALIBRATION_FORMS =
      "off, training, or {days: training or 2026-01-01..2026-02-28, quantile: 0.95, margin: 1.5}";

  /**
   * Reads {@code off}, {@code training} or {@code {days, quantile, margin}} (each optional) at
   * {@code path}.
   */
  private static Optional<DriftCalibration> calibration(Node d, JsonNode c, String path) {
    if (c.isNull() || c.isBoolean() && !c.asBoolean() || c.isTextual() && isWord(c, "off")) {
      return Optional.empty();
    }
    if (c.isTextual() && isWord(c, "training")) {
      return Optional.of(DriftCalibration.training());
    }
    if (!c.isObject()) {
      d.problems.add(path, "expected " + CALIBRATION_FORMS + ", got " + Node.kindOf(c));
      return Optional.empty();
    }
    int before = d.problems.size();
    Iterator<String> keys = c.fieldNames();
    while (keys.hasNext()) {
      String k = keys.next();
      if (!List.of("days", "quantile", "margin").contains(k)) {
        d.problems.add(path + "." + k, "unknown key '" + k + "'; known: [days, quantile, margin]");
      }
    }
    Optional<DriftCalibration.Window> days = Optional.empty();
    JsonNode w = c.get("days");
    if (w != null && !(w.isTextual() && isWord(w, "training"))) {
      days = window(w);
      if (days.isEmpty()) {
        d.problems.add(
            path + ".days",
            "expected training or a range FROM..TO of ISO days with FROM <= TO (e.g."
                + " 2026-01-01..2026-02-28), got "
                + (w.isTextual() ? "'" + w.asText() + "'" : Node.kindOf(w)));
      }
    }
    double quantile = DriftCalibration.DEFAULT_QUANTILE;
    JsonNode q = c.get("quantile");
    if (q != null) {
      if (q.isNumber() && q.asDouble() > 0 && q.asDouble() <= 1) {
        quantile = q.asDouble();
      } else {
        d.problems.add(
            path + ".quantile",
            "expected a share above 0 and at most 1 (e.g. 0.95), got " + Node.kindOf(q));
      }
    }
    double margin = DriftCalibration.DEFAULT_MARGIN;
    JsonNode m = c.get("margin");
    if (m != null) {
      if (m.isNumber() && Double.isFinite(m.asDouble()) && m.asDouble() >= 1) {
        margin = m.asDouble();
      } else {
        d.problems.add(
            path + ".margin", "expected a factor of at least 1 (e.g. 1.5), got " + Node.kindOf(m));
      }
    }
    if (d.problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new DriftCalibration(days, quantile, margin));
  }

  private static boolean isWord(JsonNode v, String word) {
    return v.asText().trim().equals(word);
  }

  /** {@code 2026-01-01..2026-02-28}; empty when it is not one. */
  private static Optional<DriftCalibration.Window> window(JsonNode w) {
    if (!w.isTextual()) {
      return Optional.empty();
    }
    String[] parts = w.asText().trim().split("\\.\\.", -1);
    if (parts.length != 2) {
      return Optional.empty();
    }
    try {
      LocalDate from = LocalDate.parse(parts[0].trim());
      LocalDate to = LocalDate.parse(parts[1].trim());
      return to.isBefore(from)
          ? Optional.empty()
          : Optional.of(new DriftCalibration.Window(from, to));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static final String BASELINE_FORMS =
      "training, {rolling: Nd} (the N days before) or {same_weekday: K} (the same weekday in the K"
          + " weeks before)";

  /** Reads {@code training}, {@code {rolling: 7d}} or {@code {same_weekday: 4}} at {@code path}. */
  private static DriftBaseline baseline(Node d, JsonNode b, String path) {
    if (b.isTextual() && b.asText().trim().equals(DriftBaseline.Kind.TRAINING.key())) {
      return DriftBaseline.TRAINING;
    }
    if (!b.isObject() || b.size() != 1) {
      d.problems.add(path, "expected " + BASELINE_FORMS + ", got " + Node.kindOf(b));
      return DriftBaseline.TRAINING;
    }
    Map.Entry<String, JsonNode> e = b.fields().next();
    String at = path + "." + e.getKey();
    JsonNode v = e.getValue();
    if (e.getKey().equals(DriftBaseline.Kind.ROLLING.key())) {
      String text = v.isValueNode() ? v.asText().trim() : "";
      String digits = text.endsWith("d") ? text.substring(0, text.length() - 1) : text;
      if (v.isIntegralNumber() && v.canConvertToInt()
          || v.isTextual() && digits.matches("[0-9]{1,4}")) {
        int days = Integer.parseInt(v.isIntegralNumber() ? v.asText() : digits);
        if (days >= 1 && days <= 3660) {
          return DriftBaseline.rolling(days);
        }
      }
      d.problems.add(
          at, "expected a number of days from 1 to 3660 (e.g. 7d), got " + Node.kindOf(v));
    } else if (e.getKey().equals(DriftBaseline.Kind.SAME_WEEKDAY.key())) {
      if (v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 1 && v.asInt() <= 520) {
        return DriftBaseline.sameWeekday(v.asInt());
      }
      d.problems.add(
          at, "expected a number of weeks from 1 to 520 (e.g. 4), got " + Node.kindOf(v));
    } else {
      d.problems.add(
          at,
          "unknown baseline '"
              + e.getKey()
              + "'; known: "
              + List.of(
                  DriftBaseline.Kind.TRAINING.key(),
                  DriftBaseline.Kind.ROLLING.key(),
                  DriftBaseline.Kind.SAME_WEEKDAY.key())
              + " ("
              + BASELINE_FORMS
              + ")");
    }
    return DriftBaseline.TRAINING;
  }

  /** Reads {statistic: number or off} at {@code path} into {@code into}. */
  private static void thresholds(Node d, JsonNode t, String path, Map<String, Double> into) {
    if (!t.isObject()) {
      d.problems.add(path, "expected a mapping of statistic: number or off, got " + Node.kindOf(t));
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> it = t.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = path + "." + e.getKey();
      JsonNode v = e.getValue();
      if (!DriftSpec.THRESHOLD_STATISTICS.contains(e.getKey())) {
        d.problems.add(
            at, "unknown statistic '" + e.getKey() + "'; known: " + DriftSpec.THRESHOLD_STATISTICS);
      } else if (v.isNumber() && Double.isFinite(v.asDouble()) && v.asDouble() >= 0) {
        into.put(e.getKey(), v.asDouble());
      } else if (v.isBoolean() && !v.asBoolean()
          || v.isTextual() && v.asText().trim().equals("off")) {
        into.remove(e.getKey());
      } else {
        d.problems.add(at, "expected a number >= 0 or off, got " + Node.kindOf(v));
      }
    }
  }
}
