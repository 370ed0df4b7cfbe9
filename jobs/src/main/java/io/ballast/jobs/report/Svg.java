package io.ballast.jobs.report;

import java.util.List;
import java.util.Locale;

/**
 * What the report's inline SVG charts share ({@link Heatmap}, {@link LineChart}, {@link BarChart}):
 * plain strings, no scripts and no external assets, every text escaped; each chart is one {@code
 * <svg class="chart">} with a {@code data-chart} name that scales down to the page's width (never
 * below {@link #MIN_WIDTH}; narrower screens scroll its box). Text is measured with a conservative
 * estimate of DejaVu Sans' advance widths, so labels are fitted (truncated with the full text in a
 * {@code <title>} tooltip) rather than overflowing.
 */
final class Svg {
  private Svg() {}

  /** The width charts are drawn for (the page's content is at most 1,100 px). */
  static final int WIDTH = 1000;

  /** Below this the chart's box scrolls instead of shrinking it further (text stays legible). */
  static final int MIN_WIDTH = 600;

  static final String[] PALETTE = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf"
  };

  /** Dash patterns cycled with the colours, so two lines never share both. */
  static final String[] DASHES = {"", "7 3", "2 3", "9 3 2 3"};

  /** Opens a chart of the given drawn size (the page may scale it down to MIN_WIDTH). */
  static StringBuilder open(String name, int w, int h) {
    return new StringBuilder()
        .append(
            String.format(
                Locale.ROOT,
                "<div class=\"chart-box\"><svg class=\"chart\" data-chart=\"%s\""
                    + " xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " viewBox=\"0 0 %d %d\" style=\"min-width:%dpx\" font-family=\"sans-serif\">",
                esc(name),
                w,
                h,
                w,
                h,
                Math.min(w, MIN_WIDTH)));
  }

  static String close(StringBuilder sb) {
    return sb.append("</svg></div>").toString();
  }

  /** Estimated drawn width of {@code s} at {@code size} px (DejaVu Sans, rounded up). */
  static double textWidth(String s, double size) {
    double em = 0;
    for (char c : s.toCharArray()) {
      if ("iIl.,:;'|!() ".indexOf(c) >= 0) {
        em += 0.34;
      } else if (Character.isUpperCase(c) || c == 'm' || c == 'w' || c == '%') {
        em += 0.82;
      } else {
        em += 0.64;
      }
    }
    return em * size;
  }

  /** {@code s}, cut to fit {@code maxWidth} px with an ellipsis; unchanged when it fits. */
  static String fit(String s, double size, double maxWidth) {
    if (textWidth(s, size) <= maxWidth) {
      return s;
    }
    int n = s.length();
    while (n > 1 && textWidth(s.substring(0, n) + "\u2026", size) > maxWidth) {
      n--;
    }
    return n <= 1 ? "" : s.substring(0, n) + "\u2026";
  }

  /**
   * A text element fitted to {@code maxWidth}; when cut, the full text is its tooltip. Empty when
   * not even one character fits.
   */
  static void text(
      StringBuilder sb,
      double x,
      double y,
      String anchor,
      String s,
      int size,
      double maxWidth,
      String extra) {
    String shown = fit(s, size, maxWidth);
    if (shown.isEmpty()) {
      return;
    }
    sb.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\"%s>",
                x,
                y,
                size,
                anchor,
                extra.isEmpty() ? "" : " " + extra))
        .append(esc(shown));
    if (!shown.equals(s)) {
      sb.append("<title>").append(esc(s)).append("</title>");
    }
    sb.append("</text>");
  }

  static void text(StringBuilder sb, double x, double y, String anchor, String s, int size) {
    text(sb, x, y, anchor, s, size, Double.MAX_VALUE, "");
  }

  /**
   * Labels under a row of {@code n} slots {@code slotW} wide starting at {@code left}: every k-th
   * slot (k from 1, 2, 5, 7, 14, 28, ...) so labels keep a gap; dates shown as MM-dd.
   */
  static void xLabels(
      StringBuilder sb, List<String> xs, double left, double slotW, double y, boolean centred) {
    if (xs.isEmpty()) {
      return;
    }
    double widest = xs.stream().mapToDouble(s -> textWidth(shortDay(s), 10)).max().orElse(30);
    int every = labelStep(widest + 10, slotW);
    for (int x = 0; x < xs.size(); x += every) {
      double px = left + (centred ? (x + 0.5) * slotW : x * slotW);
      text(sb, px, y, "middle", shortDay(xs.get(x)), 10);
    }
  }

  /** The smallest of 1, 2, 5, 7, 14, 28, 56, ... with {@code step * slotW >= need}. */
  static int labelStep(double need, double slotW) {
    for (int k : new int[] {1, 2, 5, 7, 14, 28}) {
      if (k * slotW >= need) {
        return k;
      }
    }
    int k = 56;
    while (k * slotW < need) {
      k *= 2;
    }
    return k;
  }

  /** "2026-10-07" -> "10-07" (the year is in the chart's caption); other labels unchanged. */
  static String shortDay(String s) {
    return s.matches("\\d{4}-\\d{2}-\\d{2}") ? s.substring(5) : s;
  }

  /** "2026-10-01 .. 2026-10-10" for a caption, empty for no days. */
  static String span(List<String> days) {
    return days.isEmpty() ? "" : days.get(0) + " .. " + days.get(days.size() - 1);
  }

  /** Horizontal grid lines and labels of a value axis on the left of a plot. */
  static void yAxis(
      StringBuilder sb, Ticks t, int left, int top, int w, int h, String label, int labelX) {
    for (double v : t.values()) {
      double y = yPos(v, t, top, h);
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>",
              left,
              y,
              left + w,
              y,
              Math.abs(v) < 1e-12 ? "#888" : "#e2e2e2"));
      text(sb, left - 5, y + 4, "end", t.label(v), 10);
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
            left,
            top,
            left,
            top + h));
    text(
        sb,
        labelX,
        top + h / 2.0,
        "middle",
        label,
        11,
        h,
        String.format(Locale.ROOT, "transform=\"rotate(-90 %d %.1f)\"", labelX, top + h / 2.0));
  }

  static double yPos(double v, Ticks t, int top, int h) {
    double c = Math.max(t.min(), Math.min(t.max(), v));
    return top + h - (c - t.min()) / (t.max() - t.min()) * h;
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

  /** Up to four decimals, trailing zeros dropped; large values with separators. */
  static String fmt(double v) {
    if (v != 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) {
      return String.format(Locale.ROOT, "%.3g", v);
    }
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /** Two significant digits, for values printed inside cells and at bar ends. */
  static String brief(double v) {
    if (v == 0) {
      return "0";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    int decimals = Math.max(0, 1 - (int) Math.floor(Math.log10(Math.abs(v))));
    return String.format(Locale.ROOT, "%." + Math.min(decimals, 4) + "f", v)
        .replaceAll("(\\.\\d*?)0+$", "$1")
        .replaceAll("\\.$", "");
  }

  /** White-yellow to dark red, {@code t} in [0, 1]. */
  static String ramp(double t) {
    t = Math.max(0, Math.min(1, t));
    int r = (int) Math.round(255 - t * (255 - 165));
    int g = (int) Math.round(247 - t * 247);
    int b = (int) Math.round(220 - t * (220 - 38));
    return String.format("#%02x%02x%02x", r, g, b);
  }

  /** A legend entry: a short stroke in the series' colour and dash, then its name. */
  static double legendItem(
      StringBuilder sb, double x, double y, int series, String label, double maxWidth) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"%s/>",
            x,
            y - 4,
            x + 18,
            y - 4,
            color(series),
            dash(series)));
    text(sb, x + 22, y, "start", label, 11, maxWidth - 22, "");
    return 22 + Math.min(maxWidth - 22, textWidth(label, 11));
  }

  static String color(int series) {
    return PALETTE[series % PALETTE.length];
  }

  static String dash(int series) {
    String d = DASHES[series % DASHES.length];
    return d.isEmpty() ? "" : " stroke-dasharray=\"" + d + "\"";
  }
}
