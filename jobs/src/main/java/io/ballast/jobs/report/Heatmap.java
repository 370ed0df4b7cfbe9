package io.ballast.jobs.report;

import static io.ballast.jobs.report.Svg.esc;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A day x row heatmap that stays readable from a week to a year of days and from a handful to
 * dozens of rows: cells shrink to fit the width (at least {@link #MIN_CELL} px; more days than that
 * are split into stacked panels), day labels are thinned to keep a gap, row labels are cut to fit
 * (full text in the tooltip), and values are printed in cells wide enough to hold them (else they
 * are in each cell's tooltip).
 */
final class Heatmap {
  static final int MIN_CELL = 4;
  private static final int MAX_CELL = 72;
  private static final int MAX_LABEL = 190;
  private static final int VALUE_FONT = 10;

  private Heatmap() {}

  /**
   * Draws {@code values[y][x]} (NaN = none); cells with {@code flagged[y][x]} outlined; days in
   * {@code marks} get a dashed column and a label above (e.g. an injected fault).
   */
  static String draw(
      String name,
      List<String> xs,
      List<String> ys,
      double[][] values,
      boolean[][] flagged,
      Map<String, String> marks,
      String valueLabel) {
    double widest = ys.stream().mapToDouble(s -> Svg.textWidth(s, 11)).max().orElse(30);
    int labelW = (int) Math.min(MAX_LABEL, widest) + 10;
    int left = labelW + 4;
    int plotW = Svg.WIDTH - left - 24;
    int panels = Math.max(1, (xs.size() * MIN_CELL + plotW - 1) / plotW);
    int cols = Math.max(1, (xs.size() + panels - 1) / panels);
    int cellW = Math.max(MIN_CELL, Math.min(MAX_CELL, plotW / cols));
    int cellH = ys.size() <= 15 ? 24 : 15;
    int top = 8 + (marks.keySet().stream().anyMatch(xs::contains) ? 30 : 0);
    int panelH = top + cellH * ys.size() + 30;
    double max = 0;
    boolean anyFlagged = false;
    for (int y = 0; y < ys.size(); y++) {
      for (int x = 0; x < xs.size(); x++) {
        max = Double.isNaN(values[y][x]) ? max : Math.max(max, Math.abs(values[y][x]));
        anyFlagged |= flagged[y][x];
      }
    }
    int width = left + cellW * cols + 24;
    StringBuilder sb = Svg.open(name, width, panelH * panels + 30);
    for (int p = 0; p < panels; p++) {
      int from = p * cols;
      sb.append(String.format(Locale.ROOT, "<g transform=\"translate(0 %d)\">", p * panelH + top));
      Cells c = new Cells(left, labelW, cellW, cellH, from, Math.min(xs.size(), from + cols));
      panel(sb, c, xs, ys, values, flagged, max);
      markColumns(sb, c, xs, marks, cellH * ys.size());
      sb.append("</g>");
    }
    legend(sb, left, panelH * panels + 16, valueLabel, max, anyFlagged, width - left);
    return Svg.close(sb);
  }

  /** One panel's geometry: days {@code from} (inclusive) to {@code to} of the whole range. */
  private record Cells(int left, int labelW, int cellW, int cellH, int from, int to) {}

  private static void panel(
      StringBuilder sb,
      Cells c,
      List<String> xs,
      List<String> ys,
      double[][] values,
      boolean[][] flagged,
      double max) {
    int cellW = c.cellW();
    int cellH = c.cellH();
    for (int y = 0; y < ys.size(); y++) {
      Svg.text(sb, c.left() - 6, y * cellH + cellH / 2.0 + 4, "end", ys.get(y), 11, c.labelW(), "");
      for (int x = c.from(); x < c.to(); x++) {
        double v = values[y][x];
        boolean f = flagged[y][x];
        double t = max == 0 || Double.isNaN(v) ? 0 : Math.abs(v) / max;
        int px = c.left() + (x - c.from()) * cellW;
        int py = y * cellH;
        sb.append(
                String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"%s>",
                    px,
                    py,
                    Math.max(1, cellW - 1),
                    cellH - 1,
                    Double.isNaN(v) ? "#eeeeee" : Svg.ramp(t),
                    f ? " stroke=\"#000\" stroke-width=\"2\"" : ""))
            .append("<title>")
            .append(
                esc(ys.get(y) + " @ " + xs.get(x) + ": " + (Double.isNaN(v) ? "n/a" : Svg.fmt(v))))
            .append(f ? " (drifted)" : "")
            .append("</title></rect>");
        String brief = Double.isNaN(v) ? "" : Svg.brief(v);
        if (!brief.isEmpty() && cellH >= 20 && Svg.textWidth(brief, VALUE_FONT) <= cellW - 4) {
          Svg.text(
              sb,
              px + (cellW - 1) / 2.0,
              py + cellH / 2.0 + 3.5,
              "middle",
              brief,
              VALUE_FONT,
              cellW - 4,
              t > 0.55 ? "fill=\"#fff\"" : "fill=\"#333\"");
        }
      }
    }
    Svg.xLabels(sb, xs.subList(c.from(), c.to()), c.left(), cellW, cellH * ys.size() + 14, true);
  }

  /**
   * A dashed outline around each marked day's column and its label above, in the first of two rows
   * where it does not run into an earlier label (cut to the room left, full text as tooltip).
   */
  private static void markColumns(
      StringBuilder sb, Cells c, List<String> xs, Map<String, String> marks, int h) {
    double[] rowEnd = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    int cellW = c.cellW();
    for (int x = c.from(); x < c.to(); x++) {
      String mark = marks.get(xs.get(x));
      if (mark == null) {
        continue;
      }
      int px = c.left() + (x - c.from()) * cellW;
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"mark\" x=\"%d\" y=\"-3\" width=\"%d\" height=\"%d\" fill=\"none\""
                  + " stroke=\"#7b2cbf\" stroke-width=\"2\" stroke-dasharray=\"4 2\"><title>%s</title></rect>",
              px,
              Math.max(2, cellW - 1),
              h + 5,
              esc(xs.get(x) + ": " + mark)));
      int row = px >= rowEnd[0] ? 0 : px >= rowEnd[1] ? 1 : -1;
      if (row < 0) {
        continue; // both rows taken here: the column's tooltip names it
      }
      double room = c.left() + cellW * (c.to() - c.from()) + 20 - px;
      String shown = Svg.fit(mark, 10, Math.min(room, 260));
      Svg.text(sb, px, -8 - 13 * row, "start", mark, 10, Math.min(room, 260), "fill=\"#7b2cbf\"");
      rowEnd[row] = px + Svg.textWidth(shown, 10) + 8;
    }
  }

  private static void legend(
      StringBuilder sb, int x, int y, String label, double max, boolean outlined, int room) {
    for (int k = 0; k < 10; k++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"%s\"/>",
              x + 14 * k,
              y - 9,
              Svg.ramp(k / 9.0)));
    }
    Svg.text(
        sb,
        x + 148,
        y,
        "start",
        label + ": 0 .. " + Svg.fmt(max) + (outlined ? "; outlined = drifted" : ""),
        11,
        room - 150,
        "");
  }
}
