package io.ballast.validation.quality;

import static org.apache.spark.sql.functions.col;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.config.AnomalyRule;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.QualityCheck;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ballast quality check}: checks a table's partitions against its quality section, writes
 * {@code quality_results} and {@code quality_metrics} (replacing those partitions), saves Deequ
 * states per partition, quarantines failing rows, then reports whether the gate passed.
 *
 * <p>A whole range is checked at once (partition-pruned to the range): one aggregation grouped by
 * day computes every day's scan-shareable metrics as Deequ states, plus one grouping by (day, key)
 * per uniqueness key. Each day's states are saved separately, so whole-table metrics over any days
 * merge without rereading data.
 */
public final class QualityCheckJob {
  private static final Logger LOG = LoggerFactory.getLogger(QualityCheckJob.class);

  /** What to check: a table of the definition's quality section, days {@code from..to}. */
  public record Params(String table, LocalDate from, LocalDate to, Optional<String> runId) {
    public static Params day(String table, LocalDate day) {
      return new Params(table, day, day, Optional.empty());
    }
  }

  /** What a check run found; {@link #gateFailures} names each failed error check. */
  public record Result(
      String runId,
      String table,
      String from,
      String to,
      long tableVersion,
      int partitions,
      int checks,
      int passed,
      int failed,
      int skipped,
      int errorChecks,
      long quarantinedRows,
      List<String> gateFailures,
      List<String> warnings,
      double seconds) {

    public boolean gatePassed() {
      return gateFailures.isEmpty();
    }

    /** Exit 2 with a summary of each failed error check, when the gate failed. */
    public void throwIfGateFailed() {
      if (!gatePassed()) {
        throw QualityErrors.qualityGateFailed(
            io.ballast.features.lakehouse.Lakehouse.qualified(table), errorChecks, gateFailures);
      }
    }
  }

  private QualityCheckJob() {}

  /**
   * Checks the partitions, writes every result, and returns them; does not throw on a failed gate
   * (call {@link Result#throwIfGateFailed()}), so a demo or a pipeline can report and go on.
   */
  public static Result run(LakehouseTables tables, PipelineDefinition def, Params p) {
    Instant started = Instant.now();
    if (p.from().isAfter(p.to())) {
      throw ArgumentErrors.badDateRange(p.from().toString(), p.to().toString());
    }
    String runId = p.runId().orElseGet(() -> "q-" + UUID.randomUUID().toString().substring(0, 8));
    LOG.info(
        "quality check: start table={} from={} to={} run={}", p.table(), p.from(), p.to(), runId);
    QualityTarget target = QualityTarget.resolve(def, p.table());
    QualityPlan plan = QualityPlan.of(target.quality());
    QualityInput input = QualityInput.open(tables, target, plan);
    QualityStore store = new QualityStore(tables);
    SparkSession spark = tables.spark();

    MetricHistory history =
        store.history(target.table(), p.from().minusDays(historyDays(plan)), p.to());
    ConstraintEvaluator evaluator = new ConstraintEvaluator(plan);
    Dataset<Row> data = input.data();
    spark
        .sparkContext()
        .setJobDescription(
            "quality check " + target.table() + " ds=" + p.from() + ".." + p.to() + " (Deequ)");
    for (LocalDate day = p.from(); !day.isAfter(p.to()); day = day.plusDays(1)) {
      store.clearStates(target.table(), day);
    }
    Map<LocalDate, Map<MetricSpec, MetricValue>> metrics =
        DeequAdapter.computeDays(
            QualityInput.withDerived(data, plan),
            target.partitionColumn(),
            p.from(),
            p.to(),
            plan.metrics(),
            Optional.of(
                new DeequAdapter.DayStates(
                    day -> store.statePrefix(target.table(), day),
                    columns -> store.frequenciesPath(target.table(), columns))));
    List<CheckOutcome> outcomes = new ArrayList<>();
    for (Map.Entry<LocalDate, Map<MetricSpec, MetricValue>> e : metrics.entrySet()) {
      LocalDate day = e.getKey();
      outcomes.addAll(evaluator.evaluate(day, e.getValue(), history));
      e.getValue().forEach((spec, v) -> v.value().ifPresent(x -> history.put(spec, day, x)));
    }

    long quarantined = -1;
    if (target.quality().quarantine() && Quarantine.applies(plan)) {
      spark.sparkContext().setJobDescription("quality quarantine " + target.quarantineTable());
      Dataset<Row> range =
          data.where(
              col(target.partitionColumn())
                  .geq(p.from().toString())
                  .and(col(target.partitionColumn()).leq(p.to().toString())));
      tables.replacePartitions(
          Quarantine.failingRows(range, plan, target.partitionColumn()),
          target.quarantineTable(),
          target.partitionColumn(),
          p.from(),
          p.to(),
          "ballast quality check run_id=" + runId);
      quarantined = lastCommitRows(tables, target.quarantineTable());
    }

    spark.sparkContext().setJobDescription("quality results " + target.table());
    store.writeResults(runId, target.table(), input.version(), p.from(), p.to(), outcomes);
    store.writeMetrics(runId, target.table(), input.version(), p.from(), p.to(), metrics);
    spark.sparkContext().setJobDescription(null);

    Result r = result(runId, target, p, input.version(), plan, outcomes, quarantined, started);
    LOG.info("quality check: done {}", r);
    return r;
  }

  private static int historyDays(QualityPlan plan) {
    int days = 1;
    for (QualityCheck c : plan.quality().checks()) {
      days = Math.max(days, c.days());
    }
    for (AnomalyRule r : plan.quality().anomalies()) {
      days = Math.max(days, r.historyDays());
    }
    return days;
  }

  private static Result result(
      String runId,
      QualityTarget target,
      Params p,
      long version,
      QualityPlan plan,
      List<CheckOutcome> outcomes,
      long quarantined,
      Instant started) {
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    int errorChecks = 0;
    List<String> gate = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (CheckOutcome o : outcomes) {
      switch (o.status()) {
        case PASSED -> passed++;
        case FAILED -> failed++;
        case SKIPPED -> skipped++;
      }
      if (o.severity() == io.ballast.features.config.Severity.ERROR) {
        errorChecks++;
      }
      if (o.status() == CheckOutcome.Status.FAILED) {
        String line =
            "ds="
                + o.partition()
                + " "
                + o.checkName()
                + ": "
                + o.constraint()
                + " failed: "
                + o.message();
        (o.gateFailure() ? gate : warnings).add(line);
      }
    }
    int partitions = (int) (p.to().toEpochDay() - p.from().toEpochDay() + 1);
    return new Result(
        runId,
        target.table(),
        p.from().toString(),
        p.to().toString(),
        version,
        partitions,
        outcomes.size(),
        passed,
        failed,
        skipped,
        errorChecks,
        quarantined,
        List.copyOf(gate),
        List.copyOf(warnings),
        Duration.between(started, Instant.now()).toMillis() / 1000.0);
  }

  /** Rows written by a table's latest commit, from Delta's operation metrics (no scan). */
  private static long lastCommitRows(LakehouseTables tables, String table) {
    Row h =
        io.delta.tables.DeltaTable.forPath(tables.spark(), tables.lakehouse().tablePath(table))
            .history(1)
            .select("operationMetrics")
            .first();
    Map<String, String> m = h.getJavaMap(0);
    String n = m == null ? null : m.get("numOutputRows");
    return n == null ? -1 : Long.parseLong(n);
  }
}
