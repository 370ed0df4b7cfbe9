package io.ballast.scoring.drift;

import io.ballast.features.config.DriftSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a drift run reports: a line per partition for people, the drifted features per partition,
 * and the summary a retraining run is triggered with.
 */
public final class DriftReport {
  private DriftReport() {}

  /** One line per partition: drifted features against the baseline and the previous day. */
  public static void print(DriftJob.Result r, PrintWriter out) {
    out.printf(
        "%s vs %s: %d features, %d partitions (%,d rows) in %.1f s%s%n",
        r.table(),
        r.baselineId(),
        r.features().size(),
        r.summaries().stream().map(DriftSummary::ds).distinct().count(),
        r.rows(),
        r.seconds(),
        r.slices().isEmpty() ? "" : "; slices " + r.slices());
    for (String ds : r.summaries().stream().map(DriftSummary::ds).distinct().toList()) {
      StringBuilder line = new StringBuilder("  " + ds);
      if (r.emptyPartitions().contains(ds)) {
        line.append("  EMPTY partition: no rows, nothing compared");
        out.println(line);
        continue;
      }
      for (String cmp : List.of(r.comparison(), DriftCalculator.PREVIOUS)) {
        DriftSummary s =
            r.summaries().stream()
                .filter(
                    x -> x.ds().equals(ds) && x.comparison().equals(cmp) && x.slice().equals("all"))
                .findFirst()
                .orElseThrow();
        line.append(
            String.format(
                "  %s %d/%d%s %s",
                cmp,
                s.driftedFeatures(),
                s.features(),
                s.drifted() ? " DRIFT" : "",
                drifted(r, ds, cmp)));
      }
      out.println(line);
    }
    if (r.calibrated().isOn()) {
      out.println("  " + r.calibrated().describe(r.comparison(), 3));
    }
    printAttribution(r, out);
  }

  /** Per day, the features whose attribution share moved past its threshold (slice 'all'). */
  static void printAttribution(DriftJob.Result r, PrintWriter out) {
    if (r.attributionRows().isEmpty()) {
      return;
    }
    Map<String, List<String>> flagged = new LinkedHashMap<>();
    for (DriftRow x : r.attributionRows()) {
      if (x.slice().equals("all") && x.statistic().equals(DriftSpec.ATTRIBUTION_SHARE_CHANGE)) {
        List<String> f = flagged.computeIfAbsent(x.ds(), k -> new ArrayList<>());
        if (Boolean.TRUE.equals(x.drifted())) {
          f.add(String.format(Locale.ROOT, "%s %+.3f", x.feature(), x.value()));
        }
      }
    }
    flagged.forEach(
        (ds, f) ->
            out.printf(
                "  %s  attribution shares vs training: %s%n",
                ds, f.isEmpty() ? "no feature moved past its threshold" : String.join(", ", f)));
  }

  /** The features with a drifted statistic (slice 'all'). */
  public static Set<String> drifted(DriftJob.Result r, String ds, String comparison) {
    Set<String> f = new LinkedHashSet<>();
    for (DriftRow x : r.driftedRows()) {
      if (x.ds().equals(ds) && x.comparison().equals(comparison) && x.slice().equals("all")) {
        f.add(x.feature());
      }
    }
    return f;
  }

  /** What the retraining run is told: the drifted partitions and their features. */
  public static List<Map<String, Object>> summary(List<DriftJob.Result> results) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (DriftJob.Result r : results) {
      for (DriftSummary s : r.driftedPartitions()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", r.table());
        m.put("ds", s.ds());
        m.put("baseline_id", r.baselineId());
        m.put("drifted_share", s.driftedShare());
        m.put("bound", s.bound());
        m.put("features", List.copyOf(drifted(r, s.ds(), r.comparison())));
        out.add(m);
      }
    }
    return out;
  }
}
