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
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.StandardDeviation;
import com.amazon.deequ.analyzers.StateLoader;
import com.amazon.deequ.analyzers.StatePersister;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.analyzers.runners.AnalysisRunner$;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.anomalydetection.AbsoluteChangeStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.BatchNormalStrategy;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.anomalydetection.DetectionResult;
import com.amazon.deequ.anomalydetection.OnlineNormalStrategy;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.anomalydetection.SimpleThresholdStrategy;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.suggestions.ConstraintSuggestion;
import com.amazon.deequ.suggestions.ConstraintSuggestionResult;
import com.amazon.deequ.suggestions.ConstraintSuggestionRunner;
import com.amazon.deequ.suggestions.Rules;
import com.amazon.deequ.suggestions.rules.ConstraintRule;
import io.ballast.features.config.AnomalyRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * All of Ballast's Scala interop with Deequ, and nothing else: callers pass and get plain Java
 * values. One {@link #compute} call is one Deequ analysis: every scan-shareable metric in one
 * aggregation pass, plus one grouping pass per distinct uniqueness key.
 */
public final class DeequAdapter {
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
        new AnomalyDetector(strategy(rule))
            .isNewPointAnomalous(seq(points), new DataPoint<>(time, Option.apply((Object) value)));
    if (r.anomalies().isEmpty()) {
      return Optional.empty();
    }
    com.amazon.deequ.anomalydetection.Anomaly a = r.anomalies().head()._2();
    return Optional.of(a.detail().isDefined() ? a.detail().get() : "anomalous value " + value);
  }

  static AnomalyDetectionStrategy strategy(AnomalyRule rule) {
    Map<String, Double> p = rule.params();
    return switch (rule.strategy()) {
      case RELATIVE_RATE_OF_CHANGE ->
          new RelativeRateOfChangeStrategy(
              opt(p.get("max_rate_decrease")), opt(p.get("max_rate_increase")), 1);
      case ABSOLUTE_CHANGE ->
          new AbsoluteChangeStrategy(
              opt(p.containsKey("max_decrease") ? -p.get("max_decrease") : null),
              opt(p.get("max_increase")),
              1);
      case SIMPLE_THRESHOLD ->
          new SimpleThresholdStrategy(
              p.getOrDefault("lower_bound", -Double.MAX_VALUE),
              p.getOrDefault("upper_bound", Double.MAX_VALUE));
      case ONLINE_NORMAL ->
          new OnlineNormalStrategy(
              opt(p.getOrDefault("lower_deviation_factor", 3.0)),
              opt(p.getOrDefault("upper_deviation_factor", 3.0)),
              0.0,
              true);
      case BATCH_NORMAL ->
          new BatchNormalStrategy(
              opt(p.getOrDefault("lower_deviation_factor", 3.0)),
              opt(p.getOrDefault("upper_deviation_factor", 3.0)),
              false);
    };
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

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<MetricSpec, Analyzer<?, Metric<?>>> analyzers(List<MetricSpec> specs) {
    Map<MetricSpec, Analyzer<?, Metric<?>>> out = new LinkedHashMap<>();
    for (MetricSpec s : specs) {
      Option<String> none = Option.empty();
      String col = s.columns().isEmpty() ? null : s.columns().get(0);
      Analyzer a =
          switch (s.kind()) {
            case SIZE -> new Size(none);
            case COMPLETENESS -> new Completeness(col, none, Option.empty());
            case UNIQUENESS -> new Uniqueness(seq(s.columns()), none, Option.empty());
            case COMPLIANCE ->
                new Compliance(
                    s.instance(),
                    s.predicate().orElseThrow(),
                    none,
                    JavaConverters.asScalaBuffer(new ArrayList<>(s.columns())).toList(),
                    Option.empty());
            case MINIMUM -> new Minimum(col, none, Option.empty());
            case MAXIMUM -> new Maximum(col, none, Option.empty());
            case MEAN -> new Mean(col, none);
            case STDDEV -> new StandardDeviation(col, none);
            case APPROX_DISTINCT -> new ApproxCountDistinct(col, none);
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
          if (m.isEmpty()) {
            out.put(spec, MetricValue.failed("not computed"));
          } else if (m.get().value().isSuccess()) {
            out.put(spec, MetricValue.of(((Number) m.get().value().get()).doubleValue()));
          } else {
            Throwable t = m.get().value().failed().get();
            out.put(spec, MetricValue.failed(String.valueOf(t.getMessage())));
          }
        });
    return out;
  }

  private static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toList();
  }

  private static Option<Object> opt(Double v) {
    return v == null ? Option.empty() : Option.apply((Object) v);
  }
}
