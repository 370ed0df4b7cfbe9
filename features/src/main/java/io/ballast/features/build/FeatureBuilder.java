package io.ballast.features.build;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.ballast.features.FeatureErrors;
import io.ballast.features.LakehouseErrors;
import io.ballast.features.config.Aggregate;
import io.ballast.features.config.AggregateFunction;
import io.ballast.features.config.Feature;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.Source;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * Computes a feature table's rows from its source rows: one row per source event in the target
 * days, with trailing-window aggregates per entity and expression features.
 *
 * <p>All aggregates of a table, over its own source and over other sources (e.g. labels), are
 * evaluated in ONE window pass: the rows of every source involved are unioned into one stream keyed
 * by the entity, each at its own time (a label at the time it became known), sorted once per
 * entity, and every aggregate reads only the values of its own source. A window excludes the row
 * itself by default (frames end one microsecond before it).
 */
public final class FeatureBuilder {
  static final String T = "__t";
  static final String KIND = "__kind";
  public static final String EVENT_TS = "event_ts";
  public static final String INGESTED_AT = "_ingested_at";
  public static final String DS = "ds";

  /** The rows of one source as the builder needs them. */
  public record Input(Source source, Dataset<Row> rows) {}

  private FeatureBuilder() {}

  /** The earliest and latest time (microseconds) of the rows a build computes. */
  public record TargetTimes(long first, long last) {}

  /**
   * The first and last time of the rows to build on {@code from..to} (one small aggregate, run
   * before the build): needed by the build only when it collapses history ({@link
   * FeatureBuildPlan#collapsesHistory()}); none when there are no such rows.
   */
  public static Optional<TargetTimes> targetTimes(
      FeatureTable table, List<String> keys, Input main, LocalDate from, LocalDate to) {
    Source src = main.source();
    requireOwnColumns(table, keys, main);
    return HistoryCollapse.targetTimes(
            main.rows()
                .withColumn(T, expr("unix_micros(" + quote(src.eventTime()) + ")"))
                .where(inRange(src, from, to)),
            T)
        .map(t -> new TargetTimes(t[0], t[1]));
  }

  /**
   * A lazy transform: no Spark action runs here.
   *
   * @param main the table's own source rows for {@code from - longest window .. to}
   * @param others rows of the other sources its aggregates read, by source name
   * @param targets the first and last target time ({@link #targetTimes}) when history is to be
   *     collapsed; none builds without collapsing
   */
  public static Dataset<Row> build(
      FeatureTable table,
      List<String> keys,
      Input main,
      Map<String, Input> others,
      LocalDate from,
      LocalDate to,
      Optional<TargetTimes> targets) {
    Source src = main.source();
    requireOwnColumns(table, keys, main);
    List<String> ownSourceValues = new ArrayList<>();
    Map<String, List<String>> otherValues = new LinkedHashMap<>();
    Dataset<Row> events =
        main.rows()
            .withColumn(T, expr("unix_micros(" + quote(src.eventTime()) + ")"))
            .withColumn(KIND, lit(0));
    Map<String, Dataset<Row>> otherStreams = new LinkedHashMap<>();
    int kind = 1;
    Map<String, Integer> kinds = new LinkedHashMap<>();
    for (Feature f : table.features()) {
      if (f.aggregate().isEmpty()) {
        continue;
      }
      Aggregate a = f.aggregate().get();
      String value = valueColumn(f);
      String valueExpr = valueExpression(a);
      if (a.source().isEmpty() || a.source().get().equals(src.name())) {
        events = withExpr(events, value, valueExpr, table, f);
        ownSourceValues.add(value);
      } else {
        String name = a.source().get();
        Input in = others.get(name);
        if (in == null) {
          throw new IllegalStateException("no rows given for source " + name);
        }
        if (!kinds.containsKey(name)) {
          kinds.put(name, kind++);
          Source os = in.source();
          String at = os.knownAt().orElse(os.eventTime());
          requireColumns(table.name(), os.name(), in.rows(), withAll(keys, List.of(at), List.of()));
          otherStreams.put(
              name,
              in.rows()
                  .withColumn(T, expr("unix_micros(" + quote(at) + ")"))
                  .withColumn(KIND, lit(kinds.get(name))));
        }
        otherStreams.put(name, withExpr(otherStreams.get(name), value, valueExpr, table, f));
        otherValues.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    }
    Column inRange = inRange(src, from, to);

    // Rows of older days that lie inside every target row's longest window and outside all its
    // shorter ones collapse into one row per entity (HistoryCollapse): a one-day build sorts the
    // days its short windows reach, not all 30 days of a 30-day average.
    Map<String, HistoryCollapse> collapses = collapses(table, from, to);
    Set<String> weighted = new LinkedHashSet<>();
    if (!collapses.isEmpty()) {
      if (targets.isPresent()) {
        long first = targets.get().first();
        long last = targets.get().last();
        HistoryCollapse own = collapses.get(src.name());
        if (own != null && own.segment(first, last).isPresent() && own.supports(events.schema())) {
          events = own.apply(events, keys, T, src.eventTime(), KIND, first, last, -1);
          own.features().forEach(f -> weighted.add(f.name()));
        }
        for (Map.Entry<String, Dataset<Row>> e : otherStreams.entrySet()) {
          HistoryCollapse c = collapses.get(e.getKey());
          if (c != null
              && c.segment(first, last).isPresent()
              && c.supports(e.getValue().schema())) {
            Source os = others.get(e.getKey()).source();
            String at = os.knownAt().orElse(os.eventTime());
            e.setValue(
                c.apply(e.getValue(), keys, T, at, KIND, first, last, kinds.get(e.getKey())));
            c.features().forEach(f -> weighted.add(f.name()));
            c.features()
                .forEach(f -> otherValues.get(e.getKey()).add(HistoryCollapse.weightColumn(f)));
          }
        }
      }
    }

    Dataset<Row> stream = events;
    for (Map.Entry<String, Dataset<Row>> e : otherStreams.entrySet()) {
      List<String> cols = withAll(keys, List.of(T, KIND), otherValues.get(e.getKey()));
      stream =
          stream.unionByName(
              e.getValue().select(cols.stream().map(functions::col).toArray(Column[]::new)), true);
    }

    Column[] partition = keys.stream().map(functions::col).toArray(Column[]::new);
    // One shuffle by the entity: every window below (also those partitioned by entity and value)
    // is clustered by it, so none needs another exchange.
    stream = stream.repartition(partition);
    for (Feature f : table.features()) {
      if (f.aggregate().isPresent()
          && f.aggregate().get().function() == AggregateFunction.COUNT_DISTINCT) {
        stream = withRepeatFlags(stream, keys, f);
      }
    }
    // All aggregates in one select: Spark evaluates every frame of the same partitioning and
    // order in one Window operator, after one sort.
    List<Column> windowCols = new ArrayList<>();
    windowCols.add(col("*"));
    for (Feature f : table.features()) {
      if (f.aggregate().isPresent()) {
        windowCols.add(windowed(f, partition, weighted.contains(f.name())).as(f.name()));
      }
    }
    Dataset<Row> windowed = stream.select(windowCols.toArray(Column[]::new));
    Dataset<Row> rows = windowed.where(col(KIND).equalTo(0).and(inRange));

    for (Feature f : table.features()) {
      if (f.expr().isPresent()) {
        rows = withExpr(rows, f.name(), f.expr().get(), table, f);
      }
    }
    List<Column> out = new ArrayList<>();
    keys.forEach(k -> out.add(col(k)));
    out.add(col(src.eventTime()).as(EVENT_TS));
    table.passthrough().forEach(p -> out.add(col(p)));
    table.features().forEach(f -> out.add(col(f.name())));
    boolean hasIngested = Arrays.asList(main.rows().columns()).contains(INGESTED_AT);
    out.add((hasIngested ? col(INGESTED_AT) : col(src.eventTime())).as(INGESTED_AT));
    out.add(date_format(col(src.eventTime()), "yyyy-MM-dd").as(DS));
    return rows.select(out.toArray(Column[]::new));
  }

  /** The target days' rows: by the partition column, else by the event time's date. */
  private static Column inRange(Source src, LocalDate from, LocalDate to) {
    String dayCol = src.partitionColumn().orElse(null);
    return dayCol != null
        ? col(dayCol).between(from.toString(), to.toString())
        : date_format(col(src.eventTime()), "yyyy-MM-dd").between(from.toString(), to.toString());
  }

  /**
   * The history collapses a build of {@code from..to} can use, by source (plain Java, no data): the
   * table's own source first, then the other sources its aggregates read.
   */
  static Map<String, HistoryCollapse> collapses(FeatureTable table, LocalDate from, LocalDate to) {
    Map<String, HistoryCollapse> out = new LinkedHashMap<>();
    for (String source : FeatureBuildPlan.sources(table)) {
      HistoryCollapse.plan(table, source)
          .filter(c -> c.possible(from, to))
          .ifPresent(c -> out.put(source, c));
    }
    return out;
  }

  /**
   * The aggregate over its frame {@code [t - window, t)} (or {@code [t - window, t]} with the
   * current row); sums and counts of an empty frame are 0, an average of one is null.
   *
   * <p>Count, sum and average are differences of two running totals over the entity's rows in time
   * order: everything up to the frame's end minus everything before its start. Spark keeps a
   * running frame ({@code UNBOUNDED PRECEDING}) incrementally, so the cost is linear in the rows,
   * where a sliding range frame re-aggregates its whole frame for every row (quadratic in the rows
   * a window holds: a busy merchant's 30 days). Distinct counts use the same running totals with
   * repeat flags ({@link #withRepeatFlags}). Only min and max, which cannot be subtracted, keep a
   * sliding frame.
   */
  private static Column windowed(Feature f, Column[] partition, boolean weighted) {
    Aggregate a = f.aggregate().orElseThrow();
    long micros = a.window().toNanos() / 1000;
    Column v = col(valueColumn(f));
    WindowSpec byTime = Window.partitionBy(partition).orderBy(col(T));
    WindowSpec upToEnd =
        byTime.rangeBetween(Window.unboundedPreceding(), a.includeCurrent() ? 0 : -1);
    WindowSpec beforeStart = byTime.rangeBetween(Window.unboundedPreceding(), -micros - 1);
    // With collapsed history a row may stand for many values: count by its weight.
    Column n =
        weighted
            ? runningDifference(col(HistoryCollapse.weightColumn(f)), upToEnd, beforeStart)
            : count(v).over(upToEnd).minus(count(v).over(beforeStart));
    return switch (a.function()) {
      case COUNT -> n;
      case SUM -> when(n.equalTo(0), lit(0)).otherwise(runningDifference(v, upToEnd, beforeStart));
      case AVG ->
          when(n.equalTo(0), lit(null))
              .otherwise(runningDifference(v, upToEnd, beforeStart).divide(n));
      case MIN -> functions.min(v).over(byTime.rangeBetween(-micros, a.includeCurrent() ? 0 : -1));
      case MAX -> functions.max(v).over(byTime.rangeBetween(-micros, a.includeCurrent() ? 0 : -1));
      case COUNT_DISTINCT ->
          // distinct = values in the frame - repeats whose earlier occurrence is in the frame too:
          // a repeat at s (previous occurrence p, s - p < window) pairs with p for frames holding
          // both; it enters when s enters and leaves when p leaves (flagged on p's row).
          n.minus(
                  functions
                      .sum(col(repeatColumn(f)))
                      .over(upToEnd)
                      .minus(
                          coalesce(
                              functions.sum(col(repeatedColumn(f))).over(beforeStart), lit(0))))
              .cast("int");
    };
  }

  private static Column runningDifference(Column v, WindowSpec upToEnd, WindowSpec beforeStart) {
    return coalesce(functions.sum(v).over(upToEnd), lit(0))
        .minus(coalesce(functions.sum(v).over(beforeStart), lit(0)));
  }

  /**
   * For a distinct count over {@code window}: flags each row whose value occurred before within the
   * window ({@code repeat}: 1 if {@code t - previous < window}) and each row whose value occurs
   * again within the window ({@code repeated}: 1 if {@code next - t < window}). Null values are
   * never counted, so they are never flagged.
   */
  private static Dataset<Row> withRepeatFlags(Dataset<Row> stream, List<String> keys, Feature f) {
    Aggregate a = f.aggregate().orElseThrow();
    long micros = a.window().toNanos() / 1000;
    List<Column> byValue = new ArrayList<>();
    keys.forEach(k -> byValue.add(col(k)));
    byValue.add(col(valueColumn(f)));
    WindowSpec w = Window.partitionBy(byValue.toArray(Column[]::new)).orderBy(col(T));
    Column known = col(valueColumn(f)).isNotNull();
    // Exclusive frames [t - w, t) hold both occurrences iff they are less than w apart; inclusive
    // frames [t - w, t] also when exactly w apart.
    long apart = a.includeCurrent() ? micros + 1 : micros;
    return stream
        .withColumn(
            repeatColumn(f),
            when(known.and(col(T).minus(lag(col(T), 1).over(w)).lt(apart)), lit(1)).otherwise(0))
        .withColumn(
            repeatedColumn(f),
            when(known.and(lead(col(T), 1).over(w).minus(col(T)).lt(apart)), lit(1)).otherwise(0));
  }

  private static String repeatColumn(Feature f) {
    return "__r_" + f.name();
  }

  private static String repeatedColumn(Feature f) {
    return "__rd_" + f.name();
  }

  /** The per-row value an aggregate folds: its expression, null where the filter rejects. */
  private static String valueExpression(Aggregate a) {
    String of = a.of().equals("*") ? "1" : "(" + a.of() + ")";
    return a.filter().map(f -> "CASE WHEN " + f + " THEN " + of + " END").orElse(of);
  }

  static String valueColumn(Feature f) {
    return "__v_" + f.name();
  }

  /**
   * Adds a column from a feature's expression; Spark analyses it at once, and an unknown column or
   * function becomes a message naming the table and the feature.
   */
  private static Dataset<Row> withExpr(
      Dataset<Row> in, String column, String expression, FeatureTable table, Feature f) {
    try {
      return in.withColumn(column, expr(expression));
    } catch (Exception e) { // AnalysisException is checked in Java but not declared by Scala
      if (e.getClass().getName().startsWith("org.apache.spark.sql")) {
        throw FeatureErrors.badFeatureExpression(table.name(), f.name(), expression, e);
      }
      throw e;
    }
  }

  /** The keys, event time and passthrough columns a table needs of its own source. */
  private static void requireOwnColumns(FeatureTable table, List<String> keys, Input main) {
    requireColumns(
        table.name(),
        main.source().name(),
        main.rows(),
        withAll(keys, List.of(main.source().eventTime()), table.passthrough()));
  }

  static void requireColumns(String table, String source, Dataset<Row> rows, List<String> needed) {
    Set<String> have = new LinkedHashSet<>(Arrays.asList(rows.columns()));
    List<String> missing = needed.stream().filter(c -> !have.contains(c)).distinct().toList();
    if (!missing.isEmpty()) {
      throw LakehouseErrors.missingColumns(
          "build feature table " + table, "source " + source, missing, List.copyOf(have));
    }
  }

  private static List<String> withAll(List<String> a, List<String> b, List<String> c) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    out.addAll(c);
    return out;
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
