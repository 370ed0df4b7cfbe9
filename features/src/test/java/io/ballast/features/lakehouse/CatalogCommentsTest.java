package io.ballast.features.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class CatalogCommentsTest {
  private final LakehouseTables tables = TestSpark.tables();
  private final SparkSession spark = TestSpark.spark();

  @Test
  void appliesTableAndColumnCommentsOnceInOneCommitAndSqlShowsThem() {
    String table = "cc_predictions";
    tables.overwrite(
        spark.sql(
            "SELECT id AS txn_id, 0.5D AS score, 'x' AS undocumented, '2026-10-01' AS ds"
                + " FROM range(4)"),
        table,
        "fixture",
        "ds");
    long before = tables.describe(table).version();

    CatalogComments.Applied first = CatalogComments.apply(tables, table);
    CatalogComments.Applied again = CatalogComments.apply(tables, table);

    assertThat(first.changed()).isTrue();
    assertThat(first.columnsCommented()).isEqualTo(3);
    assertThat(again.changed()).isFalse();
    TableInfo info = tables.describe(table);
    assertThat(info.version()).isEqualTo(before + 1);
    assertThat(info.rows()).isEqualTo(4);
    assertThat(info.kind()).isEqualTo("predictions");
    assertThat(info.description()).startsWith("Batch predictions of pipeline cc:");

    Map<String, String> comments =
        spark.sql("DESCRIBE TABLE ballast." + table).collectAsList().stream()
            .filter(r -> !r.getString(0).startsWith("#") && !r.getString(0).isEmpty())
            .collect(
                Collectors.toMap(r -> r.getString(0), r -> String.valueOf(r.get(2)), (a, b) -> a));
    assertThat(comments)
        .containsEntry("score", "Probability of the positive class")
        .containsEntry("txn_id", "Transaction id")
        .containsEntry("ds", "Day partition, yyyy-MM-dd (UTC)")
        .containsEntry("undocumented", "null");
    List<Row> ext =
        spark
            .sql("DESCRIBE TABLE EXTENDED ballast." + table)
            .filter("col_name = 'Comment'")
            .collectAsList();
    assertThat(ext).hasSize(1);
    assertThat(ext.get(0).getString(1)).startsWith("Batch predictions of pipeline cc");
    assertThat(spark.sql("SELECT sum(txn_id) FROM ballast." + table).first().getLong(0))
        .isEqualTo(6);
  }

  @Test
  void everyFixedNameTableHasAKindAndADescription() {
    for (String t : TableDocs.knownTables()) {
      TableDocs.Doc d = TableDocs.of(t);
      assertThat(d.kind()).as(t).isNotEqualTo(BallastTable.Kind.OTHER);
      assertThat(d.description()).as(t).isNotBlank();
    }
    assertThat(TableDocs.of("card_fraud_predictions").kind())
        .isEqualTo(BallastTable.Kind.PREDICTIONS);
    assertThat(TableDocs.of("customer_features").kind()).isEqualTo(BallastTable.Kind.FEATURE);
    assertThat(TableDocs.of("transactions_quarantine").kind()).isEqualTo(BallastTable.Kind.QUALITY);
    assertThat(TableDocs.of("scratch").kind()).isEqualTo(BallastTable.Kind.OTHER);
  }

  @Test
  void featureColumnsAreDescribedFromTheirDefinition() {
    var sum =
        new io.ballast.features.config.Feature(
            "online_sum_7d",
            java.util.Optional.empty(),
            java.util.Optional.of(
                new io.ballast.features.config.Aggregate(
                    io.ballast.features.config.AggregateFunction.SUM,
                    "amount",
                    java.time.Duration.ofDays(7),
                    false,
                    java.util.Optional.empty(),
                    java.util.Optional.of("channel = 'online'"))));
    var expr =
        new io.ballast.features.config.Feature(
            "hour", java.util.Optional.of("hour(event_ts)"), java.util.Optional.empty());
    assertThat(TableDocs.featureComment(sum))
        .isEqualTo(
            "Feature: sum of amount over the trailing 7d per entity where channel = 'online'");
    assertThat(TableDocs.featureComment(expr)).isEqualTo("Feature: hour(event_ts)");
  }
}
