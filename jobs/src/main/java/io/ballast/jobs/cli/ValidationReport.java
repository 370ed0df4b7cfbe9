package io.ballast.jobs.cli;

import io.ballast.features.config.ValidationSpec;
import io.ballast.validation.model.Comparison;
import io.ballast.validation.model.GateResult;
import io.ballast.validation.model.SliceMetrics;
import io.ballast.validation.model.ValidateJob;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code model validate} prints: metrics by slice, fairness, the comparison, the gates, JSON.
 */
final class ValidationReport {
  private ValidationReport() {}

  /** The counts and classification metrics, as the report's columns. */
  static final List<String> SHOWN = shown();

  private static List<String> shown() {
    List<String> all = new ArrayList<>(ValidationSpec.COUNTS);
    all.addAll(ValidationSpec.CLASSIFICATION_METRICS);
    return List.copyOf(all);
  }

  static void print(PrintWriter o, ValidateJob.Result r) {
    o.printf(
        "Validated %s version %s on test window %s..%s against %s%n",
        r.model(),
        r.version(),
        r.windowFrom(),
        r.windowTo(),
        r.championVersion().map(v -> "champion version " + v).orElse("no champion"));
    List<List<String>> rows = new ArrayList<>();
    for (SliceMetrics s : r.metrics()) {
      List<String> row = new ArrayList<>(List.of(s.slice(), s.sliceValue()));
      SHOWN.forEach(m -> row.add(s.value(m).map(ValidationReport::fmt).orElse("-")));
      rows.add(row);
    }
    List<String> head = new ArrayList<>(List.of("slice", "value"));
    head.addAll(SHOWN);
    Output.table(o, head, rows);
    if (!r.fairness().isEmpty()) {
      o.println("Fairness (protected - rest): " + fmtMap(r.fairness()));
    }
    r.comparison()
        .ifPresent(
            c ->
                o.printf(
                    "Champion comparison on %s: challenger %s vs champion %s, improvement %s,"
                        + " %.0f%% CI [%s, %s] (%d bootstrap replicates)%n",
                    c.metric(),
                    fmt(c.challenger()),
                    fmt(c.champion()),
                    fmt(c.improvement()),
                    c.confidence() * 100,
                    fmt(c.ciLow()),
                    fmt(c.ciHigh()),
                    c.replicates()));
    List<List<String>> gates = new ArrayList<>();
    for (GateResult g : r.gates()) {
      gates.add(
          List.of(
              g.gate(),
              String.valueOf(g.metric()),
              String.valueOf(g.slice()),
              g.value() == null ? "-" : fmt(g.value()),
              g.bound() == null ? "-" : fmt(g.bound()),
              g.passed() ? "passed" : "FAILED",
              g.detail()));
    }
    if (gates.isEmpty()) {
      o.println("Gates: none declared (models[].validation.gates)");
    } else {
      Output.table(
          o, List.of("gate", "metric", "slice", "value", "bound", "result", "detail"), gates);
    }
    o.println(
        r.passed()
            ? "Decision: every gate passed; 'ballast model promote' may move champion to version "
                + r.version()
            : "Decision: " + r.failures().size() + " gate(s) FAILED; aliases unchanged");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("validation_id", r.validationId());
    json.put("model", r.model());
    json.put("version", r.version());
    json.put("champion_version", r.championVersion().orElse(null));
    json.put("test_window", r.windowFrom() + ".." + r.windowTo());
    json.put("passed", r.passed());
    json.put("failed_gates", r.failures());
    json.put(
        "metrics",
        r.metrics().stream()
            .filter(SliceMetrics::isAll)
            .findFirst()
            .map(SliceMetrics::values)
            .orElse(Map.of()));
    json.put("fairness", r.fairness());
    r.comparison().ifPresent(c -> json.put("comparison", comparison(c)));
    json.put("seconds", r.seconds());
    o.println(Output.json(json));
    o.flush();
  }

  private static Map<String, Object> comparison(Comparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("metric", c.metric());
    m.put("challenger", finite(c.challenger()));
    m.put("champion", finite(c.champion()));
    m.put("improvement", finite(c.improvement()));
    m.put("ci_low", finite(c.ciLow()));
    m.put("ci_high", finite(c.ciHigh()));
    m.put("replicates", c.replicates());
    return m;
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static String fmtMap(Map<String, Double> m) {
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> parts.add(k + " " + fmt(v)));
    return String.join(", ", parts);
  }

  static String fmt(double d) {
    if (Double.isNaN(d)) {
      return "undefined";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e12) {
      return String.valueOf((long) d);
    }
    return String.format(Locale.ROOT, "%.4f", d);
  }
}
