package io.ballast.scoring.drift;

import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.ModelRegistry;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * The demo's drift stage: drift of every feature table (and the predictions, when scored) over the
 * days after training, and how well the flags match the injected faults (precision and recall over
 * (day, feature) pairs, against the training baseline, slice 'all').
 */
public final class DemoDrift {
  /**
   * Which features each faulted source column moves, and for how many days after the fault ends
   * (the longest trailing window over it). Written out by hand from card_fraud.yaml: the
   * distribution shift touches amount, merchant_category, merchant_id (new merchants) and channel
   * (their payments are all online); the quality incident touches amount (nulls, negative and
   * absurd amounts); concept drift touches is_fraud. Duplicated txn_ids (2% for one day) move no
   * feature visibly and are left out.
   */
  static final Map<String, Map<String, Integer>> AFFECTED =
      Map.of(
          "amount",
          Map.of(
              "amount", 0,
              "amount_sum_1d", 1,
              "amount_sum_7d", 7,
              "amount_avg_30d", 30,
              "amount_max_7d", 7,
              "amount_vs_avg_30d", 30,
              "merchant_amount_avg_7d", 7,
              "score", 30),
          "merchant_category",
          Map.of("merchant_category", 0, "score", 0),
          "channel",
          Map.of("is_online", 0, "online_count_1d", 1, "score", 0),
          "merchant_id",
          Map.of(
              "merchants_distinct_7d", 7,
              "merchant_txn_count_1d", 1,
              "merchant_customers_distinct_7d", 7,
              "merchant_labels_30d", 30,
              "merchant_fraud_count_30d", 30,
              "merchant_fraud_rate_30d", 30,
              "merchant_amount_avg_7d", 7),
          "is_fraud",
          Map.of(
              "customer_fraud_count_30d", 30,
              "merchant_fraud_count_30d", 30,
              "merchant_fraud_rate_30d", 30));

  private DemoDrift() {}

  /** Detection figures over (day, feature) pairs. */
  public record Detection(int truePositives, int falsePositives, int falseNegatives) {
    public double precision() {
      int p = truePositives + falsePositives;
      return p == 0 ? 1.0 : (double) truePositives / p;
    }

    public double recall() {
      int t = truePositives + falseNegatives;
      return t == 0 ? 1.0 : (double) truePositives / t;
    }
  }

  /** An injected fault: which source columns, from which day to which. */
  public record Fault(String kind, LocalDate first, LocalDate last, List<String> columns) {}

  public static Detection run(
      LakehouseTables tables,
      ModelRegistry registry,
      PipelineDefinition def,
      LocalDate from,
      LocalDate to,
      PrintWriter out) {
    DriftRuns runs = new DriftRuns(tables, registry, s -> out.println("      " + s));
    List<String> featureTables = def.featureTables().stream().map(FeatureTable::name).toList();
    List<DriftJob.Result> results =
        new ArrayList<>(runs.run(def, featureTables, from, to, Optional.empty(), false, false));
    String preds = BallastTable.predictionsTable(def);
    if (tables.exists(preds)) {
      results.addAll(runs.run(def, List.of(preds), from, to, Optional.empty(), true, false));
    }
    for (DriftJob.Result r : results) {
      out.printf(
          "      %s vs %s: %d features, %d days, %.1f s%n",
          r.table(),
          r.baselineId(),
          r.features().size(),
          r.summaries().stream().map(s -> s.ds()).distinct().count(),
          r.seconds());
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        Set<String> f = DriftReport.drifted(r, d.toString(), r.comparison());
        out.printf("        %s %s%n", d, f.isEmpty() ? "-" : String.join(", ", f));
      }
    }
    List<Fault> faults = faults(tables);
    Detection det = score(results, faults, from, to);
    out.printf(
        "      detection vs injected faults %s: precision %.2f, recall %.2f"
            + " (%d true, %d false positives, %d missed day-features)%n",
        faults.stream().map(f -> f.kind() + " from " + f.first()).toList(),
        det.precision(),
        det.recall(),
        det.truePositives(),
        det.falsePositives(),
        det.falseNegatives());
    // per feature, after the total line (ci/e2e.sh reads the first "precision P, recall R")
    scoreByFeature(results, faults, from, to)
        .forEach(
            (f, d) -> {
              if (d.truePositives() + d.falsePositives() + d.falseNegatives() > 0) {
                out.printf(
                    "        %s: %d true, %d false positives, %d missed (precision %.2f recall"
                        + " %.2f)%n",
                    f,
                    d.truePositives(),
                    d.falsePositives(),
                    d.falseNegatives(),
                    d.precision(),
                    d.recall());
              }
            });
    out.flush();
    return det;
  }

  static List<Fault> faults(LakehouseTables tables) {
    List<Fault> out = new ArrayList<>();
    if (!tables.exists(BallastTable.INJECTED_FAULTS.name())) {
      return out;
    }
    for (Row r : tables.read(BallastTable.INJECTED_FAULTS.name()).collectAsList()) {
      out.add(
          new Fault(
              r.getAs("fault"),
              LocalDate.parse(r.getAs("first_day")),
              LocalDate.parse(r.getAs("last_day")),
              r.getList(r.fieldIndex("columns"))));
    }
    return out;
  }

  /** Whether a fault is expected to move {@code feature} on {@code day}. */
  static boolean expected(List<Fault> faults, String feature, LocalDate day) {
    for (Fault f : faults) {
      for (String c : f.columns()) {
        Integer lingers = AFFECTED.getOrDefault(c, Map.of()).get(feature);
        if (lingers != null
            && !day.isBefore(f.first())
            && !day.isAfter(f.last().plusDays(lingers))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Precision and recall of the flags over every (day, table feature) pair compared. */
  static Detection score(
      List<DriftJob.Result> results, List<Fault> faults, LocalDate from, LocalDate to) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (Detection d : scoreByFeature(results, faults, from, to).values()) {
      tp += d.truePositives();
      fp += d.falsePositives();
      fn += d.falseNegatives();
    }
    return new Detection(tp, fp, fn);
  }

  /**
   * As {@link #score}, per {@code table.feature} (in the order compared): which features the flags
   * catch and which raise false alarms.
   */
  static Map<String, Detection> scoreByFeature(
      List<DriftJob.Result> results, List<Fault> faults, LocalDate from, LocalDate to) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (DriftJob.Result r : results) {
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        Set<String> flagged = DriftReport.drifted(r, d.toString(), r.comparison());
        for (String f : r.features()) {
          boolean e = expected(faults, f, d);
          boolean p = flagged.contains(f);
          int[] c = counts.computeIfAbsent(r.table() + "." + f, k -> new int[3]);
          c[0] += e && p ? 1 : 0;
          c[1] += !e && p ? 1 : 0;
          c[2] += e && !p ? 1 : 0;
        }
      }
    }
    Map<String, Detection> out = new LinkedHashMap<>();
    counts.forEach((k, c) -> out.put(k, new Detection(c[0], c[1], c[2])));
    return out;
  }

  /** Per feature: the days flagged (for tests and messages). */
  static Map<String, Set<String>> flaggedDays(DriftJob.Result r) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    r.driftedRows().stream()
        .filter(x -> x.comparison().equals(r.comparison()) && x.slice().equals("all"))
        .forEach(x -> out.computeIfAbsent(x.feature(), k -> new LinkedHashSet<>()).add(x.ds()));
    return out;
  }
}
