package io.ballast.jobs.tracking;

import io.ballast.features.lakehouse.LakehouseTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The embedded tracking store's Delta tables in the lakehouse, queryable as {@code ballast.runs},
 * {@code ballast.run_params}, {@code ballast.run_metrics}, {@code ballast.model_versions} and
 * {@code ballast.model_aliases}. Each write is one small Delta commit.
 */
final class EmbeddedTables {
  static final String RUNS = "runs";
  static final String RUN_PARAMS = "run_params";
  static final String RUN_METRICS = "run_metrics";
  static final String MODEL_VERSIONS = "model_versions";
  static final String MODEL_ALIASES = "model_aliases";
  static final String MODEL_ALIAS_EVENTS = "model_alias_events";

  static final StructType RUNS_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("experiment", DataTypes.StringType, false)
          .add("run_name", DataTypes.StringType, true)
          .add("status", DataTypes.StringType, false)
          .add("start_time", DataTypes.TimestampType, false)
          .add("end_time", DataTypes.TimestampType, true)
          .add("error", DataTypes.StringType, true)
          .add(
              "tags",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true),
              true);

  /** Params and tags of a run: {@code kind} is {@code param} or {@code tag}. */
  static final StructType PARAMS_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("key", DataTypes.StringType, false)
          .add("value", DataTypes.StringType, true)
          .add("logged_at", DataTypes.TimestampType, false);

  static final StructType METRICS_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("key", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, false)
          .add("step", DataTypes.LongType, false)
          .add("timestamp", DataTypes.TimestampType, false);
  static final StructType VERSIONS_SCHEMA =
      new StructType()
          .add("model_name", DataTypes.StringType, false)
          .add("version", DataTypes.LongType, false)
          .add("run_id", DataTypes.StringType, true)
          .add("source", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("created_at", DataTypes.TimestampType, false)
          .add(
              "tags",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true),
              true);
  static final StructType ALIASES_SCHEMA =
      new StructType()
          .add("model_name", DataTypes.StringType, false)
          .add("alias", DataTypes.StringType, false)
          .add("version", DataTypes.LongType, false)
          .add("updated_at", DataTypes.TimestampType, false);

  static final StructType ALIAS_EVENTS_SCHEMA =
      new StructType()
          .add("model_name", DataTypes.StringType, false)
          .add("action", DataTypes.StringType, false)
          .add("alias", DataTypes.StringType, false)
          .add("from_version", DataTypes.LongType, true)
          .add("to_version", DataTypes.LongType, true)
          .add("user", DataTypes.StringType, true)
          .add("reason", DataTypes.StringType, true)
          .add("at", DataTypes.TimestampType, false);

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
