package io.ballast.validation.quality;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.Lakehouse;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ballast quality table-metrics}: whole-table metrics from the Deequ states saved per
 * partition by quality checks, merged (they are monoids) without rereading any partition's data.
 */
public final class TableMetricsJob {
  private static final Logger LOG = LoggerFactory.getLogger(TableMetricsJob.class);

  /** One merged metric. */
  public record Metric(String metric, String instance, Double value, String error) {}

  public record Result(
      String table,
      String from,
      String to,
      List<String> partitions,
      List<Metric> metrics,
      double seconds) {}

  private TableMetricsJob() {}

  public static Result run(
      LakehouseTables tables, PipelineDefinition def, String table, LocalDate from, LocalDate to) {
    Instant started = Instant.now();
    QualityTarget target = QualityTarget.resolve(def, table);
    QualityPlan plan = QualityPlan.of(target.quality());
    QualityStore store = new QualityStore(tables);
    List<LocalDate> days = store.stateDays(target.table(), from, to);
    if (days.isEmpty()) {
      throw QualityErrors.noQualityStates(
          Lakehouse.qualified(target.table()), store.statesRoot(target.table()));
    }
    // The analysed schema (with derived columns): metadata only, no data is read.
    StructType schema = QualityInput.withDerived(tables.read(target.table()), plan).schema();
    List<String> prefixes = new ArrayList<>();
    for (LocalDate d : days) {
      prefixes.add(store.statePrefix(target.table(), d));
    }
    tables.spark().sparkContext().setJobDescription("quality table-metrics " + target.table());
    List<MetricSpec> scanned = plan.metrics().stream().filter(m -> !m.grouping()).toList();
    Map<MetricSpec, MetricValue> fromStates =
        DeequAdapter.merge(tables.spark(), schema, scanned, prefixes);
    Map<MetricSpec, MetricValue> merged = new java.util.LinkedHashMap<>();
    for (MetricSpec m : plan.metrics()) {
      merged.put(
          m,
          m.grouping()
              ? KeyFrequencies.mergeUniqueness(
                  tables.spark(),
                  store.frequenciesPath(target.table(), m.columns()),
                  m.columns(),
                  days)
              : fromStates.get(m));
    }
    tables.spark().sparkContext().setJobDescription(null);
    List<Metric> out = new ArrayList<>();
    merged.forEach(
        (spec, v) ->
            out.add(
                new Metric(
                    spec.metricName(),
                    spec.instance(),
                    v.value().orElse(null),
                    v.error().orElse(null))));
    Result r =
        new Result(
            target.table(),
            days.get(0).toString(),
            days.get(days.size() - 1).toString(),
            days.stream().map(LocalDate::toString).toList(),
            out,
            Duration.between(started, Instant.now()).toMillis() / 1000.0);
    LOG.info("quality table-metrics: done {}", r);
    return r;
  }
}
