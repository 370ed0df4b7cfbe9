package io.ballast.jobs.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every chart kind of the report at a large size, drawn from arrays without Spark (milliseconds): a
 * drift heatmap of N days x F features with a fault mark, per-feature and per-column lines (some
 * identical, one ringed), a share line, horizontal bars of long slice labels, and a score
 * distribution heatmap. The layout check renders it in the browser beside a real report.
 */
final class LargeCharts {
  private LargeCharts() {}

  static String page(int days, int features) {
    List<String> xs = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      xs.add(LocalDate.of(2026, 10, 1).plusDays(d).toString());
    }
    List<String> names = new ArrayList<>();
    for (int f = 0; f < features; f++) {
      names.add(f % 7 == 3 ? "merchant_category_share_of_spend_" + f : "feature_" + f);
    }
    double[][] drift = new double[features][days];
    boolean[][] flagged = new boolean[features][days];
    for (int f = 0; f < features; f++) {
      for (int d = 0; d < days; d++) {
        drift[f][d] = d > days * 6 / 10 ? 0.05 + 0.3 * ((f * 7 + d) % 11) / 10.0 : 0.01 * (f % 5);
        flagged[f][d] = drift[f][d] > 0.25;
      }
    }
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put(
        "Drift",
        Heatmap.draw(
                "drift-large",
                xs,
                names,
                drift,
                flagged,
                Map.of(
                    xs.get(days * 6 / 10),
                    "distribution_shift",
                    xs.get(days * 6 / 10 + 1),
                    "quality_incident (a long description of the fault)"),
                "psi")
            + LineChart.draw(
                "share-large",
                xs,
                Map.of("customer_features", share(days)),
                Map.of(),
                "drifted share",
                LineChart.Bounds.SHARE));
    Map<String, double[]> completeness = new TreeMap<>();
    for (int c = 0; c < 12; c++) {
      double[] v = new double[days];
      for (int d = 0; d < days; d++) {
        v[d] = c < 4 ? 1.0 : 1.0 - 0.01 * c * ((d + c) % 9) / 8.0;
      }
      completeness.put("transactions.column_with_a_long_name_" + c, v);
    }
    sections.put(
        "Data quality",
        LineChart.draw(
            "completeness-large",
            xs,
            completeness,
            Map.of("transactions.column_with_a_long_name_5", Map.of(days / 2, "failed check")),
            "completeness",
            LineChart.Bounds.SHARE));
    List<String> slices = new ArrayList<>(List.of("all"));
    for (int s = 0; s < 20; s++) {
      slices.add("merchant_category = a_rather_long_category_name_number_" + s);
    }
    Map<String, double[]> bars = new TreeMap<>();
    for (int v = 1; v <= 3; v++) {
      double[] b = new double[slices.size()];
      for (int s = 0; s < b.length; s++) {
        b[s] = 0.7 + 0.01 * ((s * v) % 25);
      }
      bars.put("fraud_model v" + v, b);
    }
    sections.put("Model metrics", BarChart.draw("slices-large", slices, bars, "roc_auc"));
    List<String> bins = new ArrayList<>();
    double[][] scores = new double[10][days];
    for (int b = 9; b >= 0; b--) {
      bins.add(String.format(java.util.Locale.ROOT, "%.1f-%.1f", b / 10.0, (b + 1) / 10.0));
      for (int d = 0; d < days; d++) {
        scores[9 - b][d] = (10 - b) / 55.0;
      }
    }
    sections.put(
        "Predictions",
        Heatmap.draw(
            "scores-large", xs, bins, scores, new boolean[10][days], Map.of(), "share of rows"));
    return ReportJob.html("fixture " + days + " x " + features, Instant.EPOCH, sections);
  }

  private static double[] share(int days) {
    double[] v = new double[days];
    for (int d = 0; d < days; d++) {
      v[d] = d > days * 6 / 10 ? 0.2 + 0.8 * (d % 5) / 4.0 : 0.0;
    }
    return v;
  }
}
