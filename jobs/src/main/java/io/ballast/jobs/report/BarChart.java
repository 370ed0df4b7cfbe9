package io.ballast.jobs.report;

import static io.ballast.jobs.report.Svg.esc;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Horizontal grouped bars: one row per category (its label on the left, cut to fit with the full
 * text as tooltip, so long slice labels like {@code merchant_category = apparel} read without
 * rotation), one bar per series with its value at the bar's end, a legend above and a value axis
 * from 0 on round ticks (at most 1 when every value is a share).
 */
final class BarChart {
  private static final int BAR = 13;
  private static final int GAP = 10;
  private static final int MAX_LABEL = 340;

  private BarChart() {}

  static String draw(
      String name, List<String> categories, Map<String, double[]> series, String valueLabel) {
    double lo = 0;
    double hi = 0;
    for (double[] v : series.values()) {
      for (double d : v) {
        if (!Double.isNaN(d)) {
          lo = Math.min(lo, d);
          hi = Math.max(hi, d);
        }
      }
    }
    boolean shares = lo >= 0 && hi <= 1;
    Ticks ticks = Ticks.of(lo, hi, 6, Double.NaN, shares ? 1 : Double.NaN, true);
    double widest = categories.stream().mapToDouble(s -> Svg.textWidth(s, 11)).max().orElse(30);
    int labelW = (int) Math.min(MAX_LABEL, widest) + 8;
    int left = labelW + 8;
    int plotW = Svg.WIDTH - left - 50;
    int legendRows = legendRows(series, Svg.WIDTH - left);
    int top = 8 + 18 * legendRows + 22;
    int rowH = series.size() * BAR + GAP;
    int plotH = rowH * categories.size();
    StringBuilder sb = Svg.open(name, Svg.WIDTH, top + plotH + 8);
    legend(sb, series, left, 20, Svg.WIDTH - left);
    // value axis above the bars: ticks, grid lines, the axis name at the right
    for (double v : ticks.values()) {
      double x = xPos(v, ticks, left, plotW);
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>",
              x,
              top - 4,
              x,
              top + plotH,
              Math.abs(v) < 1e-12 ? "#888" : "#e2e2e2"));
      Svg.text(sb, x, top - 8, "middle", ticks.label(v), 10);
    }
    Svg.text(sb, left - 16, top - 8, "end", valueLabel, 10, labelW - 8, "");
    for (int c = 0; c < categories.size(); c++) {
      int y = top + c * rowH + GAP / 2;
      Svg.text(sb, left - 8, y + rowH / 2.0 - 1, "end", categories.get(c), 11, labelW, "");
      int i = 0;
      for (Map.Entry<String, double[]> e : series.entrySet()) {
        double v = e.getValue()[c];
        if (!Double.isNaN(v)) {
          double x0 = xPos(0, ticks, left, plotW);
          double x1 = xPos(v, ticks, left, plotW);
          int by = y + i * BAR;
          sb.append(
              String.format(
                  Locale.ROOT,
                  "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>",
                  Math.min(x0, x1),
                  by,
                  Math.max(0.5, Math.abs(x1 - x0)),
                  BAR - 2,
                  Svg.color(i),
                  esc(e.getKey() + " / " + categories.get(c) + ": " + Svg.fmt(v))));
          Svg.text(sb, Math.max(x0, x1) + 3, by + BAR - 3, "start", Svg.brief(v), 10);
        }
        i++;
      }
    }
    return Svg.close(sb);
  }

  private static double xPos(double v, Ticks t, int left, int w) {
    double c = Math.max(t.min(), Math.min(t.max(), v));
    return left + (c - t.min()) / (t.max() - t.min()) * w;
  }

  private static int legendRows(Map<String, double[]> series, int room) {
    int rows = 1;
    double x = 0;
    for (String s : series.keySet()) {
      double w = Math.min(room, 20 + Svg.textWidth(s, 11) + 16);
      if (x > 0 && x + w > room) {
        rows++;
        x = 0;
      }
      x += w;
    }
    return rows;
  }

  private static void legend(
      StringBuilder sb, Map<String, double[]> series, int x0, int y, int room) {
    double x = 0;
    int i = 0;
    for (String s : series.keySet()) {
      double w = Math.min(room, 20 + Svg.textWidth(s, 11) + 16);
      if (x > 0 && x + w > room) {
        y += 18;
        x = 0;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
              x0 + x,
              y - 10,
              Svg.color(i)));
      Svg.text(sb, x0 + x + 17, y, "start", s, 11, room - 20, "");
      x += w;
      i++;
    }
  }
}
