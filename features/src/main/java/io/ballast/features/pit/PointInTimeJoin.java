package io.ballast.features.pit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.ballast.features.build.FeatureBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * The as-of join: each label row gets, per feature table, the latest feature row of its entity with
 * {@code event_ts <= label time} (never a later one), ties on event time broken by the newest
 * ingestion time, and nothing when that row is older than the TTL.
 *
 * <p>It runs as one sort per entity, not a join of every label with every feature row of its
 * entity: label rows and feature rows are unioned, ordered by time (feature rows before labels at
 * the same instant, older ingestion first), and each label takes the last feature row seen. Cost is
 * linear in labels + feature rows after the sort, however long the history.
 */
public final class PointInTimeJoin {
  static final String T = "__pit_t";
  static final String KIND = "__pit_kind";
  static final String ING = "__pit_ing";
  static final String FEAT = "__pit_f";
  static final String FEAT_T = "__pit_ft";
  static final String KEY = "__pit_key";
  static final String RANK = "__pit_rank";

  private PointInTimeJoin() {}

  /**
   * @param labels label rows with the entity keys and {@code labelTime}
   * @param features feature rows with the keys, {@code event_ts}, {@code _ingested_at} and {@code
   *     featureColumns}
   */
  public static Dataset<Row> asOf(
      Dataset<Row> labels,
      String labelTime,
      Dataset<Row> features,
      List<String> keys,
      List<String> featureColumns,
      Optional<Duration> ttl) {
    List<Column> f = new ArrayList<>();
    featureColumns.forEach(c -> f.add(col(c)));
    f.add(col(T).as(FEAT_T));
    Dataset<Row> featureSide =
        features
            .withColumn(T, expr("unix_micros(event_ts)"))
            .select(
                concat(
                    keys.stream().map(functions::col).toList(),
                    List.of(
                        col(T),
                        lit(0).as(KIND),
                        expr("unix_micros(_ingested_at)").as(ING),
                        struct(f.toArray(Column[]::new)).as(FEAT))));
    Dataset<Row> labelSide =
        labels.withColumn(T, expr("unix_micros(" + labelTime + ")")).withColumn(KIND, lit(1));
    Dataset<Row> stream = labelSide.unionByName(featureSide, true);
    Column[] partition = keys.stream().map(functions::col).toArray(Column[]::new);
    Dataset<Row> joined =
        stream
            .withColumn(
                FEAT,
                last(col(FEAT), true)
                    .over(
                        Window.partitionBy(partition)
                            .orderBy(col(T), col(KIND), col(ING))
                            .rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
            .where(col(KIND).equalTo(1));
    if (ttl.isPresent()) {
      long micros = ttl.get().toNanos() / 1000;
      joined =
          joined.withColumn(
              FEAT, when(col(FEAT + "." + FEAT_T).geq(col(T).minus(micros)), col(FEAT)));
    }
    List<Column> out = new ArrayList<>();
    Arrays.stream(labels.columns()).forEach(c -> out.add(col(c)));
    featureColumns.forEach(c -> out.add(col(FEAT + "." + c).as(c)));
    return joined.select(out.toArray(Column[]::new));
  }

  /**
   * The event-keyed join: each spine row gets the feature row with its own {@code eventKey} (one
   * per key: when a key repeats in the table, the newest ingestion wins, then the latest event
   * time), or nulls when there is none. The feature rows are shuffled by the key and sorted once
   * (key, newest first), which is also the order the sort-merge join needs, so the dedup adds no
   * sort of its own; no sort over the entity's history and no TTL (the row describes the event).
   */
  public static Dataset<Row> byEventKey(
      Dataset<Row> spine, Dataset<Row> features, String eventKey, List<String> featureColumns) {
    List<Column> kept = new ArrayList<>();
    kept.add(col(eventKey).as(KEY));
    featureColumns.forEach(c -> kept.add(col(c)));
    Dataset<Row> one =
        features
            .withColumn(
                RANK,
                row_number()
                    .over(
                        Window.partitionBy(col(eventKey))
                            .orderBy(
                                col(FeatureBuilder.INGESTED_AT).desc_nulls_last(),
                                col(FeatureBuilder.EVENT_TS).desc_nulls_last())))
            .where(col(RANK).equalTo(1))
            .select(kept.toArray(Column[]::new));
    Dataset<Row> joined = spine.join(one, spine.col(eventKey).equalTo(one.col(KEY)), "left");
    List<Column> out = new ArrayList<>();
    Arrays.stream(spine.columns()).forEach(c -> out.add(spine.col(c)));
    featureColumns.forEach(c -> out.add(one.col(c).as(c)));
    return joined.select(out.toArray(Column[]::new));
  }

  private static Column[] concat(List<Column> a, List<Column> b) {
    List<Column> all = new ArrayList<>(a);
    all.addAll(b);
    return all.toArray(Column[]::new);
  }
}
