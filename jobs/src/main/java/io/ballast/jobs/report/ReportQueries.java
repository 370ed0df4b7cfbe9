package io.ballast.jobs.report;

import static io.ballast.jobs.report.Svg.esc;

import io.ballast.features.lakehouse.LakehouseTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * The report's reads, all small GROUP BY aggregates over one lakehouse, and the shaping of their
 * rows into chart series and HTML tables.
 */
final class ReportQueries {
  /** Days drawn at most (the most recent ones). */
  static final int MAX_DAYS = 400;

  private static final Pattern TABLE_REF = Pattern.compile("\\bballast\\.([A-Za-z0-9_]+)");

  private final LakehouseTables tables;

  ReportQueries(LakehouseTables tables) {
    this.tables = tables;
  }

  LakehouseTables tables() {
    return tables;
  }

  boolean hasRows(String table) {
    return tables.exists(table) && !sql("SELECT 1 FROM ballast.%s LIMIT 1", table).isEmpty();
  }

  /** {@code wanted} if {@code table.column} has it, else the column's most frequent value. */
  String pick(String table, String column, String wanted) {
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
  List<Row> sql(String format, Object... args) {
    String query = String.format(format, args);
    Matcher m = TABLE_REF.matcher(query);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String path = tables.lakehouse().tablePath(m.group(1)).replace("`", "``");
      m.appendReplacement(sb, Matcher.quoteReplacement("delta.`" + path + "`"));
    }
    m.appendTail(sb);
    return tables.spark().sql(sb.toString()).collectAsList();
  }

  static String lit(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** The distinct values of column {@code col}, sorted, the last {@link #MAX_DAYS}. */
  static List<String> days(List<Row> rows, int col) {
    return lastN(rows.stream().map(r -> r.getString(col)).toList(), MAX_DAYS);
  }

  static List<String> lastN(List<String> values, int n) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(values));
    return sorted.subList(Math.max(0, sorted.size() - n), sorted.size());
  }

  static Map<String, double[]> series(List<Row> rows, int name, int x, int value) {
    return series(rows, name, x, value, days(rows, x));
  }

  /** Rows (series name, x, value) as one array per series over {@code xs} (NaN = missing). */
  static Map<String, double[]> series(List<Row> rows, int name, int x, int value, List<String> xs) {
    Map<String, Integer> index = new TreeMap<>();
    for (int i = 0; i < xs.size(); i++) {
      index.put(xs.get(i), i);
    }
    Map<String, double[]> out = new TreeMap<>();
    for (Row r : rows) {
      Integer i = index.get(r.getString(x));
      if (i == null || r.isNullAt(value)) {
        continue;
      }
      out.computeIfAbsent(r.getString(name), k -> nanGrid(1, xs.size())[0])[i] =
          ((Number) r.get(value)).doubleValue();
    }
    return out;
  }

  static double[][] nanGrid(int rows, int cols) {
    double[][] g = new double[rows][cols];
    for (double[] row : g) {
      Arrays.fill(row, Double.NaN);
    }
    return g;
  }

  static String empty(String html) {
    return "<p class=\"empty\">" + html + "</p>";
  }

  /** An HTML table in a box that scrolls sideways on narrow screens. */
  static String table(List<String> header, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder("<div class=\"table-box\"><table><thead><tr>");
    header.forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
    sb.append("</tr></thead><tbody>");
    for (List<String> r : rows) {
      sb.append("<tr>");
      r.forEach(c -> sb.append("<td>").append(esc(c)).append("</td>"));
      sb.append("</tr>");
    }
    return sb.append("</tbody></table></div>").toString();
  }
}
