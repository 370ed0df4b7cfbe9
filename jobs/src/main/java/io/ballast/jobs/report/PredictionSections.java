package io.ballast.jobs.report;

import static io.ballast.jobs.report.ReportQueries.days;
import static io.ballast.jobs.report.ReportQueries.empty;
import static io.ballast.jobs.report.ReportQueries.nanGrid;
import static io.ballast.jobs.report.ReportQueries.series;
import static io.ballast.jobs.report.Svg.esc;

import io.ballast.features.lakehouse.BallastTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * The report's predictions section: per predictions table, rows scored per day per model, and the
 * score distribution per day of the champion, else the challenger (the heading says which).
 */
final class PredictionSections {
  private final ReportQueries q;

  PredictionSections(ReportQueries q) {
    this.q = q;
  }

  String predictions() {
    List<String> predictionTables =
        q.tables().list().stream()
            .filter(t -> t.endsWith(BallastTable.PREDICTIONS_SUFFIX))
            .filter(q::hasRows)
            .toList();
    if (predictionTables.isEmpty()) {
      return empty(
          "No predictions yet: run <code>ballast score --pipeline P --date D</code> to fill"
              + " <code>ballast.&lt;pipeline&gt;_predictions</code>.");
    }
    Map<String, String> aliasOf = new TreeMap<>();
    if (q.hasRows(BallastTable.MODEL_ALIASES.name())) {
      for (Row r :
          q.sql(
              "SELECT model_name, alias, CAST(version AS STRING) FROM "
                  + BallastTable.MODEL_ALIASES.qualified()
                  + " WHERE alias IN ('champion', 'challenger')")) {
        aliasOf.put(r.getString(0) + " v" + r.getString(2), r.getString(1));
      }
    }
    StringBuilder html = new StringBuilder();
    for (String t : predictionTables) {
      List<Row> volume =
          q.sql(
              "SELECT concat(model_name, ' v', model_version,"
                  + " CASE WHEN shadow THEN ' (shadow)' ELSE '' END), ds, CAST(count(*) AS DOUBLE)"
                  + " FROM ballast.%s GROUP BY model_name, model_version, shadow, ds",
              t);
      List<String> days = days(volume, 1);
      html.append("<h3>")
          .append(esc(t))
          .append(": rows scored per day <small>")
          .append(esc(Svg.span(days)))
          .append("</small></h3>")
          .append(
              LineChart.draw(
                  "predictions-volume-" + t,
                  days,
                  series(volume, 0, 1, 2, days),
                  Map.of(),
                  "rows",
                  LineChart.Bounds.COUNT));
      html.append(scores(t, days, aliasOf));
    }
    return html.toString();
  }

  /**
   * The score distribution per day (share of the day's rows per tenth of the score range) of one
   * model: the champion's rows if it scored any, else the challenger's, else the serving model's.
   */
  private String scores(String t, List<String> days, Map<String, String> aliasOf) {
    List<Row> bins =
        q.sql(
            "SELECT concat(model_name, ' v', model_version) AS model, shadow, ds,"
                + " least(greatest(CAST(floor(score * 10) AS INT), 0), 9) AS bin, count(*) AS n"
                + " FROM ballast.%s WHERE score IS NOT NULL"
                + " GROUP BY model_name, model_version, shadow, ds, bin",
            t);
    Map<String, Long> rowsOf = new TreeMap<>();
    Map<String, Boolean> serving = new TreeMap<>();
    for (Row r : bins) {
      rowsOf.merge(r.getString(0), r.getLong(4), Long::sum);
      serving.merge(r.getString(0), !r.getBoolean(1), Boolean::logicalOr);
    }
    Optional<Choice> choice = whose(rowsOf.keySet(), serving, aliasOf);
    if (choice.isEmpty()) {
      return "";
    }
    String model = choice.get().model();
    String which = choice.get().which();
    List<String> binNames = new ArrayList<>();
    for (int b = 9; b >= 0; b--) {
      binNames.add(String.format(java.util.Locale.ROOT, "%.1f-%.1f", b / 10.0, (b + 1) / 10.0));
    }
    Map<String, Integer> dayIndex = ReportSections.index(days);
    double[][] share = nanGrid(10, days.size());
    Map<String, Long> perDay = new TreeMap<>();
    for (Row r : bins) {
      if (r.getString(0).equals(model)) {
        perDay.merge(r.getString(2), r.getLong(4), Long::sum);
      }
    }
    for (Row r : bins) {
      Integer x = dayIndex.get(r.getString(2));
      if (r.getString(0).equals(model) && x != null) {
        share[9 - r.getInt(3)][x] =
            (share[9 - r.getInt(3)][x] > 0 ? share[9 - r.getInt(3)][x] : 0)
                + (double) r.getLong(4) / perDay.get(r.getString(2));
      }
    }
    return "<h3>"
        + esc(t)
        + ": score distribution per day of "
        + esc(model)
        + ", "
        + esc(which)
        + "</h3><p>Share of the day's rows in each tenth of the score range.</p>"
        + Heatmap.draw(
            "predictions-scores-" + t,
            days,
            binNames,
            share,
            new boolean[10][days.size()],
            Map.of(),
            "share of the day's rows");
  }

  /** The model whose scores are drawn, and words saying which it is. */
  record Choice(String model, String which) {}

  /**
   * Whose score distribution to draw among the {@code models} that scored rows ("name vN"): the
   * champion's, else the challenger's, else the last one that served (not shadow), else the last.
   */
  static Optional<Choice> whose(
      Set<String> models, Map<String, Boolean> serving, Map<String, String> aliasOf) {
    for (String alias : List.of("champion", "challenger")) {
      for (String m : models) {
        if (alias.equals(aliasOf.get(m))) {
          return Optional.of(
              new Choice(
                  m,
                  alias.equals("champion")
                      ? "the champion"
                      : "the challenger (the champion scored no rows here)"));
        }
      }
    }
    return models.stream()
        .filter(m -> serving.getOrDefault(m, false))
        .reduce((a, b) -> b)
        .or(() -> models.stream().reduce((a, b) -> b))
        .map(
            m ->
                new Choice(
                    m, "the model that scored these rows (no champion or challenger alias)"));
  }
}
