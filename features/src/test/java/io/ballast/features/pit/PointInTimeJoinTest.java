package io.ballast.features.pit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import io.ballast.features.TestSpark;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class PointInTimeJoinTest {
  static final SparkSession SPARK = TestSpark.spark();
  static final LakehouseTables TABLES = TestSpark.tables();

  static final String LABELS =
      "SELECT * FROM VALUES"
          + " (1, 1, timestamp'2026-01-10 12:00:00', 1),"
          + " (2, 2, timestamp'2026-01-10 12:00:00', 0),"
          + " (3, 3, timestamp'2026-01-10 12:00:00', 0),"
          + " (4, 4, timestamp'2026-01-10 12:00:00', 1)"
          + " AS t(label_id, customer_id, event_ts, label)";

  /**
   * Customer 1: a row one second after the label (must not join) and one at the same instant
   * (must). Customer 2: two rows at the same instant, the later-ingested one wins. Customer 3: a
   * row older than the TTL. Customer 4: no row at all.
   */
  static final String FEATURES =
      "SELECT * FROM VALUES"
          + " (1, timestamp'2026-01-09 08:00:00', timestamp'2026-01-09 08:01:00', 10.0D),"
          + " (1, timestamp'2026-01-10 12:00:00', timestamp'2026-01-10 12:00:05', 11.0D),"
          + " (1, timestamp'2026-01-10 12:00:01', timestamp'2026-01-10 12:00:02', 99.0D),"
          + " (2, timestamp'2026-01-10 11:00:00', timestamp'2026-01-10 11:00:01', 20.0D),"
          + " (2, timestamp'2026-01-10 11:00:00', timestamp'2026-01-10 11:30:00', 21.0D),"
          + " (3, timestamp'2025-12-01 00:00:00', timestamp'2025-12-01 00:00:01', 30.0D)"
          + " AS t(customer_id, event_ts, _ingested_at, spend)";

  private Map<Integer, Row> join(Optional<Duration> ttl) {
    Dataset<Row> out =
        PointInTimeJoin.asOf(
            SPARK.sql(LABELS),
            "event_ts",
            SPARK.sql(FEATURES),
            List.of("customer_id"),
            List.of("spend"),
            ttl);
    assertThat(out.columns())
        .containsExactly("label_id", "customer_id", "event_ts", "label", "spend");
    return out.collectAsList().stream().collect(Collectors.toMap(r -> r.getInt(0), r -> r));
  }

  @Test
  void neverJoinsARowFromAfterTheLabelButDoesJoinTheSameInstant() {
    Map<Integer, Row> rows = join(Optional.empty());
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1).<Double>getAs("spend")).isEqualTo(11.0);
  }

  @Test
  void tiesOnEventTimeGoToTheNewestIngestion() {
    assertThat(join(Optional.empty()).get(2).<Double>getAs("spend")).isEqualTo(21.0);
  }

  @Test
  void rowsOlderThanTheTtlGiveNulls() {
    assertThat(join(Optional.empty()).get(3).<Double>getAs("spend")).isEqualTo(30.0);
    Map<Integer, Row> withTtl = join(Optional.of(Duration.ofDays(30)));
    assertThat(withTtl.get(3).isNullAt(4)).isTrue();
    assertThat(withTtl.get(1).<Double>getAs("spend")).isEqualTo(11.0);
    assertThat(withTtl.get(4).isNullAt(4)).isTrue();
  }

  @Test
  void trainingSetPinsVersionsAndRecordsThem() {
    TABLES.overwrite(
        SPARK.sql(
            "SELECT customer_id, event_ts, event_ts AS _ingested_at, spend, date_format(event_ts,"
                + " 'yyyy-MM-dd') AS ds FROM ("
                + FEATURES
                + ")"),
        "pit_cf",
        "v0",
        "ds");
    TABLES.overwrite(
        SPARK.sql(
            "SELECT customer_id, event_ts, event_ts AS _ingested_at, spend * 100 AS spend,"
                + " date_format(event_ts, 'yyyy-MM-dd') AS ds FROM ("
                + FEATURES
                + ")"),
        "pit_cf",
        "v1",
        "ds");
    TABLES.overwrite(
        SPARK.sql(
            "SELECT label_id, customer_id, event_ts, event_ts + INTERVAL 2 DAYS AS label_ts, label,"
                + " '2026-01-12' AS ds FROM ("
                + LABELS
                + ")"),
        "pit_labels",
        "labels",
        "ds");
    PipelineDefinition def =
        new PipelineLoader(new SparkExpressionParser())
            .parse(
                """
                name: pit
                entities: {customer: {keys: [customer_id]}}
                sources:
                  labels: {table: ballast.pit_labels, event_time: event_ts, known_at: label_ts, partition_column: ds}
                  feats: {table: ballast.pit_cf, event_time: event_ts, partition_column: ds}
                feature_tables:
                  - {name: pit_cf, entity: customer, source: feats, features: [{name: spend, expr: spend}]}
                label: {source: labels, column: label}
                """,
                "pit.yaml");
    LocalDate d = LocalDate.of(2026, 1, 10);
    TrainingSetJob.Result pinned =
        TrainingSetJob.run(
            TABLES,
            def,
            new TrainingSetJob.Params(
                d, d, Map.of("pit_cf", 0L), Optional.empty(), Optional.empty(), "pit_ts"));
    assertThat(pinned.featureTableVersions()).containsEntry("pit_cf", 0L);
    assertThat(pinned.rows()).isEqualTo(4);
    assertThat(pinned.positives()).isEqualTo(2);
    assertThat(
            SPARK
                .sql("SELECT spend FROM ballast.pit_ts WHERE customer_id = 1")
                .first()
                .getDouble(0))
        .isEqualTo(11.0);

    TrainingSetJob.Result latest =
        TrainingSetJob.run(
            TABLES,
            def,
            new TrainingSetJob.Params(
                d, d, Map.of(), Optional.empty(), Optional.empty(), "pit_ts"));
    assertThat(latest.featureTableVersions()).containsEntry("pit_cf", 1L);
    assertThat(
            SPARK
                .sql("SELECT spend FROM ballast.pit_ts WHERE customer_id = 1")
                .first()
                .getDouble(0))
        .isEqualTo(1100.0);
    assertThat(
            SPARK
                .sql("DESCRIBE HISTORY ballast.pit_ts")
                .select("userMetadata")
                .first()
                .getString(0))
        .contains("\"feature_table_versions\":{\"pit_cf\":1}");

    assertThatThrownBy(
            () ->
                TrainingSetJob.run(
                    TABLES,
                    def,
                    new TrainingSetJob.Params(
                        d, d, Map.of("pit_cf", 7L), Optional.empty(), Optional.empty(), "pit_ts")))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot read pit_cf at version 7: the table's versions are 0 to 1. See ./ballast"
                + " features history pit_cf.");
  }

  /**
   * Customer 9 makes three payments in the same second (recorded to the second), each with its own
   * amount; customer 8 pays twice at different times.
   */
  static final String EVENTS =
      "SELECT * FROM VALUES"
          + " ('t1', 9, timestamp'2026-01-10 12:00:00'),"
          + " ('t2', 9, timestamp'2026-01-10 12:00:00'),"
          + " ('t3', 9, timestamp'2026-01-10 12:00:00'),"
          + " ('t4', 8, timestamp'2026-01-10 09:00:00'),"
          + " ('t5', 8, timestamp'2026-01-10 10:00:00')"
          + " AS t(txn_id, customer_id, event_ts)";

  /** One feature row per event, as a feature table built from the events' own source is. */
  static final String EVENT_FEATURES =
      "SELECT txn_id, customer_id, event_ts, event_ts AS _ingested_at, amount FROM VALUES"
          + " ('t1', 9, timestamp'2026-01-10 12:00:00', 1.0D),"
          + " ('t2', 9, timestamp'2026-01-10 12:00:00', 2.0D),"
          + " ('t3', 9, timestamp'2026-01-10 12:00:00', 3.0D),"
          + " ('t4', 8, timestamp'2026-01-10 09:00:00', 4.0D),"
          + " ('t5', 8, timestamp'2026-01-10 10:00:00', 5.0D)"
          + " AS t(txn_id, customer_id, event_ts, amount)";

  private static Map<String, Double> amounts(Dataset<Row> joined) {
    return joined.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.<Double>getAs("amount")));
  }

  @Test
  void byEventKeyEachOfSeveralEventsAtOneInstantGetsItsOwnRow() {
    Dataset<Row> byKey =
        PointInTimeJoin.byEventKey(
            SPARK.sql(EVENTS), SPARK.sql(EVENT_FEATURES), "txn_id", List.of("amount"));
    assertThat(byKey.columns()).containsExactly("txn_id", "customer_id", "event_ts", "amount");
    assertThat(amounts(byKey))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("t1", 1.0, "t2", 2.0, "t3", 3.0, "t4", 4.0, "t5", 5.0));
    // The as-of join cannot tell the three apart: all get one sibling's row (documented).
    Map<String, Double> asOf =
        amounts(
            PointInTimeJoin.asOf(
                SPARK.sql(EVENTS),
                "event_ts",
                SPARK.sql(EVENT_FEATURES),
                List.of("customer_id"),
                List.of("amount"),
                Optional.empty()));
    assertThat(List.of(asOf.get("t1"), asOf.get("t2"), asOf.get("t3")))
        .containsOnly(asOf.get("t1"));
  }

  @Test
  void bothJoinsAgreeWhereEventTimesAreUniquePerEntity() {
    String unique = EVENTS + " WHERE customer_id = 8 OR txn_id = 't2'";
    Dataset<Row> features = SPARK.sql(EVENT_FEATURES);
    Map<String, Double> byKey =
        amounts(
            PointInTimeJoin.byEventKey(SPARK.sql(unique), features, "txn_id", List.of("amount")));
    Map<String, Double> asOf =
        amounts(
            PointInTimeJoin.asOf(
                SPARK.sql(unique),
                "event_ts",
                features.where("txn_id IN ('t2', 't4', 't5')"),
                List.of("customer_id"),
                List.of("amount"),
                Optional.of(Duration.ofDays(30))));
    assertThat(byKey).hasSize(3).isEqualTo(asOf);
  }

  @Test
  void aKeyWrittenTwiceGivesOneRowTheNewestIngestion() {
    Dataset<Row> twice =
        SPARK
            .sql(EVENT_FEATURES)
            .unionByName(
                SPARK.sql(
                    "SELECT 't4' AS txn_id, 8 AS customer_id, timestamp'2026-01-10 09:00:00' AS"
                        + " event_ts, timestamp'2026-01-11 00:00:00' AS _ingested_at, 40.0D AS"
                        + " amount"));
    Dataset<Row> out =
        PointInTimeJoin.byEventKey(SPARK.sql(EVENTS), twice, "txn_id", List.of("amount"));
    assertThat(out.count()).isEqualTo(5);
    assertThat(amounts(out)).containsEntry("t4", 40.0);
    Dataset<Row> withNew =
        PointInTimeJoin.byEventKey(
            SPARK.sql(EVENTS + " UNION ALL SELECT 't9', 9, timestamp'2026-01-10 13:00:00'"),
            twice,
            "txn_id",
            List.of("amount"));
    assertThat(withNew.where("txn_id = 't9'").first().isNullAt(3))
        .as("an event without a feature row gets nulls")
        .isTrue();
  }

  @Test
  void aTrainingSetJoinsByEventKeyWhenTheLabelsNameTheirEventAndRecordsThePath() {
    TABLES.overwrite(
        SPARK.sql(
            "SELECT *, date_format(event_ts, 'yyyy-MM-dd') AS ds FROM (" + EVENT_FEATURES + ")"),
        "pit_ev_cf",
        "v0",
        "ds");
    TABLES.overwrite(
        SPARK.sql(
            "SELECT txn_id, customer_id, event_ts, event_ts + INTERVAL 1 DAY AS label_ts,"
                + " CAST(txn_id = 't2' AS INT) AS label, '2026-01-11' AS ds FROM ("
                + EVENTS
                + ")"),
        "pit_ev_labels",
        "labels",
        "ds");
    String yaml =
        """
        name: pit_ev
        entities: {customer: {keys: [customer_id]}}
        sources:
          labels: {table: ballast.pit_ev_labels, event_time: event_ts, known_at: label_ts, partition_column: ds}
          payments: {table: ballast.pit_ev_src, event_time: event_ts, partition_column: ds%s}
        feature_tables:
          - {name: pit_ev_cf, entity: customer, source: payments, passthrough: [txn_id], features: [{name: amount, expr: amount}]}
        label: {source: labels, column: label}
        """;
    PipelineLoader loader = new PipelineLoader(new SparkExpressionParser());
    PipelineDefinition keyed = loader.parse(yaml.formatted(", event_key: txn_id"), "pit_ev.yaml");
    PipelineDefinition plain = loader.parse(yaml.formatted(""), "pit_ev.yaml");
    assertThat(keyed.featureTables().get(0).hash())
        .as("declaring the event key needs no rebuild")
        .isEqualTo(plain.featureTables().get(0).hash());
    LocalDate d = LocalDate.of(2026, 1, 10);
    TrainingSetJob.Params params =
        new TrainingSetJob.Params(d, d, Map.of(), Optional.empty(), Optional.empty(), "pit_ev_ts");

    TrainingSetJob.Assembled a = TrainingSetJob.assemble(TABLES, keyed, params);
    assertThat(a.joins()).containsExactly(Map.entry("pit_ev_cf", "event_key(txn_id)"));
    assertThat(amounts(a.rows().select("txn_id", "amount")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("t1", 1.0, "t2", 2.0, "t3", 3.0, "t4", 4.0, "t5", 5.0));

    TrainingSetJob.Assembled b = TrainingSetJob.assemble(TABLES, plain, params);
    assertThat(b.joins()).containsExactly(Map.entry("pit_ev_cf", "as_of"));
    TrainingSetJob.run(TABLES, keyed, params);
    assertThat(
            SPARK
                .sql("DESCRIBE HISTORY ballast.pit_ev_ts")
                .select("userMetadata")
                .first()
                .getString(0))
        .contains("\"feature_joins\":{\"pit_ev_cf\":\"event_key(txn_id)\"}");
  }
}
