package io.ballast.features.tracking;

import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructType;

/**
 * The embedded tracking store's Delta tables in the lakehouse, queryable as {@code ballast.runs},
 * {@code ballast.run_params}, {@code ballast.run_metrics}, {@code ballast.model_versions} and
 * {@code ballast.model_aliases}. Each write is one small Delta commit.
 */
final class EmbeddedTables {
  static final String MODEL_ALIAS_EVENTS = BallastTable.MODEL_ALIAS_EVENTS.name();

  static final StructType ALIAS_EVENTS_SCHEMA = BallastTable.MODEL_ALIAS_EVENTS.requireSchema();

  private final LakehouseTables tables;

  EmbeddedTables(LakehouseTables tables) {
    this.tables = tables;
  }

  LakehouseTables tables() {
    return tables;
  }

  String path(String table) {
    return tables.lakehouse().tablePath(table);
  }

  /** Creates the table, empty, if it does not exist yet. */
  void ensure(String table, StructType schema) {
    if (!tables.exists(table)) {
      append(table, schema, List.of());
    }
  }

  void append(String table, StructType schema, List<Row> rows) {
    Dataset<Row> df = tables.spark().createDataFrame(rows, schema);
    df.write()
        .format("delta")
        .mode(SaveMode.Append)
        .option("userMetadata", "{\"writer\":\"ballast tracking\"}")
        .save(path(table));
  }

  /**
   * Runs a Delta UPDATE, MERGE or DELETE again when another writer committed first (e.g. two
   * trainings ending at once); the table is small and the change idempotent, so a retry is safe.
   */
  static void retrying(Runnable change) {
    for (int attempt = 1; ; attempt++) {
      try {
        change.run();
        return;
      } catch (io.delta.exceptions.DeltaConcurrentModificationException e) {
        if (attempt >= 5) {
          throw e;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while retrying a tracking write", ie);
        }
      }
    }
  }

  Dataset<Row> read(String table, StructType schema) {
    if (!tables.exists(table)) {
      return tables.spark().createDataFrame(List.of(), schema);
    }
    return tables.spark().read().format("delta").load(path(table));
  }
}
