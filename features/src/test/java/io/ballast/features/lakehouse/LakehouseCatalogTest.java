package io.ballast.features.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import io.ballast.features.TestSpark;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class LakehouseCatalogTest {
  private final LakehouseTables tables = TestSpark.tables();
  private final SparkSession spark = TestSpark.spark();

  @Test
  void tablesWrittenByPathAreQueryableByNameWithTimeTravel() {
    tables.overwrite(spark.sql("SELECT id, id * 2 AS twice FROM range(5)"), "cat_basic", "first");
    tables.overwrite(spark.sql("SELECT id, id * 3 AS twice FROM range(3)"), "cat_basic", "second");
    assertThat(spark.sql("SELECT count(*) FROM ballast.cat_basic").first().getLong(0)).isEqualTo(3);
    assertThat(
            spark.sql("SELECT count(*) FROM ballast.cat_basic VERSION AS OF 0").first().getLong(0))
        .isEqualTo(5);
    List<String> names =
        spark.sql("SHOW TABLES IN ballast").collectAsList().stream()
            .map(r -> r.getString(1))
            .toList();
    assertThat(names).contains("cat_basic");
    TableInfo info = tables.describe("cat_basic");
    assertThat(info.version()).isEqualTo(1);
    assertThat(info.rows()).isEqualTo(3);
  }

  @Test
  void replacePartitionsReplacesOnlyItsRangeAndRerunsDoNotDuplicate() {
    String table = "cat_parts";
    tables.replacePartitions(
        spark.sql("SELECT id, concat('2026-01-0', CAST(id % 3 + 1 AS STRING)) AS ds FROM range(9)"),
        table,
        "ds",
        LocalDate.of(2026, 1, 1),
        LocalDate.of(2026, 1, 3),
        "all");
    for (int i = 0; i < 2; i++) {
      tables.replacePartitions(
          spark.sql("SELECT 100 + id AS id, '2026-01-02' AS ds FROM range(2)"),
          table,
          "ds",
          LocalDate.of(2026, 1, 2),
          LocalDate.of(2026, 1, 2),
          "day 2");
    }
    List<Row> rows =
        spark
            .sql("SELECT ds, count(*), min(id) FROM ballast.cat_parts GROUP BY ds ORDER BY ds")
            .collectAsList();
    assertThat(rows)
        .extracting(Row::toString)
        .containsExactly("[2026-01-01,3,0]", "[2026-01-02,2,100]", "[2026-01-03,3,2]");
    assertThat(tables.describe(table).version()).isEqualTo(2);
  }

  @Test
  void sqlCanCreateAndDropTablesInTheCatalog() {
    spark.sql("CREATE TABLE ballast.cat_sql USING delta AS SELECT 1 AS x");
    assertThat(tables.exists("cat_sql")).isTrue();
    spark.sql("INSERT INTO ballast.cat_sql VALUES (2)");
    assertThat(spark.sql("SELECT sum(x) FROM ballast.cat_sql").first().getLong(0)).isEqualTo(3);
    spark.sql("DROP TABLE ballast.cat_sql");
    assertThat(tables.exists("cat_sql")).isFalse();
  }

  @Test
  void unknownTablesAreUserErrorsListingKnownOnes() {
    tables.overwrite(spark.sql("SELECT 1 AS x"), "cat_known", "x");
    assertThatThrownBy(() -> tables.read("cat_missing"))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith(
            "Cannot read table ballast.cat_missing: it does not exist in the lakehouse. Known tables: [")
        .hasMessageContaining("cat_known");
    assertThatThrownBy(() -> spark.sql("SELECT * FROM ballast.cat_missing"))
        .hasMessageContaining("cat_missing");
  }
}
