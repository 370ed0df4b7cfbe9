package io.ballast.jobs.report;

import static io.ballast.jobs.report.ReportQueries.days;
import static io.ballast.jobs.report.ReportQueries.empty;
import static io.ballast.jobs.report.ReportQueries.lit;
import static io.ballast.jobs.report.ReportQueries.nanGrid;
import static io.ballast.jobs.report.ReportQueries.series;
import static io.ballast.jobs.report.ReportQueries.table;
import static io.ballast.jobs.report.Svg.esc;

import io.ballast.features.config.DriftSpec;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * The report's sections, each from a few GROUP BY queries over the Ballast tables (only small
 * aggregates reach the driver). A section whose table is absent or empty says so, naming the
 * command that fills it. The data sections are here; the model sections in {@link ModelSections}.
 */
final class ReportSections {
  /** Heatmap rows at most; more features are named under the chart. */
  static final int MAX_FEATURES = 100;

  /** Lines at most in a per-feature or per-column chart (the rest are listed, not drawn). */
  static final int MAX_LINES = 12;

  private final ReportQueries q;
  private final ReportJob.Params params;

  ReportSections(LakehouseTables tables, ReportJob.Params params) {
    this.q = new ReportQueries(tables);
    this.params = params;
  }

  /** Section title -> HTML body, in report order. */
  Map<String, String> all() {
    ModelSections models = new ModelSections(q, params);
    Map<String, String> s = new LinkedHashMap<>();
    s.put("Drift", drift());
    s.put("Data quality", quality());
    s.put("Model metrics", models.metrics());
    s.put("Validation and promotion", models.promotion());
    s.put("Predictions", new PredictionSections(q).predictions());
    return s;
  }

  String drift() {
    if (!q.hasRows(BallastTable.DRIFT.name())) {
      return empty(
          "No drift results yet: run <code>ballast drift features --pipeline P --date D</code>"
              + " (and <code>drift predictions</code>) to fill <code>ballast.drift</code>.");
    }
    String statistic = q.pick(BallastTable.DRIFT.name(), "statistic", params.statistic());
    String comparison = q.pick(BallastTable.DRIFT.name(), "comparison", params.comparison());
    List<Row> rows =
        q.sql(
            "SELECT table_name, ds, feature, max(value) AS value,"
                + " max(CAST(coalesce(drifted, false) AS INT)) AS drifted FROM "
                + BallastTable.DRIFT.qualified()
                + " WHERE statistic = %s AND comparison = %s AND slice = 'all'"
                + " GROUP BY table_name, ds, feature",
            lit(statistic),
            lit(comparison));
    Map<String, String> marks = faultMarks();
    StringBuilder html =
        new StringBuilder(
            "<p>Statistic <b>"
                + esc(statistic)
                + "</b> vs <b>"
                + esc(comparison)
                + "</b>, whole population; darker = larger, outlined = above its threshold."
                + (marks.isEmpty() ? "" : " Dashed columns: injected faults.")
                + "</p>");
    Map<String, List<Row>> byTable = new TreeMap<>();
    rows.forEach(r -> byTable.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<Row>> e : byTable.entrySet()) {
      List<String> days = days(e.getValue(), 1);
      List<String> all =
          new ArrayList<>(new TreeSet<>(e.getValue().stream().map(r -> r.getString(2)).toList()));
      List<String> features = all.subList(0, Math.min(MAX_FEATURES, all.size()));
      Map<String, Integer> dayIndex = index(days);
      Map<String, Integer> featureIndex = index(features);
      double[][] v = nanGrid(features.size(), days.size());
      boolean[][] flag = new boolean[features.size()][days.size()];
      for (Row r : e.getValue()) {
        Integer x = dayIndex.get(r.getString(1));
        Integer y = featureIndex.get(r.getString(2));
        if (x != null && y != null) {
          v[y][x] = r.isNullAt(3) ? Double.NaN : r.getDouble(3);
          flag[y][x] = !r.isNullAt(4) && r.getInt(4) == 1;
        }
      }
      html.append("<h3>")
          .append(esc(e.getKey()))
          .append(" <small>")
          .append(esc(Svg.span(days)))
          .append(", ")
          .append(features.size())
          .append(" features</small></h3>");
      html.append(Heatmap.draw("drift-" + e.getKey(), days, features, v, flag, marks, statistic));
      if (features.size() < all.size()) {
        html.append("<p class=\"note\">Not drawn (over ")
            .append(MAX_FEATURES)
            .append(" features): ")
            .append(esc(String.join(", ", all.subList(features.size(), all.size()))))
            .append(".</p>");
      }
    }
    if (q.hasRows(BallastTable.DRIFT_SUMMARY.name())) {
      List<Row> summary =
          q.sql(
              "SELECT table_name, ds, max(drifted_share) FROM "
                  + BallastTable.DRIFT_SUMMARY.qualified()
                  + " WHERE comparison = %s AND slice = 'all' GROUP BY table_name, ds",
              lit(comparison));
      html.append("<h3>Share of drifted features per day</h3>")
          .append(
              LineChart.draw(
                  "drift-share",
                  days(summary, 1),
                  series(summary, 0, 1, 2),
                  Map.of(),
                  "drifted share",
                  LineChart.Bounds.SHARE));
    }
    html.append(attribution());
    return html.toString();
  }

  /**
   * Attribution drift (predictions scored with --explain), only when the drift table has its rows:
   * per table, each feature's share of attribution per day (flagged days ringed) and a table of the
   * training baseline share against the last day's.
   */
  String attribution() {
    List<Row> rows =
        q.sql(
            "SELECT table_name, ds, feature,"
                + " max(CASE WHEN statistic = %s THEN value END) AS share,"
                + " max(CASE WHEN statistic = %s THEN value END) AS change,"
                + " max(CASE WHEN statistic = %s THEN CAST(coalesce(drifted, false) AS INT) END)"
                + " AS flagged FROM "
                + BallastTable.DRIFT.qualified()
                + " WHERE statistic IN (%s, %s) AND comparison = 'baseline' AND slice = 'all'"
                + " GROUP BY table_name, ds, feature",
            lit(DriftSpec.ATTRIBUTION_SHARE),
            lit(DriftSpec.ATTRIBUTION_SHARE_CHANGE),
            lit(DriftSpec.ATTRIBUTION_SHARE_CHANGE),
            lit(DriftSpec.ATTRIBUTION_SHARE),
            lit(DriftSpec.ATTRIBUTION_SHARE_CHANGE));
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder html = new StringBuilder();
    Map<String, List<Row>> byTable = new TreeMap<>();
    rows.forEach(r -> byTable.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<Row>> e : byTable.entrySet()) {
      List<String> days = days(e.getValue(), 1);
      Map<String, double[]> shares = series(e.getValue(), 2, 1, 3, days);
      Map<String, Integer> dayIndex = index(days);
      Map<String, Map<Integer, String>> marks = new TreeMap<>();
      Map<String, Double> training = new TreeMap<>();
      Map<String, String[]> last = new TreeMap<>();
      Map<String, Integer> flaggedDays = new TreeMap<>();
      for (Row r : e.getValue()) {
        String f = r.getString(2);
        int x = dayIndex.getOrDefault(r.getString(1), -1);
        boolean flagged = !r.isNullAt(5) && r.getInt(5) == 1;
        flaggedDays.merge(f, flagged ? 1 : 0, Integer::sum);
        if (!r.isNullAt(3) && !r.isNullAt(4)) {
          training.put(f, r.getDouble(3) - r.getDouble(4));
          String[] l = last.get(f);
          if (l == null || l[0].compareTo(r.getString(1)) < 0) {
            last.put(f, new String[] {r.getString(1), Svg.fmt(r.getDouble(3))});
          }
        }
        if (flagged && x >= 0) {
          marks
              .computeIfAbsent(f, k -> new TreeMap<>())
              .put(x, f + " @ " + r.getString(1) + ": share moved by " + Svg.fmt(r.getDouble(4)));
        }
      }
      List<List<String>> cells = new ArrayList<>();
      flaggedDays.forEach(
          (f, n) ->
              cells.add(
                  List.of(
                      f,
                      training.containsKey(f) ? Svg.fmt(training.get(f)) : "-",
                      last.containsKey(f) ? last.get(f)[1] + " (" + last.get(f)[0] + ")" : "-",
                      String.valueOf(n))));
      List<String> drawn =
          flaggedDays.keySet().stream()
              .sorted(
                  java.util.Comparator.comparing((String f) -> -flaggedDays.get(f))
                      .thenComparing(f -> -training.getOrDefault(f, 0.0)))
              .limit(MAX_LINES)
              .toList();
      shares.keySet().retainAll(drawn);
      html.append("<h3>Attribution shares vs training: ")
          .append(esc(e.getKey()))
          .append("</h3><p>Each feature's share of the summed mean |attribution| per day, rows")
          .append(" scored with <code>--explain</code>; ringed = moved past its threshold.")
          .append(
              drawn.size() < flaggedDays.size()
                  ? " Drawn: the "
                      + drawn.size()
                      + " features flagged most often or with the largest training share;"
                      + " every feature is in the table."
                  : "")
          .append("</p>")
          .append(
              LineChart.draw(
                  "attribution-" + e.getKey(),
                  days,
                  shares,
                  marks,
                  "attribution share",
                  LineChart.Bounds.SHARE))
          .append(
              table(List.of("feature", "training share", "last day share", "days flagged"), cells));
    }
    return html.toString();
  }

  String quality() {
    if (!q.hasRows(BallastTable.QUALITY_METRICS.name())
        && !q.hasRows(BallastTable.QUALITY_RESULTS.name())) {
      return empty(
          "No quality results yet: run <code>ballast quality check --pipeline P --table T"
              + " --date D</code>.");
    }
    StringBuilder html = new StringBuilder();
    Map<String, Map<String, String>> failedByTableDay = new TreeMap<>();
    List<Row> failures = List.of();
    if (q.hasRows(BallastTable.QUALITY_RESULTS.name())) {
      failures =
          q.sql(
              "SELECT table_name, ds, check_name, check_type, severity,"
                  + " first(message, true) AS message FROM "
                  + BallastTable.QUALITY_RESULTS.qualified()
                  + " WHERE status = 'failed' GROUP BY table_name, ds, check_name, check_type,"
                  + " severity ORDER BY ds, table_name, check_name LIMIT 500");
      for (Row r : failures) {
        String label = ("anomaly".equals(r.getString(3)) ? "anomaly " : "failed ") + r.getString(2);
        failedByTableDay
            .computeIfAbsent(r.getString(0), k -> new TreeMap<>())
            .merge(r.getString(1), label, (a, b) -> a + "; " + b);
      }
    }
    if (q.hasRows(BallastTable.QUALITY_METRICS.name())) {
      List<Row> size =
          q.sql(
              "SELECT table_name, ds, max(value) FROM "
                  + BallastTable.QUALITY_METRICS.qualified()
                  + " WHERE metric = 'Size' GROUP BY table_name, ds");
      List<String> days = days(size, 1);
      Map<String, Integer> dayIndex = index(days);
      Map<String, Map<Integer, String>> marks = new LinkedHashMap<>();
      failedByTableDay.forEach(
          (t, byDay) ->
              byDay.forEach(
                  (d, label) -> {
                    Integer x = dayIndex.get(d);
                    if (x != null) {
                      marks.computeIfAbsent(t, k -> new TreeMap<>()).put(x, label);
                    }
                  }));
      html.append("<h3>Rows per day <small>")
          .append(esc(Svg.span(days)))
          .append("; red rings: failed checks or anomalies that day</small></h3>")
          .append(
              LineChart.draw(
                  "quality-rows",
                  days,
                  series(size, 0, 1, 2),
                  marks,
                  "rows",
                  LineChart.Bounds.COUNT));
      List<Row> completeness =
          q.sql(
              "SELECT concat(table_name, '.', instance), ds, min(value) FROM"
                  + " "
                  + BallastTable.QUALITY_METRICS.qualified()
                  + " WHERE metric = 'Completeness'"
                  + " GROUP BY table_name, instance, ds");
      if (!completeness.isEmpty()) {
        html.append("<h3>Completeness per column</h3>").append(completeness(completeness));
      }
    }
    html.append("<h3>Failed checks</h3>");
    if (failures.isEmpty()) {
      html.append("<p>None.</p>");
    } else {
      List<List<String>> cells = new ArrayList<>();
      for (Row r : failures) {
        cells.add(
            List.of(
                r.getString(1),
                r.getString(0),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.isNullAt(5) ? "" : r.getString(5)));
      }
      html.append(table(List.of("day", "table", "check", "type", "severity", "message"), cells));
    }
    return html.toString();
  }

  /**
   * Completeness lines of the columns that were incomplete on some day (the lowest {@link
   * #MAX_LINES}), on a [0, 1]-bounded axis; columns complete on every day are counted, not drawn.
   */
  private static String completeness(List<Row> rows) {
    List<String> days = days(rows, 1);
    Map<String, double[]> all = series(rows, 0, 1, 2, days);
    Map<String, Double> lowest = new TreeMap<>();
    all.forEach(
        (c, v) ->
            lowest.put(
                c, java.util.Arrays.stream(v).filter(d -> !Double.isNaN(d)).min().orElse(1)));
    List<String> incomplete =
        lowest.entrySet().stream()
            .filter(e -> e.getValue() < 1 - 1e-9)
            .sorted(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .toList();
    int complete = all.size() - incomplete.size();
    String note =
        complete == 0
            ? ""
            : complete
                + (complete == 1 ? " column was" : " columns were")
                + " complete (1.0) on every day"
                + (incomplete.isEmpty() ? "." : ", not drawn.");
    if (incomplete.isEmpty()) {
      return "<p>" + esc(note) + "</p>";
    }
    Map<String, double[]> drawn = new TreeMap<>();
    incomplete.stream().limit(MAX_LINES).forEach(c -> drawn.put(c, all.get(c)));
    if (incomplete.size() > MAX_LINES) {
      note +=
          " Drawn: the "
              + MAX_LINES
              + " least complete of "
              + incomplete.size()
              + " incomplete columns.";
    }
    return (note.isEmpty() ? "" : "<p>" + esc(note.trim()) + "</p>")
        + LineChart.draw(
            "quality-completeness", days, drawn, Map.of(), "completeness", LineChart.Bounds.SHARE);
  }

  static Map<String, Integer> index(List<String> values) {
    Map<String, Integer> out = new java.util.HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      out.put(values.get(i), i);
    }
    return out;
  }

  /** Injected faults by first day, when the demo recorded them. */
  private Map<String, String> faultMarks() {
    Map<String, String> marks = new TreeMap<>();
    if (q.hasRows(BallastTable.INJECTED_FAULTS.name())) {
      for (Row r :
          q.sql(
              "SELECT first_day, fault FROM "
                  + BallastTable.INJECTED_FAULTS.qualified()
                  + " ORDER BY first_day")) {
        marks.merge(r.getString(0), r.getString(1), (a, b) -> a + ", " + b);
      }
    }
    return marks;
  }
}
