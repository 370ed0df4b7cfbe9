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
}
