package io.ballast.validation.quality;

import com.amazon.deequ.analyzers.Analysis;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.ApproxCountDistinct;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Compliance;
import com.amazon.deequ.analyzers.HdfsStateProvider;
import com.amazon.deequ.analyzers.Maximum;
import com.amazon.deequ.analyzers.Mean;
import com.amazon.deequ.analyzers.Minimum;
import com.amazon.deequ.analyzers.NumMatches;
import com.amazon.deequ.analyzers.ScanShareableAnalyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.StandardDeviation;
import com.amazon.deequ.analyzers.StateLoader;
import com.amazon.deequ.analyzers.StatePersister;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.analyzers.runners.AnalysisRunner$;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.anomalydetection.DetectionResult;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.suggestions.ConstraintSuggestion;
import com.amazon.deequ.suggestions.ConstraintSuggestionResult;
import com.amazon.deequ.suggestions.ConstraintSuggestionRunner;
import com.amazon.deequ.suggestions.Rules;
import com.amazon.deequ.suggestions.rules.ConstraintRule;
import io.ballast.features.config.AnomalyRule;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * All of Ballast's Scala interop with Deequ (with {@link DeequStrategies}, its anomaly strategies),
 * and nothing else: callers pass and get plain Java values. One {@link #compute} call is one Deequ
 * analysis: every scan-shareable metric in one aggregation pass, plus one grouping pass per
 * distinct uniqueness key. {@link #computeDays} does the same for every day of a range at once: one
 * aggregation grouped by day for all days' metrics (Deequ's own aggregation functions and states),
 * one grouping per uniqueness key for all days ({@link KeyFrequencies}, plain Spark).
 */
public final class DeequAdapter {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeequAdapter.class);

  /** Histogram partitions for persisted frequency states (uniqueness). */
  private static final int STATE_PARTITIONS = 4;

  private DeequAdapter() {}

  /**
   * Computes every metric over {@code data} in one analysis; saves the analyzer states under {@code
   * statePrefix} when given (files {@code <prefix>-<analyzer>.bin}, frequencies as parquet).
   */
  public static Map<MetricSpec, MetricValue> compute(
      Dataset<Row> data, List<MetricSpec> specs, Optional<String> statePrefix) {
    Map<MetricSpec, Analyzer<?, Metric<?>>> analyzers = analyzers(specs);
    Option<StatePersister> persister =
        statePrefix.isPresent()
            ? Option.apply(
                new HdfsStateProvider(
                    data.sparkSession(), statePrefix.get(), STATE_PARTITIONS, true))
            : Option.empty();
    AnalyzerContext ctx =
        AnalysisRunner$.MODULE$.run(
            data,
            new Analysis(seq(new ArrayList<>(analyzers.values()))),
            Option.empty(),
            persister,
            StorageLevel.MEMORY_AND_DISK());
    return values(ctx, analyzers);
  }

  /**
   * Where one day's analyzer states are saved: Deequ's state files under {@code prefix(day)}, and
   * the uniqueness frequencies of every day in a Delta table at {@code frequencies(columns)},
   * partitioned by {@link #DAY_COLUMN} (one commit for the whole range; see {@link
   * KeyFrequencies}).
   */
  public record DayStates(
      Function<LocalDate, String> prefix, Function<List<String>, String> frequencies) {}

  /** The day partition column of saved uniqueness frequencies. */
  public static final String DAY_COLUMN = "_quality_day";

  /**
   * Every metric of every day {@code from..to} of {@code data} (partitioned by {@code
   * partitionColumn}) at once: one aggregation grouped by day computes all days' scan-shareable
   * metrics (each Deequ analyzer's states per day), and one grouping by (day, key) per uniqueness
   * key computes all days' uniqueness. Per-day results equal a separate analysis of each day;
   * states, when given, are saved per day so whole-table metrics merge without rereading data.
   */
  public static Map<LocalDate, Map<MetricSpec, MetricValue>> computeDays(
      Dataset<Row> data,
      String partitionColumn,
      LocalDate from,
      LocalDate to,
      List<MetricSpec> specs,
      Optional<DayStates> states) {
    Dataset<Row> range =
        data.where(
            functions
                .col(partitionColumn)
                .geq(from.toString())
                .and(functions.col(partitionColumn).leq(to.toString())));
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.add(d);
    }
    List<MetricSpec> scanned = new ArrayList<>();
    scanned.add(MetricSpec.size()); // each day's rows: an empty day has no other metric
    specs.stream().filter(s -> !s.grouping() && !scanned.contains(s)).forEach(scanned::add);
    Map<MetricSpec, Analyzer<?, Metric<?>>> analyzers = analyzers(scanned);
    long t0 = System.nanoTime();
    Map<LocalDate, Map<MetricSpec, MetricValue>> scannedByDay =
        scanByDay(range, partitionColumn, days, analyzers, states.map(DayStates::prefix));
    LOG.info(
        "quality: {} metrics over {} day(s) in one aggregation{}, {} s",
        analyzers.size(),
        days.size(),
        days.size() > 1 ? " grouped by day" : "",
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    Map<List<String>, Map<LocalDate, MetricValue>> unique = new LinkedHashMap<>();
    for (MetricSpec s : specs) {
      if (s.grouping() && !unique.containsKey(s.columns())) {
        long t1 = System.nanoTime();
        Optional<String> path = states.map(st -> st.frequencies().apply(s.columns()));
        unique.put(
            s.columns(),
            KeyFrequencies.uniquenessByDay(range, partitionColumn, s.columns(), days, path));
        LOG.info(
            "quality: uniqueness of {} over {} day(s) in one grouping, {} s",
            s.columns(),
            days.size(),
            String.format("%.1f", (System.nanoTime() - t1) / 1e9));
      }
    }

    Map<LocalDate, Map<MetricSpec, MetricValue>> out = new LinkedHashMap<>();
    for (LocalDate d : days) {
      Map<MetricSpec, MetricValue> m = new LinkedHashMap<>();
      for (MetricSpec s : specs) {
        m.put(s, s.grouping() ? unique.get(s.columns()).get(d) : scannedByDay.get(d).get(s));
      }
      out.put(d, m);
    }
    return out;
  }

  /**
   * Every scan-shareable metric of every day in one aggregation grouped by day (one global
   * aggregation for one day): each Deequ analyzer's own aggregation functions, unfiltered, so a
   * day's row holds that day's Deequ states; each state is then made into its metric (and saved) by
   * the analyzer itself on the driver, as Deequ's runner does for one analysis. A day without rows
   * has size 0 and no other metric, as a separate analysis of it reports.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<LocalDate, Map<MetricSpec, MetricValue>> scanByDay(
      Dataset<Row> range,
      String partitionColumn,
      List<LocalDate> days,
      Map<MetricSpec, Analyzer<?, Metric<?>>> analyzers,
      Optional<Function<LocalDate, String>> statePrefix) {
    StructType schema = range.schema();
    Map<MetricSpec, Metric<?>> refused = new LinkedHashMap<>();
    Map<MetricSpec, Integer> offsets = new LinkedHashMap<>();
    boolean grouped = days.size() > 1;
    List<Column> aggregations = new ArrayList<>();
    analyzers.forEach(
        (spec, analyzer) -> {
          Option<Exception> failing =
              com.amazon.deequ.analyzers.Preconditions$.MODULE$.findFirstFailing(
                  schema, analyzer.preconditions());
          if (failing.isDefined()) {
            refused.put(spec, analyzer.toFailureMetric(failing.get()));
            return;
          }
          offsets.put(spec, aggregations.size() + (grouped ? 1 : 0));
          aggregations.addAll(
              JavaConverters.seqAsJavaList(
                  ((ScanShareableAnalyzer) analyzer).aggregationFunctions()));
        });
    Map<String, Row> rows = new LinkedHashMap<>();
    Exception failed = null;
    if (!aggregations.isEmpty()) {
      Column first = aggregations.get(0);
      Column[] rest = aggregations.subList(1, aggregations.size()).toArray(Column[]::new);
      try {
        if (grouped) {
          for (Row r :
              range
                  .groupBy(functions.col(partitionColumn).cast("string"))
                  .agg(first, rest)
                  .collectAsList()) {
            rows.put(r.getString(0), r);
          }
        } else {
          rows.put(days.get(0).toString(), range.agg(first, rest).first());
        }
      } catch (Exception e) { // a failing aggregation fails its metrics, as Deequ's runner does
        failed = e;
      }
    }
    Integer sizeAt = offsets.get(MetricSpec.size());
    Map<LocalDate, Map<MetricSpec, MetricValue>> out = new LinkedHashMap<>();
    for (LocalDate d : days) {
      Option<StatePersister> persister =
          statePrefix.isPresent()
              ? Option.apply(
                  new HdfsStateProvider(
                      range.sparkSession(), statePrefix.get().apply(d), STATE_PARTITIONS, true))
              : Option.empty();
      Row row = rows.get(d.toString());
      long size = row == null || sizeAt == null || row.isNullAt(sizeAt) ? 0 : row.getLong(sizeAt);
      Map<MetricSpec, MetricValue> m = new LinkedHashMap<>();
      for (Map.Entry<MetricSpec, Analyzer<?, Metric<?>>> e : analyzers.entrySet()) {
        MetricSpec spec = e.getKey();
        ScanShareableAnalyzer analyzer = (ScanShareableAnalyzer) e.getValue();
        Metric<?> metric;
        if (refused.containsKey(spec)) {
          metric = refused.get(spec);
        } else if (failed != null) {
          metric = analyzer.toFailureMetric(failed);
        } else if (spec.kind() == MetricSpec.Kind.SIZE) {
          metric =
              (Metric<?>)
                  analyzer.calculateMetric(
                      Option.apply(new NumMatches(size)), Option.empty(), persister);
        } else if (size == 0) {
          m.put(spec, emptyPartition(spec));
          continue;
        } else {
          metric =
              (Metric<?>)
                  analyzer.metricFromAggregationResult(
                      row, offsets.get(spec), Option.empty(), persister);
        }
        m.put(spec, value(metric));
      }
      out.put(d, m);
    }
    return out;
  }

  private static MetricValue emptyPartition(MetricSpec s) {
    return MetricValue.failed(
        "Empty state for analyzer " + s.metricName() + ", the partition has no rows.");
  }

  /**
   * Merges saved states (one prefix per partition) into whole-table metrics without reading the
   * data. {@code schema} is the analysed data's schema (with derived columns).
   */
  public static Map<MetricSpec, MetricValue> merge(
      SparkSession spark, StructType schema, List<MetricSpec> specs, List<String> statePrefixes) {
    Map<MetricSpec, Analyzer<?, Metric<?>>> analyzers = analyzers(specs);
    List<StateLoader> loaders = new ArrayList<>();
    for (String p : statePrefixes) {
      loaders.add(new HdfsStateProvider(spark, p, STATE_PARTITIONS, false));
    }
    AnalyzerContext ctx =
        AnalysisRunner$.MODULE$.runOnAggregatedStates(
            schema,
            new Analysis(seq(new ArrayList<>(analyzers.values()))),
            seq(loaders),
            Option.empty(),
            StorageLevel.MEMORY_AND_DISK(),
            Option.empty(),
            Option.empty());
    return values(ctx, analyzers);
  }

  /**
   * Whether {@code value} is an anomaly after {@code history} (oldest first, keyed by a time such
   * as the epoch day), per the rule's Deequ strategy. Returns the anomaly's detail, if any.
   */
  public static Optional<String> anomaly(
      AnomalyRule rule, SortedMap<Long, Double> history, long time, double value) {
    List<DataPoint<Object>> points = new ArrayList<>();
    history.forEach((t, v) -> points.add(new DataPoint<>(t, Option.apply((Object) v))));
    DetectionResult r =
        new AnomalyDetector(DeequStrategies.of(rule))
            .isNewPointAnomalous(seq(points), new DataPoint<>(time, Option.apply((Object) value)));
    if (r.anomalies().isEmpty()) {
      return Optional.empty();
    }
    com.amazon.deequ.anomalydetection.Anomaly a = r.anomalies().head()._2();
    return Optional.of(a.detail().isDefined() ? a.detail().get() : "anomalous value " + value);
  }

  /** One constraint Deequ suggests, as Deequ's code for it (e.g. {@code .isComplete("a")}). */
  public record Suggestion(String column, String code, String description) {}

  /** Deequ's default constraint suggestions for {@code data} (profiles every column). */
  public static List<Suggestion> suggest(Dataset<Row> data) {
    @SuppressWarnings("unchecked")
    Seq<ConstraintRule<com.amazon.deequ.profiles.ColumnProfile>> rules =
        (Seq<ConstraintRule<com.amazon.deequ.profiles.ColumnProfile>>) (Seq<?>) Rules.DEFAULT();
    ConstraintSuggestionResult result =
        new ConstraintSuggestionRunner().onData(data).addConstraintRules(rules).run();
    List<Suggestion> out = new ArrayList<>();
    Map<String, Seq<ConstraintSuggestion>> byColumn =
        JavaConverters.mapAsJavaMap(result.constraintSuggestions());
    byColumn.forEach(
        (column, suggestions) -> {
          for (ConstraintSuggestion s : JavaConverters.seqAsJavaList(suggestions)) {
            out.add(new Suggestion(column, s.codeForConstraint(), s.description()));
          }
        });
    return out;
  }

  private static Map<MetricSpec, Analyzer<?, Metric<?>>> analyzers(List<MetricSpec> specs) {
    return analyzers(specs, Option.empty());
  }

  /** Deequ analyzers for {@code specs}, each restricted to the rows {@code where} selects. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<MetricSpec, Analyzer<?, Metric<?>>> analyzers(
      List<MetricSpec> specs, Option<String> where) {
    Map<MetricSpec, Analyzer<?, Metric<?>>> out = new LinkedHashMap<>();
    for (MetricSpec s : specs) {
      String col = s.columns().isEmpty() ? null : s.columns().get(0);
      Analyzer a =
          switch (s.kind()) {
            case SIZE -> new Size(where);
            case COMPLETENESS -> new Completeness(col, where, Option.empty());
            case UNIQUENESS -> new Uniqueness(seq(s.columns()), where, Option.empty());
            case COMPLIANCE ->
                new Compliance(
                    s.instance(),
                    s.predicate().orElseThrow(),
                    where,
                    JavaConverters.asScalaBuffer(new ArrayList<>(s.columns())).toList(),
                    Option.empty());
            case MINIMUM -> new Minimum(col, where, Option.empty());
            case MAXIMUM -> new Maximum(col, where, Option.empty());
            case MEAN -> new Mean(col, where);
            case STDDEV -> new StandardDeviation(col, where);
            case APPROX_DISTINCT -> new ApproxCountDistinct(col, where);
          };
      out.put(s, (Analyzer<?, Metric<?>>) a);
    }
    return out;
  }

  private static Map<MetricSpec, MetricValue> values(
      AnalyzerContext ctx, Map<MetricSpec, Analyzer<?, Metric<?>>> analyzers) {
    Map<MetricSpec, MetricValue> out = new LinkedHashMap<>();
    analyzers.forEach(
        (spec, analyzer) -> {
          Option<Metric<?>> m = ctx.metric(analyzer);
          out.put(spec, m.isEmpty() ? MetricValue.failed("not computed") : value(m.get()));
        });
    return out;
  }

  private static MetricValue value(Metric<?> m) {
    if (m.value().isSuccess()) {
      return MetricValue.of(((Number) m.value().get()).doubleValue());
    }
    return MetricValue.failed(String.valueOf(m.value().failed().get().getMessage()));
  }

  private static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toList();
  }
}
