package io.ballast.jobs.cli;

import static org.apache.spark.sql.functions.col;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.demo.GeneratorParams;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.scoring.drift.DriftRuns;
import io.ballast.scoring.drift.LiveBounds;
import io.ballast.scoring.drift.PerformanceJob;
import io.ballast.validation.quality.QualityCheckJob;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/**
 * The demo's expectations that need the stages' results or a look at the tables, each added to the
 * {@link DemoVerdict} with its figure; the decision of each is plain Java on small values.
 */
final class DemoExpectations {
  private static final Pattern GATE_DAY = Pattern.compile("^ds=(\\d{4}-\\d{2}-\\d{2}) ");

  private DemoExpectations() {}

  /** The injected quality incident fails a source's gate on its day, and no other day fails. */
  static void incident(
      DemoVerdict verdict, Map<String, QualityCheckJob.Result> sources, LocalDate incident) {
    TreeMap<String, Integer> failedByDay = new TreeMap<>();
    sources.values().stream()
        .flatMap(q -> q.gateFailures().stream())
        .map(GATE_DAY::matcher)
        .filter(Matcher::find)
        .forEach(m -> failedByDay.merge(m.group(1), 1, Integer::sum));
    verdict.expect(
        "the quality incident fails the source gate on its day only",
        incidentFigure(failedByDay, incident),
        incidentCaught(failedByDay, incident));
  }

  static boolean incidentCaught(Map<String, Integer> failedByDay, LocalDate incident) {
    return failedByDay.keySet().equals(java.util.Set.of(incident.toString()));
  }

  static String incidentFigure(Map<String, Integer> failedByDay, LocalDate incident) {
    if (failedByDay.isEmpty()) {
      return "no gate failed (incident injected on " + incident + ")";
    }
    return "failed checks by day: "
        + failedByDay.entrySet().stream()
            .map(e -> e.getKey() + " (" + e.getValue() + ")")
            .collect(Collectors.joining(", "))
        + "; incident injected on "
        + incident;
  }

  /**
   * Every payment of the days {@code from..to} has exactly one served prediction (the bulk scoring
   * and the daily graph's together): one grouped count of each table.
   */
  static void everyLaterDayScored(
      DemoVerdict verdict,
      LakehouseTables tables,
      PipelineDefinition def,
      LocalDate from,
      LocalDate to) {
    String preds = BallastTable.predictionsTable(def);
    Map<String, Long> payments =
        countByDay(tables, BallastTable.TRANSACTIONS.name(), "true", from, to);
    Map<String, Long> predictions =
        tables.exists(preds)
            ? countByDay(tables, preds, "NOT shadow", from, to)
            : Map.<String, Long>of();
    List<String> off = scoredMismatch(payments, predictions);
    long p = payments.values().stream().mapToLong(Long::longValue).sum();
    long s = predictions.values().stream().mapToLong(Long::longValue).sum();
    verdict.expect(
        "every day after training scored, one prediction per payment",
        String.format(
                "%s .. %s: %,d predictions for %,d payments over %d days",
                from, to, s, p, payments.size())
            + (off.isEmpty() ? "" : "; off on " + String.join(", ", off)),
        off.isEmpty() && !payments.isEmpty());
  }

  /** The days whose prediction count differs from their payment count, with both counts. */
  static List<String> scoredMismatch(Map<String, Long> payments, Map<String, Long> predictions) {
    TreeSet<String> days = new TreeSet<>(payments.keySet());
    days.addAll(predictions.keySet());
    List<String> off = new ArrayList<>();
    for (String d : days) {
      long a = payments.getOrDefault(d, 0L);
      long b = predictions.getOrDefault(d, 0L);
      if (a != b) {
        off.add(d + " (" + b + " of " + a + ")");
      }
    }
    return off;
  }

  private static Map<String, Long> countByDay(
      LakehouseTables tables, String table, String where, LocalDate from, LocalDate to) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r :
        tables
            .read(table)
            .where(col("ds").between(from.toString(), to.toString()))
            .where(where)
            .groupBy("ds")
            .count()
            .collectAsList()) {
      out.put(String.valueOf(r.get(0)), r.getLong(1));
    }
    return out;
  }

  /**
   * The champion's live performance on the scored days (one job, written to model_metrics as
   * dataset 'live'), printed per day and checked against the definition's monitoring.live bounds;
   * with an injected concept drift, the expectation that a bound is crossed from its day and not
   * before. Only the labels that arrived by the demo's last day count (the label table also holds
   * the later arrivals the retrain waits for). Returns what triggers the retrain: the first crossed
   * bound, if any.
   */
  static Optional<Trigger> live(
      DemoVerdict verdict,
      LakehouseTables tables,
      ModelRegistry registry,
      PipelineDefinition def,
      LocalDate from,
      GeneratorParams params,
      PrintWriter out) {
    DriftRuns runs = new DriftRuns(tables, registry, s -> out.println("      " + s));
    PerformanceJob.Result r =
        runs.performance(def, Optional.empty(), from, params.end(), Optional.of(params.end()));
    List<String> shown = shownMetrics(def);
    List<LiveBounds.Breach> breaches = new ArrayList<>();
    List<String> perDay = new ArrayList<>();
    for (PerformanceJob.Day day : r.days()) {
      Map<String, Double> live = day.live();
      out.printf(
          "      %s: %s; %,.0f labels, %,.0f positive%n",
          day.ds(),
          shown.stream()
              .filter(live::containsKey)
              .map(
                  m ->
                      String.format(
                          "%s %.3f%s",
                          m,
                          live.get(m),
                          r.training().containsKey(m)
                              ? String.format(" (training %.3f)", r.training().get(m))
                              : ""))
              .collect(Collectors.joining(", ")),
          live.getOrDefault("rows", 0.0),
          live.getOrDefault("positives", 0.0));
      perDay.add(
          day.ds().substring(5)
              + " "
              + shown.stream()
                  .filter(live::containsKey)
                  .map(m -> String.format("%.3f", live.get(m)))
                  .collect(Collectors.joining("/")));
      breaches.addAll(LiveBounds.check(day.ds(), live, def.monitoring()));
    }
    r.tooFewLabels()
        .forEach(
            (ds, n) ->
                out.printf(
                    "      %s: not measured, %d labels (monitoring.live.min_labels %d)%n",
                    ds, n, r.minLabels()));
    breaches.forEach(b -> out.println("      LIVE BOUND crossed: " + b.text()));
    if (breaches.isEmpty()) {
      out.println(
          def.monitoring().hasBounds()
              ? "      no live metric crosses its bound"
              : "      no live bounds (monitoring.live) in the definition");
    }
    out.flush();
    String figure =
        String.join(" ", shown)
            + " by day: "
            + (perDay.isEmpty() ? "none measured" : String.join(", ", perDay))
            + (breaches.isEmpty()
                ? "; no bound crossed"
                : "; crossed: "
                    + breaches.stream()
                        .map(LiveBounds.Breach::text)
                        .collect(Collectors.joining("; ")));
    if (params.conceptDrift().isPresent() && def.monitoring().hasBounds()) {
      LocalDate drift = params.conceptDrift().get();
      verdict.expect(
          "live metrics show the concept drift (a monitoring.live bound crossed from "
              + drift
              + ", none before)",
          figure,
          liveShowsDrift(breaches, drift));
    } else {
      verdict.note("live metrics", figure);
    }
    return breaches.stream()
        .findFirst()
        .map(b -> new Trigger("the live bound crossed on " + b.text(), LocalDate.parse(b.ds())));
  }

  /**
   * What triggered the retrain, and the first day it saw the change: the retrain learns from that
   * day on.
   */
  record Trigger(String why, LocalDate since) {}

  static boolean liveShowsDrift(List<LiveBounds.Breach> breaches, LocalDate drift) {
    return !breaches.isEmpty()
        && breaches.stream().allMatch(b -> !LocalDate.parse(b.ds()).isBefore(drift));
  }

  /** The metrics printed per day: the bounded ones, else ROC AUC. */
  private static List<String> shownMetrics(PipelineDefinition def) {
    List<String> m = new ArrayList<>(def.monitoring().min().keySet());
    def.monitoring().max().keySet().stream().filter(k -> !m.contains(k)).forEach(m::add);
    return m.isEmpty() ? List.of("roc_auc") : m;
  }
}
