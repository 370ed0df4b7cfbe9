package io.ballast.jobs.report;

import static io.ballast.jobs.report.Svg.esc;

import io.ballast.features.config.DriftSpec;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * The report's sections, each from a few GROUP BY queries over the Ballast tables (only small
 * aggregates reach the driver). A section whose table is absent or empty says so, naming the
 * command that fills it.
 */
final class ReportSections {
  static final int MAX_DAYS = 120;
  static final int MAX_FEATURES = 60;

  private final LakehouseTables tables;
  private final ReportJob.Params params;

  ReportSections(LakehouseTables tables, ReportJob.Params params) {
    this.tables = tables;
    this.params = params;
  }

  /** Section title -> HTML body, in report order. */
  Map<String, String> all() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("Drift", drift());
    s.put("Data quality", quality());
    s.put("Model metrics", modelMetrics());
    s.put("Predictions", predictions());
    s.put("Model aliases", aliases());
    return s;
  }

  String drift() {
    if (!hasRows(BallastTable.DRIFT.name())) {
      return empty(
          "No drift results yet: run <code>ballast drift features --pipeline P --date D</code>"
              + " (and <code>drift predictions</code>) to fill <code>ballast.drift</code>.");
    }
    String statistic = pick(BallastTable.DRIFT.name(), "statistic", params.statistic());
    String comparison = pick(BallastTable.DRIFT.name(), "comparison", params.comparison());
    List<Row> rows =
        sql(
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
      List<String> days = lastN(e.getValue().stream().map(r -> r.getString(1)).toList(), MAX_DAYS);
      List<String> features =
          new ArrayList<>(new TreeSet<>(e.getValue().stream().map(r -> r.getString(2)).toList()));
      features = features.subList(0, Math.min(MAX_FEATURES, features.size()));
      double[][] v = nanGrid(features.size(), days.size());
      boolean[][] flag = new boolean[features.size()][days.size()];
      for (Row r : e.getValue()) {
        int x = days.indexOf(r.getString(1));
        int y = features.indexOf(r.getString(2));
        if (x >= 0 && y >= 0) {
          v[y][x] = r.isNullAt(3) ? Double.NaN : r.getDouble(3);
          flag[y][x] = !r.isNullAt(4) && r.getInt(4) == 1;
        }
      }
      html.append("<h3>").append(esc(e.getKey())).append("</h3>");
      html.append(Svg.heatmap("drift-" + e.getKey(), days, features, v, flag, marks, statistic));
    }
    if (hasRows(BallastTable.DRIFT_SUMMARY.name())) {
      List<Row> summary =
          sql(
              "SELECT table_name, ds, max(drifted_share) FROM "
                  + BallastTable.DRIFT_SUMMARY.qualified()
                  + " WHERE comparison = %s AND slice = 'all' GROUP BY table_name, ds",
              lit(comparison));
      html.append("<h3>Share of drifted features per day</h3>")
          .append(
              Svg.lines(
                  "drift-share",
                  days(summary, 1),
                  series(summary, 0, 1, 2),
                  Map.of(),
                  "drifted share"));
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
        sql(
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
      Map<String, Map<Integer, String>> marks = new TreeMap<>();
      Map<String, Double> training = new TreeMap<>();
      Map<String, String[]> last = new TreeMap<>();
      Map<String, Integer> flaggedDays = new TreeMap<>();
      for (Row r : e.getValue()) {
        String f = r.getString(2);
        int x = days.indexOf(r.getString(1));
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
      html.append("<h3>Attribution shares vs training: ")
          .append(esc(e.getKey()))
          .append("</h3><p>Each feature's share of the summed mean |attribution| per day, rows")
          .append(" scored with <code>--explain</code>; ringed = moved past its threshold.</p>")
          .append(Svg.lines("attribution-" + e.getKey(), days, shares, marks, "attribution share"))
          .append(
              table(List.of("feature", "training share", "last day share", "days flagged"), cells));
    }
    return html.toString();
  }

  String quality() {
    if (!hasRows(BallastTable.QUALITY_METRICS.name())
        && !hasRows(BallastTable.QUALITY_RESULTS.name())) {
      return empty(
          "No quality results yet: run <code>ballast quality check --pipeline P --table T"
              + " --date D</code>.");
    }
    StringBuilder html = new StringBuilder();
    Map<String, Map<String, String>> failedByTableDay = new TreeMap<>();
    List<Row> failures = List.of();
    if (hasRows(BallastTable.QUALITY_RESULTS.name())) {
      failures =
          sql(
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
    if (hasRows(BallastTable.QUALITY_METRICS.name())) {
      List<Row> size =
          sql(
              "SELECT table_name, ds, max(value) FROM "
                  + BallastTable.QUALITY_METRICS.qualified()
                  + " WHERE metric = 'Size' GROUP BY table_name, ds");
      List<String> days = days(size, 1);
      Map<String, Map<Integer, String>> marks = new LinkedHashMap<>();
      failedByTableDay.forEach(
          (t, byDay) ->
              byDay.forEach(
                  (d, label) -> {
                    int x = days.indexOf(d);
                    if (x >= 0) {
                      marks.computeIfAbsent(t, k -> new TreeMap<>()).put(x, label);
                    }
                  }));
      html.append("<h3>Rows per day (red rings: failed checks or anomalies that day)</h3>")
          .append(Svg.lines("quality-rows", days, series(size, 0, 1, 2), marks, "rows"));
      List<Row> completeness =
          sql(
              "SELECT concat(table_name, '.', instance), ds, min(value) FROM"
                  + " "
                  + BallastTable.QUALITY_METRICS.qualified()
                  + " WHERE metric = 'Completeness'"
                  + " GROUP BY table_name, instance, ds");
      if (!completeness.isEmpty()) {
        html.append("<h3>Completeness per column</h3>")
            .append(
                Svg.lines(
                    "quality-completeness",
                    days(completeness, 1),
                    series(completeness, 0, 1, 2),
                    Map.of(),
                    "completeness"));
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

  String modelMetrics() {
    if (!hasRows(BallastTable.MODEL_METRICS.name())) {
      return empty(
          "No model metrics yet: run <code>ballast model validate --pipeline P --date D</code>"
              + " to fill <code>ballast.model_metrics</code>.");
    }
    String metric = pick(BallastTable.MODEL_METRICS.name(), "metric", params.metric());
    List<Row> bySlice =
        sql(
            "SELECT concat(model_name, ' v', model_version) AS version,"
                + " CASE WHEN slice = 'all' THEN 'all' ELSE concat(slice, ' = ', slice_value) END,"
                + " avg(value) FROM "
                + BallastTable.MODEL_METRICS.qualified()
                + " WHERE metric = %s AND dataset <> 'live'"
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
          .append(Svg.bars("model-slices", slices, series(bySlice, 0, 1, 2, slices), metric));
    }
    List<Row> live =
        sql(
            "SELECT concat(model_name, ' v', model_version), ds, avg(value) FROM"
                + " "
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
          .append(" on live days by version, against its value at training</h3>")
          .append(Svg.lines("model-live", liveDays, lines, Map.of(), metric));
    }
    List<Row> summary =
        sql(
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

  String predictions() {
    List<String> predictionTables =
        tables.list().stream()
            .filter(t -> t.endsWith("_predictions"))
            .filter(this::hasRows)
            .toList();
    if (predictionTables.isEmpty()) {
      return empty(
          "No predictions yet: run <code>ballast score --pipeline P --date D</code> to fill"
              + " <code>ballast.&lt;pipeline&gt;_predictions</code>.");
    }
    StringBuilder html = new StringBuilder();
    for (String t : predictionTables) {
      List<Row> volume =
          sql(
              "SELECT concat(model_name, ' v', model_version,"
                  + " CASE WHEN shadow THEN ' (shadow)' ELSE '' END), ds, CAST(count(*) AS DOUBLE)"
                  + " FROM ballast.%s GROUP BY model_name, model_version, shadow, ds",
              t);
      List<String> days = days(volume, 1);
      html.append("<h3>").append(esc(t)).append(": rows scored per day</h3>");
      html.append(Svg.bars("predictions-volume-" + t, days, series(volume, 0, 1, 2, days), "rows"));
      List<Row> bins =
          sql(
              "SELECT ds, least(CAST(floor(score * 10) AS INT), 9) AS bin, count(*) AS n"
                  + " FROM ballast.%s WHERE NOT shadow AND score IS NOT NULL GROUP BY ds, bin",
              t);
      List<String> binNames = new ArrayList<>();
      for (int b = 9; b >= 0; b--) {
        binNames.add(String.format(java.util.Locale.ROOT, "%.1f-%.1f", b / 10.0, (b + 1) / 10.0));
      }
      double[][] share = nanGrid(10, days.size());
      Map<String, Long> perDay = new TreeMap<>();
      bins.forEach(r -> perDay.merge(r.getString(0), r.getLong(2), Long::sum));
      for (Row r : bins) {
        int x = days.indexOf(r.getString(0));
        if (x >= 0) {
          share[9 - r.getInt(1)][x] = (double) r.getLong(2) / perDay.get(r.getString(0));
        }
      }
      html.append("<h3>")
          .append(esc(t))
          .append(": score distribution per day (share of rows per bin, serving model)</h3>");
      html.append(
          Svg.heatmap(
              "predictions-scores-" + t,
              days,
              binNames,
              share,
              new boolean[10][days.size()],
              Map.of(),
              "share of the day's rows"));
    }
    return html.toString();
  }

  String aliases() {
    if (!hasRows(BallastTable.MODEL_ALIASES.name())) {
      return empty(
          "No model aliases yet: run <code>ballast train</code> (registers a challenger).");
    }
    List<List<String>> cells = new ArrayList<>();
    for (Row r :
        sql(
            "SELECT model_name, alias, CAST(version AS STRING), CAST(updated_at AS STRING)"
                + " FROM "
                + BallastTable.MODEL_ALIASES.qualified()
                + " ORDER BY model_name, alias")) {
      cells.add(List.of(r.getString(0), r.getString(1), r.getString(2), r.getString(3)));
    }
    return table(List.of("model", "alias", "version", "updated at (UTC)"), cells);
  }

  /** Injected faults by first day, when the demo recorded them. */
  private Map<String, String> faultMarks() {
    Map<String, String> marks = new TreeMap<>();
    if (hasRows(BallastTable.INJECTED_FAULTS.name())) {
      for (Row r :
          sql(
              "SELECT first_day, fault FROM "
                  + BallastTable.INJECTED_FAULTS.qualified()
                  + " ORDER BY first_day")) {
        marks.merge(r.getString(0), r.getString(1), (a, b) -> a + ", " + b);
      }
    }
    return marks;
  }

  private boolean hasRows(String table) {
    return tables.exists(table) && !sql("SELECT 1 FROM ballast.%s LIMIT 1", table).isEmpty();
  }

  /** {@code wanted} if {@code table.column} has it, else the column's most frequent value. */
  private String pick(String table, String column, String wanted) {
    List<Row> r =
        sql(
            "SELECT %s, count(*) AS n FROM ballast.%s GROUP BY %s ORDER BY (%s = %s) DESC, n DESC"
                + " LIMIT 1",
            column, table, column, column, lit(wanted));
    return r.isEmpty() ? wanted : r.get(0).getString(0);
  }

  /**
   * Runs a query whose {@code ballast.<name>} references are read by path from this report's
   * lakehouse (so a report can be drawn from any lakehouse, not only the session's catalog).
   */
  private List<Row> sql(String format, Object... args) {
    String query = String.format(format, args);
    java.util.regex.Matcher m = TABLE_REF.matcher(query);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String path = tables.lakehouse().tablePath(m.group(1)).replace("`", "``");
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement("delta.`" + path + "`"));
    }
    m.appendTail(sb);
    return tables.spark().sql(sb.toString()).collectAsList();
  }

  private static final java.util.regex.Pattern TABLE_REF =
      java.util.regex.Pattern.compile("\\bballast\\.([A-Za-z0-9_]+)");

  private static String lit(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
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
        sql(
            "SELECT concat(model_name, ' v', model_version), dataset, avg(value) FROM"
                + " "
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

  private static List<String> days(List<Row> rows, int col) {
    return lastN(rows.stream().map(r -> r.getString(col)).toList(), MAX_DAYS);
  }

  private static List<String> lastN(List<String> values, int n) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(values));
    return sorted.subList(Math.max(0, sorted.size() - n), sorted.size());
  }

  private static Map<String, double[]> series(List<Row> rows, int name, int x, int value) {
    return series(rows, name, x, value, days(rows, x));
  }

  /** Rows (series name, x, value) as one array per series over {@code xs} (NaN = missing). */
  private static Map<String, double[]> series(
      List<Row> rows, int name, int x, int value, List<String> xs) {
    Map<String, double[]> out = new TreeMap<>();
    for (Row r : rows) {
      int i = xs.indexOf(r.getString(x));
      if (i < 0 || r.isNullAt(value)) {
        continue;
      }
      out.computeIfAbsent(r.getString(name), k -> nanGrid(1, xs.size())[0])[i] =
          ((Number) r.get(value)).doubleValue();
    }
    return out;
  }

  private static double[][] nanGrid(int rows, int cols) {
    double[][] g = new double[rows][cols];
    for (double[] row : g) {
      java.util.Arrays.fill(row, Double.NaN);
    }
    return g;
  }

  private static String empty(String html) {
    return "<p class=\"empty\">" + html + "</p>";
  }

  static String table(List<String> header, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder("<table><thead><tr>");
    header.forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
    sb.append("</tr></thead><tbody>");
    for (List<String> r : rows) {
      sb.append("<tr>");
      r.forEach(c -> sb.append("<td>").append(esc(c)).append("</td>"));
      sb.append("</tr>");
    }
    return sb.append("</tbody></table>").toString();
  }
}
