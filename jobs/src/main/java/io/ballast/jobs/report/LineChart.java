package io.ballast.jobs.report;

import static io.ballast.jobs.report.Svg.esc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lines over days, told apart by colour and dash pattern and named at their right ends (labels
 * pushed apart so they never overlap); series with the same values are drawn as one line, labelled
 * once and listed under the chart. The value axis is on round ticks, held inside its {@link Bounds}
 * (a share never runs past [0, 1]).
 */
final class LineChart {
  private static final int LEFT = 72;
  private static final int TOP = 14;
  private static final int LABEL_GAP = 14;
  private static final int MAX_POINTS = 62;

  private LineChart() {}

  /**
   * The values an axis may show: hard bounds (NaN = none) and whether it starts at zero.
   *
   * @param withZero stretch the axis to 0 (counts)
   */
  record Bounds(double floor, double ceil, boolean withZero) {
    static final Bounds SHARE = new Bounds(0, 1, false);
    static final Bounds FREE = new Bounds(Double.NaN, Double.NaN, false);
    static final Bounds COUNT = new Bounds(0, Double.NaN, true);
  }

  /**
   * One line per series over the days {@code xs} (NaN = no point). Points in {@code marks} (series
   * -> day index -> label) are ringed in red with the label as tooltip.
   */
  static String draw(
      String name,
      List<String> xs,
      Map<String, double[]> series,
      Map<String, Map<Integer, String>> marks,
      String yLabel,
      Bounds bounds) {
    List<String> names = new ArrayList<>(series.keySet());
    double lo = Double.NaN;
    double hi = Double.NaN;
    for (double[] v : series.values()) {
      for (double d : v) {
        if (!Double.isNaN(d)) {
          lo = Double.isNaN(lo) ? d : Math.min(lo, d);
          hi = Double.isNaN(hi) ? d : Math.max(hi, d);
        }
      }
    }
    Ticks ticks = Ticks.of(lo, hi, 6, bounds.floor(), bounds.ceil(), bounds.withZero());
    List<List<Integer>> groups = sameLines(names, series, (ticks.max() - ticks.min()) * 1e-3);
    List<String> labels = new ArrayList<>();
    for (List<Integer> g : groups) {
      labels.add(names.get(g.get(0)) + (g.size() == 1 ? "" : " (+" + (g.size() - 1) + " same)"));
    }
    double widest = labels.stream().mapToDouble(s -> Svg.textWidth(s, 11)).max().orElse(40);
    int right = (int) Math.min(250, widest + 40);
    int plotW = Svg.WIDTH - LEFT - right;
    int plotH = Math.min(600, Math.max(220, groups.size() * LABEL_GAP + 10));
    Plot plot = new Plot((double) plotW / Math.max(1, xs.size()), ticks, plotH);
    double slot = plot.slot();
    StringBuilder sb = Svg.open(name, Svg.WIDTH, TOP + plotH + 34);
    Svg.yAxis(sb, ticks, LEFT, TOP, plotW, plotH, yLabel, 16);
    Svg.xLabels(sb, xs, LEFT, slot, TOP + plotH + 16, true);
    double[] endY = new double[groups.size()];
    double[][] ends = new double[groups.size()][];
    for (int k = groups.size() - 1; k >= 0; k--) {
      int i = groups.get(k).get(0);
      double[] v = series.get(names.get(i));
      line(sb, i, names.get(i), v, xs, marks.getOrDefault(names.get(i), Map.of()), plot);
      for (int j = 1; j < groups.get(k).size(); j++) { // the same values: rings only
        String other = names.get(groups.get(k).get(j));
        rings(sb, other, series.get(other), xs, marks.getOrDefault(other, Map.of()), plot);
      }
      int last = v.length - 1;
      while (last > 0 && Double.isNaN(v[last])) {
        last--;
      }
      ends[k] = new double[] {plot.x(last), plot.y(v[last])};
      endY[k] = ends[k][1];
    }
    double[] placed = spread(endY, TOP + 4, TOP + plotH + 4);
    for (int k = 0; k < groups.size(); k++) {
      int i = groups.get(k).get(0);
      double lx = LEFT + plotW + 8;
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\""
                  + " stroke-width=\"0.8\"/>",
              ends[k][0],
              ends[k][1],
              lx,
              placed[k] - 4));
      List<String> all = groups.get(k).stream().map(names::get).toList();
      sb.append("<g>");
      Svg.legendItem(sb, lx, placed[k], i, labels.get(k), right - 10);
      if (all.size() > 1) {
        sb.append("<title>")
            .append(esc("same values: " + String.join(", ", all)))
            .append("</title>");
      }
      sb.append("</g>");
    }
    return Svg.close(sb) + sameNote(groups, names);
  }

  private static void line(
      StringBuilder sb,
      int i,
      String name,
      double[] v,
      List<String> xs,
      Map<Integer, String> marks,
      Plot plot) {
    StringBuilder pts = new StringBuilder();
    for (int x = 0; x < v.length; x++) {
      if (!Double.isNaN(v[x])) {
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", plot.x(x), plot.y(v[x])));
      }
    }
    sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
        .append(Svg.color(i))
        .append('"')
        .append(Svg.dash(i))
        .append(" points=\"")
        .append(pts.toString().trim())
        .append("\"><title>")
        .append(esc(name))
        .append("</title></polyline>");
    if (xs.size() <= MAX_POINTS) {
      for (int x = 0; x < v.length; x++) {
        if (!Double.isNaN(v[x]) && !marks.containsKey(x)) {
          sb.append(
              String.format(
                  Locale.ROOT,
                  "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s</title></circle>",
                  plot.x(x),
                  plot.y(v[x]),
                  Svg.color(i),
                  esc(name + " @ " + xs.get(x) + ": " + Svg.fmt(v[x]))));
        }
      }
    }
    rings(sb, name, v, xs, marks, plot);
  }

  private static void rings(
      StringBuilder sb,
      String name,
      double[] v,
      List<String> xs,
      Map<Integer, String> marks,
      Plot plot) {
    marks.forEach(
        (x, mark) -> {
          if (x < v.length && !Double.isNaN(v[x])) {
            sb.append(
                String.format(
                    Locale.ROOT,
                    "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"none\""
                        + " stroke=\"#d00\" stroke-width=\"2.5\"><title>%s</title></circle>",
                    plot.x(x),
                    plot.y(v[x]),
                    esc(name + " @ " + xs.get(x) + ": " + Svg.fmt(v[x]) + " - " + mark)));
          }
        });
  }

  /** Where a day's slot and a value fall. */
  private record Plot(double slot, Ticks ticks, int plotH) {
    double x(int day) {
      return LEFT + (day + 0.5) * slot;
    }

    double y(double v) {
      return Svg.yPos(v, ticks, TOP, plotH);
    }
  }

  /**
   * Groups of series (indexes into {@code names}) whose points all lie within {@code eps} of each
   * other, in order of first appearance.
   */
  static List<List<Integer>> sameLines(
      List<String> names, Map<String, double[]> series, double eps) {
    List<List<Integer>> groups = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      double[] v = series.get(names.get(i));
      List<Integer> home = null;
      for (List<Integer> g : groups) {
        if (same(series.get(names.get(g.get(0))), v, eps)) {
          home = g;
          break;
        }
      }
      if (home == null) {
        home = new ArrayList<>();
        groups.add(home);
      }
      home.add(i);
    }
    return groups;
  }

  private static boolean same(double[] a, double[] b, double eps) {
    for (int x = 0; x < a.length; x++) {
      if (Double.isNaN(a[x]) != Double.isNaN(b[x])
          || (!Double.isNaN(a[x]) && Math.abs(a[x] - b[x]) > eps)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Label positions near {@code ys} at least {@link #LABEL_GAP} apart, inside [lo, hi] when they
   * fit; the order of {@code ys} is kept.
   */
  static double[] spread(double[] ys, double lo, double hi) {
    Integer[] order = new Integer[ys.length];
    for (int i = 0; i < ys.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(ys[a], ys[b]));
    double[] out = new double[ys.length];
    double prev = Double.NEGATIVE_INFINITY;
    for (int i : order) {
      out[i] = Math.max(Math.max(ys[i], lo), prev + LABEL_GAP);
      prev = out[i];
    }
    double next = Double.POSITIVE_INFINITY;
    for (int k = order.length - 1; k >= 0; k--) {
      int i = order[k];
      out[i] = Math.max(lo + k * LABEL_GAP, Math.min(out[i], Math.min(hi, next - LABEL_GAP)));
      next = out[i];
    }
    return out;
  }

  private static String sameNote(List<List<Integer>> groups, List<String> names) {
    List<String> notes = new ArrayList<>();
    for (List<Integer> g : groups) {
      if (g.size() > 1) {
        notes.add(String.join(", ", g.stream().map(names::get).toList()));
      }
    }
    return notes.isEmpty()
        ? ""
        : "<p class=\"note\">Lines with the same values, drawn as one: "
            + esc(String.join("; ", notes))
            + ".</p>";
  }
}
