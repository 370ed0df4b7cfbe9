package io.ballast.jobs.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Inline SVG charts for the monitoring report: a heatmap, lines, grouped bars. Plain strings, no
 * scripts and no external assets, every text escaped; each chart is one {@code <svg>} element with
 * {@code class="chart"} and a {@code data-chart} name.
 */
final class Svg {
  private Svg() {}

  static final String[] PALETTE = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf"
  };
  private static final int WIDTH = 960;

  /**
   * A heatmap of {@code values[y][x]} (NaN = no value), cells with {@code flagged[y][x]} outlined;
   * columns in {@code marks} get a label above them (e.g. an injected fault).
   */
  static String heatmap(
      String name,
      List<String> xs,
      List<String> ys,
      double[][] values,
      boolean[][] flagged,
      Map<String, String> marks,
      String valueLabel) {
    int left = 20 + 7 * maxLen(ys);
    int top = 60;
    int cellW = Math.max(14, Math.min(60, (WIDTH - left - 20) / Math.max(1, xs.size())));
    int cellH = 18;
    int height = top + cellH * ys.size() + 90;
    double max = 0;
    for (double[] row : values) {
      for (double v : row) {
        if (!Double.isNaN(v)) {
          max = Math.max(max, Math.abs(v));
        }
      }
    }
    StringBuilder sb = open(name, left + cellW * xs.size() + 40, height);
    for (int y = 0; y < ys.size(); y++) {
      text(sb, left - 6, top + y * cellH + 13, "end", ys.get(y), 11);
      for (int x = 0; x < xs.size(); x++) {
        double v = values[y][x];
        int px = left + x * cellW;
        int py = top + y * cellH;
        String fill = Double.isNaN(v) ? "#eeeeee" : ramp(max == 0 ? 0 : Math.abs(v) / max);
        sb.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"%s>",
                px,
                py,
                cellW - 1,
                cellH - 1,
                fill,
                flagged[y][x] ? " stroke=\"#000\" stroke-width=\"2\"" : ""));
        sb.append("<title>")
            .append(esc(ys.get(y) + " @ " + xs.get(x) + ": " + (Double.isNaN(v) ? "n/a" : fmt(v))))
            .append(flagged[y][x] ? " (drifted)" : "")
            .append("</title></rect>");
      }
    }
    for (int x = 0; x < xs.size(); x++) {
      int cx = left + x * cellW + cellW / 2;
      int by = top + cellH * ys.size() + 8;
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"10\" transform=\"rotate(60 %d %d)\">%s</text>",
              cx,
              by,
              cx,
              by,
              esc(xs.get(x))));
      String mark = marks.get(xs.get(x));
      if (mark != null) {
        int px = left + x * cellW;
        sb.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"mark\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                    + " stroke=\"#7b2cbf\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>",
                px,
                top - 4,
                cellW - 1,
                cellH * ys.size() + 6));
        sb.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#7b2cbf\""
                    + " transform=\"rotate(-30 %d %d)\">%s</text>",
                px,
                top - 8,
                px,
                top - 8,
                esc(mark)));
      }
    }
    boolean anyFlagged = false;
    for (boolean[] row : flagged) {
      for (boolean f : row) {
        anyFlagged |= f;
      }
    }
    legendRamp(sb, left, height - 18, valueLabel, max, anyFlagged);
    return sb.append("</svg>").toString();
  }

  /**
   * One line per series over the categories {@code xs}; NaN = no point. Points listed in {@code
   * marks} (series -> x index -> label) get a red ring with the label as tooltip.
   */
  static String lines(
      String name,
      List<String> xs,
      Map<String, double[]> series,
      Map<String, Map<Integer, String>> marks,
      String yLabel) {
    int left = 70;
    int top = 20;
    int plotW = WIDTH - left - 220;
    int plotH = 220;
    double[] range = range(series.values());
    StringBuilder sb = open(name, WIDTH, top + plotH + 80);
    axes(sb, left, top, plotW, plotH, range, yLabel);
    xLabels(sb, xs, left, top + plotH, plotW, false);
    int i = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      String color = PALETTE[i % PALETTE.length];
      StringBuilder pts = new StringBuilder();
      double[] v = e.getValue();
      for (int x = 0; x < v.length; x++) {
        if (Double.isNaN(v[x])) {
          continue;
        }
        pts.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f ",
                xPos(x, xs.size(), left, plotW),
                yPos(v[x], range, top, plotH)));
      }
      sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(color)
          .append("\" points=\"")
          .append(pts.toString().trim())
          .append("\"><title>")
          .append(esc(e.getKey()))
          .append("</title></polyline>");
      for (int x = 0; x < v.length; x++) {
        if (Double.isNaN(v[x])) {
          continue;
        }
        double px = xPos(x, xs.size(), left, plotW);
        double py = yPos(v[x], range, top, plotH);
        String mark = marks.getOrDefault(e.getKey(), Map.of()).get(x);
        sb.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\"%s><title>%s</title></circle>",
                px,
                py,
                mark == null ? 3 : 6,
                mark == null ? color : "none",
                mark == null ? "" : " class=\"mark\" stroke=\"#d00\" stroke-width=\"2.5\"",
                esc(
                    e.getKey()
                        + " @ "
                        + xs.get(x)
                        + ": "
                        + fmt(v[x])
                        + (mark == null ? "" : " - " + mark))));
      }
      legendItem(sb, left + plotW + 15, top + 12 + 16 * i, color, e.getKey());
      i++;
    }
    return sb.append("</svg>").toString();
  }

  /** Grouped bars: one group per category, one bar per series (NaN = no bar). */
  static String bars(
      String name, List<String> categories, Map<String, double[]> series, String yLabel) {
    int left = 70;
    int top = 20;
    int plotW = WIDTH - left - 220;
    int plotH = 200;
    double[] range = range(series.values());
    range[0] = Math.min(0, range[0]);
    StringBuilder sb = open(name, WIDTH, top + plotH + 90);
    axes(sb, left, top, plotW, plotH, range, yLabel);
    xLabels(sb, categories, left, top + plotH, plotW, true);
    double groupW = (double) plotW / Math.max(1, categories.size());
    double barW = Math.max(1, (groupW * 0.8) / Math.max(1, series.size()));
    int i = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      String color = PALETTE[i % PALETTE.length];
      double[] v = e.getValue();
      for (int c = 0; c < v.length; c++) {
        if (Double.isNaN(v[c])) {
          continue;
        }
        double x = left + c * groupW + groupW * 0.1 + i * barW;
        double y0 = yPos(0, range, top, plotH);
        double y1 = yPos(v[c], range, top, plotH);
        sb.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                x,
                Math.min(y0, y1),
                barW,
                Math.max(0.5, Math.abs(y0 - y1)),
                color,
                esc(e.getKey() + " / " + categories.get(c) + ": " + fmt(v[c]))));
      }
      if (series.size() > 1 || !e.getKey().isEmpty()) {
        legendItem(sb, left + plotW + 15, top + 12 + 16 * i, color, e.getKey());
      }
      i++;
    }
    return sb.append("</svg>").toString();
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String fmt(double v) {
    if (v != 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) {
      return String.format(Locale.ROOT, "%.3g", v);
    }
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /** White-yellow to dark red, {@code t} in [0, 1]. */
  static String ramp(double t) {
    t = Math.max(0, Math.min(1, t));
    int r = (int) Math.round(255 - t * (255 - 165));
    int g = (int) Math.round(247 - t * 247);
    int b = (int) Math.round(220 - t * (220 - 38));
    return String.format("#%02x%02x%02x", r, g, b);
  }

  private static StringBuilder open(String name, int w, int h) {
    return new StringBuilder()
        .append(
            String.format(
                Locale.ROOT,
                "<svg class=\"chart\" data-chart=\"%s\" xmlns=\"http://www.w3.org/2000/svg\""
                    + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">",
                esc(name),
                w,
                h,
                w,
                h));
  }

  private static void axes(
      StringBuilder sb, int left, int top, int w, int h, double[] range, String yLabel) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
            left,
            top,
            left,
            top + h,
            left,
            top + h,
            left + w,
            top + h));
    for (int k = 0; k <= 4; k++) {
      double v = range[0] + (range[1] - range[0]) * k / 4;
      double y = yPos(v, range, top, h);
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>",
              left,
              y,
              left + w,
              y));
      text(sb, left - 5, (int) y + 4, "end", fmt(v), 10);
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"14\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>",
            top + h / 2,
            top + h / 2,
            esc(yLabel)));
  }

  private static void xLabels(
      StringBuilder sb, List<String> xs, int left, int y, int w, boolean centred) {
    int every = Math.max(1, xs.size() / 20);
    for (int x = 0; x < xs.size(); x += every) {
      double px =
          centred ? left + (x + 0.5) * w / Math.max(1, xs.size()) : xPos(x, xs.size(), left, w);
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" transform=\"rotate(45 %.1f %d)\">%s</text>",
              px,
              y + 12,
              px,
              y + 12,
              esc(xs.get(x))));
    }
  }

  private static void legendItem(StringBuilder sb, int x, int y, String color, String label) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
            x,
            y - 9,
            color));
    text(sb, x + 15, y, "start", label, 11);
  }

  private static void legendRamp(
      StringBuilder sb, int x, int y, String label, double max, boolean outlined) {
    for (int k = 0; k < 10; k++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"10\" fill=\"%s\"/>",
              x + 16 * k,
              y - 9,
              ramp(k / 9.0)));
    }
    text(
        sb,
        x + 170,
        y,
        "start",
        label + ": 0 .. " + fmt(max) + (outlined ? "; outlined = drifted" : ""),
        11);
  }

  private static void text(StringBuilder sb, int x, int y, String anchor, String s, int size) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\">%s</text>",
            x,
            y,
            size,
            anchor,
            esc(s)));
  }

  private static double xPos(int x, int n, int left, int w) {
    return n <= 1 ? left + w / 2.0 : left + (double) x * w / (n - 1);
  }

  private static double yPos(double v, double[] range, int top, int h) {
    return top + h - (v - range[0]) / (range[1] - range[0]) * h;
  }

  private static double[] range(java.util.Collection<double[]> all) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] v : all) {
      for (double d : v) {
        if (!Double.isNaN(d)) {
          lo = Math.min(lo, d);
          hi = Math.max(hi, d);
        }
      }
    }
    if (lo == Double.POSITIVE_INFINITY) {
      return new double[] {0, 1};
    }
    if (hi - lo < 1e-12) {
      double pad = Math.abs(hi) < 1e-12 ? 1 : Math.abs(hi) * 0.1;
      return new double[] {lo - pad, hi + pad};
    }
    double pad = (hi - lo) * 0.05;
    return new double[] {lo - pad, hi + pad};
  }

  private static int maxLen(List<String> s) {
    return s.stream().mapToInt(String::length).max().orElse(4);
  }
}
