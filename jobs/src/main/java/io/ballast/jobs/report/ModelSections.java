package io.ballast.jobs.report;

import static io.ballast.jobs.report.ReportQueries.days;
import static io.ballast.jobs.report.ReportQueries.empty;
import static io.ballast.jobs.report.ReportQueries.lit;
import static io.ballast.jobs.report.ReportQueries.series;
import static io.ballast.jobs.report.ReportQueries.table;
import static io.ballast.jobs.report.Svg.esc;

import io.ballast.features.lakehouse.BallastTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * The report's model sections: metrics by version and slice and on live days, the validation gates
 * and promotion history (and why there is no champion, when there is none).
 */
final class ModelSections {
  /**
   * The embedded registry's promotion log ({@code ModelRegistry.recordAliasEvent}); with MLflow the
   * history lives in the server's version tags and this table is absent.
   */
  static final String ALIAS_EVENTS = BallastTable.MODEL_ALIAS_EVENTS.name();

  /** Validations listed at most (the latest). */
  static final int MAX_VALIDATIONS = 20;

  private final ReportQueries q;
  private final ReportJob.Params params;

  ModelSections(ReportQueries q, ReportJob.Params params) {
    this.q = q;
    this.params = params;
  }

  String metrics() {
    if (!q.hasRows(BallastTable.MODEL_METRICS.name())) {
      return empty(
          "No model metrics yet: run <code>ballast model validate --pipeline P --date D</code>"
              + " to fill <code>ballast.model_metrics</code>.");
    }
    String metric = q.pick(BallastTable.MODEL_METRICS.name(), "metric", params.metric());
    List<Row> bySlice =
        q.sql(
            "SELECT concat(model_name, ' v', model_version) AS version,"
                + " CASE WHEN slice = 'all' THEN 'all' ELSE concat(slice, ' = ', slice_value) END,"
                + " avg(value) FROM "
                + BallastTable.MODEL_METRICS.qualified()
                + " WHERE metric = %s AND dataset IN ('test', 'training')"
                + " GROUP BY 1, 2",
            lit(metric));
    StringBuilder html = new StringBuilder();
    if (!bySlice.isEmpty()) {
      List<String> slices =
          new ArrayList<>(new TreeSet<>(bySlice.stream().map(r -> r.getString(1)).toList()));
      slices.remove("all");
      slices.add(0, "all");
      html.append("<h3>")
          .append(esc(metric))
          .append(" by version and slice (test / training windows)</h3>")
          .append(BarChart.draw("model-slices", slices, series(bySlice, 0, 1, 2, slices), metric));
    }
    List<Row> live =
        q.sql(
            "SELECT concat(model_name, ' v', model_version), ds, avg(value) FROM "
                + BallastTable.MODEL_METRICS.qualified()
                + " WHERE metric = %s AND dataset = 'live'"
                + " AND slice = 'all' GROUP BY 1, 2",
            lit(metric));
    if (!live.isEmpty()) {
      List<String> liveDays = days(live, 1);
      Map<String, double[]> lines = series(live, 0, 1, 2);
      lines.putAll(atTraining(metric, lines.keySet(), liveDays.size()));
      html.append("<h3>")
          .append(esc(metric))
          .append(" on live days by version, against its value at training <small>")
          .append(esc(Svg.span(liveDays)))
          .append("</small></h3>")
          .append(LineChart.draw("model-live", liveDays, lines, Map.of(), metric, bounds(lines)));
    }
    List<Row> summary =
        q.sql(
            "SELECT model_name, model_version, dataset, metric, avg(value) FROM "
                + BallastTable.MODEL_METRICS.qualified()
                + " WHERE slice = 'all' AND metric IN ('roc_auc','pr_auc','log_loss','brier',"
                + "'precision','recall','f1','rows') GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
    Map<String, Map<String, String>> pivot = new TreeMap<>();
    TreeSet<String> metrics = new TreeSet<>();
    for (Row r : summary) {
      String key = r.getString(0) + " v" + r.getString(1) + " / " + r.getString(2);
      pivot.computeIfAbsent(key, k -> new TreeMap<>()).put(r.getString(3), Svg.fmt(r.getDouble(4)));
      metrics.add(r.getString(3));
    }
    List<String> header = new ArrayList<>(List.of("version / dataset"));
    header.addAll(metrics);
    List<List<String>> cells = new ArrayList<>();
    pivot.forEach(
        (k, m) -> {
          List<String> row = new ArrayList<>(List.of(k));
          metrics.forEach(x -> row.add(m.getOrDefault(x, "")));
          cells.add(row);
        });
    return html.append(table(header, cells)).toString();
  }

  /**
   * The current aliases (and, per model without a champion, why), the latest validations with their
   * failed gates, each validation's gates in full, and every promotion and rollback.
   */
  String promotion() {
    boolean validations = q.hasRows(BallastTable.MODEL_VALIDATIONS.name());
    boolean aliases = q.hasRows(BallastTable.MODEL_ALIASES.name());
    boolean events = q.hasRows(ALIAS_EVENTS);
    if (!validations && !aliases && !events) {
      return empty(
          "No validations or aliases yet: run <code>ballast train</code> (registers a"
              + " challenger), <code>ballast model validate</code> (gates into"
              + " <code>ballast.model_validations</code>) and <code>ballast model promote</code>.");
    }
    Map<String, Map<String, String>> current = new TreeMap<>();
    if (aliases) {
      for (Row r :
          q.sql(
              "SELECT model_name, alias, CAST(version AS STRING) FROM "
                  + BallastTable.MODEL_ALIASES.qualified())) {
        current
            .computeIfAbsent(r.getString(0), k -> new TreeMap<>())
            .put(r.getString(1), r.getString(2));
      }
    }
    List<Validation> runs = validations ? validations() : List.of();
    StringBuilder html = new StringBuilder("<h3>Current aliases</h3>");
    if (aliases) {
      Set<String> models = new TreeSet<>(current.keySet());
      runs.forEach(v -> models.add(v.model()));
      List<List<String>> cells = new ArrayList<>();
      for (String m : models) {
        Map<String, String> a = current.getOrDefault(m, Map.of());
        cells.add(
            List.of(
                m,
                a.getOrDefault("champion", "none"),
                a.getOrDefault("challenger", "-"),
                a.getOrDefault("previous", "-")));
      }
      html.append(table(List.of("model", "champion", "challenger", "previous"), cells));
      for (String m : models) {
        if (!current.getOrDefault(m, Map.of()).containsKey("champion")) {
          html.append("<p class=\"warn\">").append(esc(whyNoChampion(m, runs))).append("</p>");
        }
      }
    } else {
      html.append(
          "<p>Not in this lakehouse (the models are registered in MLflow): <code>ballast model"
              + " aliases MODEL --tracking-uri URI</code> lists them.</p>");
    }
    if (!runs.isEmpty()) {
      html.append("<h3>Validations <small>latest first</small></h3>");
      List<List<String>> rows = new ArrayList<>();
      for (Validation v : runs.subList(0, Math.min(MAX_VALIDATIONS, runs.size()))) {
        rows.add(
            List.of(
                v.at(),
                v.model() + " v" + v.version(),
                v.champion() == null ? "none" : "v" + v.champion(),
                v.window(),
                v.passed() + " of " + v.gates().size() + " passed",
                v.outcome(),
                v.failures().isEmpty() ? "-" : String.join("; ", v.failures())));
      }
      html.append(
          table(
              List.of(
                  "decided at",
                  "version",
                  "against champion",
                  "test window",
                  "gates",
                  "outcome",
                  "failed gates"),
              rows));
      Validation last = runs.get(0);
      html.append("<h3>Gates of the latest validation <small>")
          .append(esc(last.model() + " v" + last.version() + ", " + last.at()))
          .append("</small></h3>")
          .append(
              table(
                  List.of("gate", "metric", "slice", "value", "bound", "result", "detail"),
                  last.gates()));
    }
    html.append("<h3>Promotion history</h3>");
    if (events) {
      List<List<String>> rows = new ArrayList<>();
      for (Row r :
          q.sql(
              "SELECT CAST(at AS STRING), model_name, action, alias,"
                  + " coalesce(CAST(from_version AS STRING), 'none'), CAST(to_version AS STRING),"
                  + " coalesce(user, ''), coalesce(reason, '') FROM ballast.%s ORDER BY at DESC"
                  + " LIMIT 50",
              ALIAS_EVENTS)) {
        rows.add(
            List.of(
                r.getString(0).replaceAll("\\.\\d+$", ""),
                r.getString(1),
                r.getString(2),
                r.getString(3) + ": " + r.getString(4) + " -> " + r.getString(5),
                r.getString(6),
                r.getString(7)));
      }
      html.append(table(List.of("at (UTC)", "model", "action", "alias move", "by", "why"), rows));
    } else {
      html.append(
          "<p>No promotion or rollback recorded (<code>ballast model promote</code> records one"
              + " in the embedded registry).</p>");
    }
    return html.toString();
  }

  /** One validation: its key, its outcome and its gates as table rows. */
  record Validation(
      String id,
      String model,
      String version,
      String champion,
      String window,
      String outcome,
      String at,
      List<List<String>> gates,
      List<String> failures) {
    long passed() {
      return gates.stream().filter(g -> g.get(5).equals("passed")).count();
    }
  }

  private List<Validation> validations() {
    Map<String, Validation> byId = new LinkedHashMap<>();
    for (Row r :
        q.sql(
            "SELECT validation_id, model_name, model_version, champion_version,"
                + " concat(coalesce(window_from, '?'), ' .. ', coalesce(window_to, '?')), outcome,"
                + " CAST(decided_at AS STRING), gate, coalesce(metric, ''), coalesce(slice, ''),"
                + " value, bound, passed, coalesce(detail, '') FROM "
                + BallastTable.MODEL_VALIDATIONS.qualified()
                + " ORDER BY decided_at DESC, validation_id, gate, metric, slice LIMIT 2000")) {
      Validation v =
          byId.computeIfAbsent(
              r.getString(0),
              id ->
                  new Validation(
                      id,
                      r.getString(1),
                      r.getString(2),
                      r.getString(3),
                      r.getString(4),
                      r.getString(5),
                      r.getString(6).replaceAll("\\.\\d+$", ""),
                      new ArrayList<>(),
                      new ArrayList<>()));
      boolean passed = r.getBoolean(12);
      String value = r.isNullAt(10) ? "undefined" : Svg.fmt(r.getDouble(10));
      String bound = r.isNullAt(11) ? "" : Svg.fmt(r.getDouble(11));
      v.gates()
          .add(
              List.of(
                  r.getString(7),
                  r.getString(8),
                  r.getString(9),
                  value,
                  bound,
                  passed ? "passed" : "FAILED",
                  r.getString(13)));
      if (!passed) {
        v.failures()
            .add(
                r.getString(7)
                    + " "
                    + r.getString(8)
                    + (r.getString(9).isEmpty() || r.getString(9).equals("all")
                        ? ""
                        : " [" + r.getString(9) + "]")
                    + ": "
                    + value
                    + (bound.isEmpty() ? "" : " vs bound " + bound));
      }
    }
    return new ArrayList<>(byId.values());
  }

  /** A sentence on why {@code model} has no champion, from its validations (latest first). */
  static String whyNoChampion(String model, List<Validation> runs) {
    List<Validation> own = runs.stream().filter(v -> v.model().equals(model)).toList();
    if (own.isEmpty()) {
      return model
          + " has no champion: no version has been validated. Run ballast model validate, then"
          + " ballast model promote.";
    }
    Validation last = own.get(0);
    if (last.failures().isEmpty()) {
      return model
          + " has no champion: version "
          + last.version()
          + " passed every gate ("
          + last.at()
          + ") but has not been promoted. Run ballast model promote "
          + model
          + " --version "
          + last.version()
          + ".";
    }
    return model
        + " has no champion: the latest validation, of version "
        + last.version()
        + " ("
        + last.at()
        + "), failed "
        + last.failures().size()
        + " of "
        + last.gates().size()
        + " gates: "
        + String.join("; ", last.failures())
        + ". A version is promoted only when every gate passes.";
  }

  /** [0, 1] when every value is a share (AUC, precision, ...), else free. */
  private static LineChart.Bounds bounds(Map<String, double[]> lines) {
    for (double[] v : lines.values()) {
      for (double d : v) {
        if (!Double.isNaN(d) && (d < 0 || d > 1)) {
          return LineChart.Bounds.FREE;
        }
      }
    }
    return LineChart.Bounds.SHARE;
  }

  /**
   * For each version with live days, a flat line at its value when it was trained: the run's test
   * window as recorded beside the live rows (dataset 'training'), else its validation's test window
   * (dataset 'test'), so a live decline reads against where the model started.
   */
  private Map<String, double[]> atTraining(String metric, Set<String> versions, int days) {
    Map<String, Double> training = new TreeMap<>();
    Map<String, Double> test = new TreeMap<>();
    for (Row r :
        q.sql(
            "SELECT concat(model_name, ' v', model_version), dataset, avg(value) FROM "
                + BallastTable.MODEL_METRICS.qualified()
                + " WHERE metric = %s AND slice = 'all' AND dataset IN"
                + " ('training', 'test') GROUP BY 1, 2",
            lit(metric))) {
      (r.getString(1).equals("training") ? training : test).put(r.getString(0), r.getDouble(2));
    }
    Map<String, double[]> out = new TreeMap<>();
    for (String v : versions) {
      Double value = training.getOrDefault(v, test.get(v));
      if (value != null) {
        double[] flat = new double[days];
        java.util.Arrays.fill(flat, value);
        out.put(v + " at training", flat);
      }
    }
    return out;
  }
}
