package io.ballast.features.build;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.ballast.features.config.AggregateFunction;
import io.ballast.features.config.Feature;
import io.ballast.features.config.FeatureTable;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Folds the rows of one source that every target row sees through its longest windows only.
 *
 * <p>Take a source whose aggregates with the longest window {@code w} are counts, sums or averages,
 * and whose other aggregates reach back at most {@code v < w}. For target rows with times in {@code
 * [first, last]}, a source row at time {@code s} with {@code last - w <= s < first - v} lies inside
 * every target's {@code w}-frame and outside every shorter frame. Such rows matter only through
 * their totals, so they become one row per entity (count and sum per aggregate) at time {@code
 * first - v - 1µs}, and the builder counts rows by weight. A one-day build with a 30-day average
 * then sorts the days its short windows reach, however much history the average needs; the rest is
 * one hash aggregation.
 *
 * <p>The segment is computed from the target rows' actual times (one small aggregate), so it holds
 * whatever the relation between partition days and event times.
 */
final class HistoryCollapse {
  private static final Set<AggregateFunction> ADDITIVE =
      EnumSet.of(AggregateFunction.COUNT, AggregateFunction.SUM, AggregateFunction.AVG);

  private final List<Feature> features;
  private final long windowMicros;
  private final long shorterMicros;

  private HistoryCollapse(List<Feature> features, long windowMicros, long shorterMicros) {
    this.features = features;
    this.windowMicros = windowMicros;
    this.shorterMicros = shorterMicros;
  }

  /**
   * The collapse for the aggregates of {@code table} over source {@code source}, or none when an
   * aggregate of the longest window is a min, max or distinct count.
   */
  static Optional<HistoryCollapse> plan(FeatureTable table, String source) {
    List<Feature> over = table.aggregatesOver(source);
    Duration longest = table.longestWindow(source);
    List<Feature> atLongest =
        over.stream().filter(f -> f.aggregate().get().window().equals(longest)).toList();
    if (atLongest.isEmpty()
        || !atLongest.stream().allMatch(f -> ADDITIVE.contains(f.aggregate().get().function()))) {
      return Optional.empty();
    }
    Duration shorter =
        over.stream()
            .map(f -> f.aggregate().get().window())
            .filter(w -> w.compareTo(longest) < 0)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    return Optional.of(
        new HistoryCollapse(atLongest, longest.toNanos() / 1000, shorter.toNanos() / 1000));
  }

  List<Feature> features() {
    return features;
  }

  /**
   * Whether targets on days {@code from..to} can leave a segment at all: not when the days between
   * the first and last target day already span the gap between the two windows (a long backfill),
   * so such builds skip the aggregate that finds the targets' times.
   */
  boolean possible(LocalDate from, LocalDate to) {
    long spanDays = ChronoUnit.DAYS.between(from, to) - 1;
    return spanDays * 86_400_000_000L < windowMicros - shorterMicros;
  }

  /** {@code [start, end)} in microseconds for targets at {@code first..last}, when not empty. */
  Optional<long[]> segment(long first, long last) {
    long start = last - windowMicros;
    long end = first - shorterMicros;
    return start < end ? Optional.of(new long[] {start, end}) : Optional.empty();
  }

  /** Whether the aggregated values can be summed without changing their type (not decimals). */
  boolean supports(StructType schema) {
    return features.stream()
        .noneMatch(
            f -> schema.apply(FeatureBuilder.valueColumn(f)).dataType() instanceof DecimalType);
  }

  /** The earliest and latest time of the target rows (one aggregate), none when there are none. */
  static Optional<long[]> targetTimes(Dataset<Row> targets, String time) {
    Row r = targets.agg(min(col(time)), max(col(time))).first();
    return r.isNullAt(0) ? Optional.empty() : Optional.of(new long[] {r.getLong(0), r.getLong(1)});
  }

  /**
   * {@code stream} with the rows of the segment folded into one row per entity of kind {@code
   * kind}, and a weight column per collapsed aggregate (1 per non-null value on other rows).
   */
  Dataset<Row> apply(
      Dataset<Row> stream,
      List<String> keys,
      String time,
      String sourceTime,
      String kindColumn,
      long first,
      long last,
      int kind) {
    long[] seg = segment(first, last).orElseThrow();
    Dataset<Row> weighted = stream;
    List<Column> sums = new ArrayList<>();
    for (Feature f : features) {
      String v = FeatureBuilder.valueColumn(f);
      weighted =
          weighted.withColumn(weightColumn(f), when(col(v).isNull(), lit(0L)).otherwise(lit(1L)));
      sums.add(functions.sum(col(weightColumn(f))).as(weightColumn(f)));
      sums.add(functions.sum(col(v)).as(v));
    }
    Column inSegment = coalesce(col(time).geq(seg[0]).and(col(time).lt(seg[1])), lit(false));
    // The same bounds on the source's own timestamp column (time is its microseconds), which
    // Delta's file statistics and Parquet's row groups can skip by: when nothing lies in the
    // segment (a build from the first days), the fold reads next to nothing.
    Column folding = inSegment;
    if (stream.schema().apply(sourceTime).dataType() instanceof TimestampType) {
      Column raw = col("`" + sourceTime.replace("`", "``") + "`");
      folding =
          folding.and(
              raw.geq(expr("timestamp_micros(" + seg[0] + "L)"))
                  .and(raw.lt(expr("timestamp_micros(" + seg[1] + "L)"))));
    }
    Dataset<Row> folded =
        weighted
            .where(folding)
            .groupBy(keys.stream().map(functions::col).toArray(Column[]::new))
            .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new))
            .withColumn(time, lit(seg[1] - 1))
            .withColumn(kindColumn, lit(kind));
    return weighted.where(not(inSegment)).unionByName(folded, true);
  }

  static String weightColumn(Feature f) {
    return "__n_" + f.name();
  }
}
