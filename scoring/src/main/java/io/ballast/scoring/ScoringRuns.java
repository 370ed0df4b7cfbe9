package io.ballast.scoring;

import io.ballast.features.lakehouse.LakehouseTables;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * {@code ballast.scoring_runs}: one row per scoring run with its counts (input rows vs predictions
 * written), the predictions table version it committed, the feature-table versions it read, and per
 * float or double feature its NaN and infinite values ({@code nan_values}, {@code infinite_values};
 * null when none was counted).
 */
public final class ScoringRuns {
  public static final String TABLE = "scoring_runs";

  static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("pipeline", DataTypes.StringType, false)
          .add("model_name", DataTypes.StringType, false)
          .add("model_version", DataTypes.StringType, false)
          .add("model_reference", DataTypes.StringType, false)
          .add("shadow", DataTypes.BooleanType, false)
          .add("ds_from", DataTypes.StringType, false)
          .add("ds_to", DataTypes.StringType, false)
          .add("input_rows", DataTypes.LongType, false)
          .add("output_rows", DataTypes.LongType, false)
          .add("predictions_version", DataTypes.LongType, true)
          .add(
              "feature_table_versions",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType),
              false)
          .add("status", DataTypes.StringType, false)
          .add(
              "nan_values", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
          .add(
              "infinite_values",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType),
              true)
          .add("seconds", DataTypes.DoubleType, false)
          .add("_scored_at", DataTypes.TimestampType, false);

  private ScoringRuns() {}

  static void record(
      LakehouseTables tables, String pipeline, ScoringJob.Result r, Timestamp scoredAt) {
    var row =
        RowFactory.create(
            r.runId(),
            pipeline,
            r.model(),
            r.version(),
            r.reference(),
            r.shadow(),
            r.from(),
            r.to(),
            r.inputRows(),
            r.predictions(),
            r.predictionsVersion() < 0 ? null : r.predictionsVersion(),
            JavaConverters.mapAsScalaMap(new java.util.HashMap<>(r.featureTableVersions())),
            r.status(),
            scalaMap(r.nanValues()),
            scalaMap(r.infiniteValues()),
            r.seconds(),
            scoredAt);
    // a table made before the NaN and infinite counts gains their columns
    tables.appendMergingSchema(tables.spark().createDataFrame(List.of(row), SCHEMA), TABLE);
  }

  private static Object scalaMap(java.util.Map<String, Long> m) {
    return m == null ? null : JavaConverters.mapAsScalaMap(new java.util.HashMap<>(m));
  }
}
