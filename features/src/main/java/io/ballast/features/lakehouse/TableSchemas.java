package io.ballast.features.lakehouse;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas Ballast writes its own tables with, one per table; reached through {@link
 * BallastTable#schema()}. Tables whose schema comes from data (sources, feature tables,
 * predictions) have none here.
 */
final class TableSchemas {
  private TableSchemas() {}

  /** The schema of the fixed-name table {@code name}, if Ballast writes it with one. */
  static Optional<StructType> of(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  private static final DataType S = DataTypes.StringType;
  private static final DataType D = DataTypes.DoubleType;
  private static final DataType L = DataTypes.LongType;
  private static final DataType TS = DataTypes.TimestampType;
  private static final DataType TAGS = DataTypes.createMapType(S, S, true);

  static final StructType QUALITY_RESULTS =
      new StructType()
          .add("run_id", S, false)
          .add("table_name", S, false)
          .add("ds", S, false)
          .add("table_version", L, false)
          .add("check_name", S, false)
          .add("check_type", S, false)
          .add("constraint", S, false)
          .add("severity", S, false)
          .add("status", S, false)
          .add("message", S, true)
          .add("metric_value", D, true)
          .add("checked_at", TS, false);

  static final StructType QUALITY_METRICS =
      new StructType()
          .add("run_id", S, false)
          .add("table_name", S, false)
          .add("ds", S, false)
          .add("table_version", L, false)
          .add("metric", S, false)
          .add("instance", S, false)
          .add("value", D, false)
          .add("computed_at", TS, false);

  static final StructType DRIFT =
      new StructType()
          .add("table_name", S, false)
          .add("ds", S, false)
          .add("comparison", S, false)
          .add("slice", S, false)
          .add("slice_value", S, false)
          .add("feature", S, false)
          .add("statistic", S, false)
          .add("value", D, true)
          .add("threshold", D, true)
          .add("drifted", DataTypes.BooleanType, true)
          .add("baseline_id", S, false)
          .add("model_name", S, false)
          .add("model_version", S, false)
          .add("_computed_at", TS, false)
          .add("reason", S, true);

  static final StructType DRIFT_SUMMARY =
      new StructType()
          .add("table_name", S, false)
          .add("ds", S, false)
          .add("comparison", S, false)
          .add("slice", S, false)
          .add("slice_value", S, false)
          .add("features", DataTypes.IntegerType, false)
          .add("drifted_features", DataTypes.IntegerType, false)
          .add("drifted_share", D, true)
          .add("bound", D, false)
          .add("drifted", DataTypes.BooleanType, false)
          .add("_computed_at", TS, false)
          .add("baseline_id", S, false);

  /**
   * {@code value} is nullable: the validation writer ({@code model validate}, calibration) stores
   * boxed metric values that may be missing; only the live-performance writer always has one.
   */
  static final StructType MODEL_METRICS =
      new StructType()
          .add("model_name", S, false)
          .add("model_version", S, false)
          .add("dataset", S, false)
          .add("ds", S, true)
          .add("window_from", S, true)
          .add("window_to", S, true)
          .add("slice", S, false)
          .add("slice_value", S, false)
          .add("metric", S, false)
          .add("value", D, true)
          .add("_computed_at", TS, false);

  static final StructType MODEL_VALIDATIONS =
      new StructType()
          .add("validation_id", S, false)
          .add("pipeline", S, true)
          .add("model_name", S, false)
          .add("model_version", S, false)
          .add("champion_version", S, true)
          .add("window_from", S, true)
          .add("window_to", S, true)
          .add("gate", S, false)
          .add("metric", S, true)
          .add("slice", S, true)
          .add("value", D, true)
          .add("bound", D, true)
          .add("passed", DataTypes.BooleanType, false)
          .add("detail", S, true)
          .add("outcome", S, false)
          .add("decided_by", S, true)
          .add("decided_at", TS, false);

  static final StructType RUNS =
      new StructType()
          .add("run_id", S, false)
          .add("experiment", S, false)
          .add("run_name", S, true)
          .add("status", S, false)
          .add("start_time", TS, false)
          .add("end_time", TS, true)
          .add("error", S, true)
          .add("tags", TAGS, true);

  /** Params and tags of a run: {@code kind} is {@code param} or {@code tag}. */
  static final StructType RUN_PARAMS =
      new StructType()
          .add("run_id", S, false)
          .add("kind", S, false)
          .add("key", S, false)
          .add("value", S, true)
          .add("logged_at", TS, false);

  static final StructType RUN_METRICS =
      new StructType()
          .add("run_id", S, false)
          .add("key", S, false)
          .add("value", D, false)
          .add("step", L, false)
          .add("timestamp", TS, false);

  static final StructType MODEL_VERSIONS =
      new StructType()
          .add("model_name", S, false)
          .add("version", L, false)
          .add("run_id", S, true)
          .add("source", S, false)
          .add("status", S, false)
          .add("created_at", TS, false)
          .add("tags", TAGS, true);

  static final StructType MODEL_ALIASES =
      new StructType()
          .add("model_name", S, false)
          .add("alias", S, false)
          .add("version", L, false)
          .add("updated_at", TS, false);

  static final StructType MODEL_ALIAS_EVENTS =
      new StructType()
          .add("model_name", S, false)
          .add("action", S, false)
          .add("alias", S, false)
          .add("from_version", L, true)
          .add("to_version", L, true)
          .add("user", S, true)
          .add("reason", S, true)
          .add("at", TS, false);

  static final StructType PIPELINE_TASK_RUNS =
      new StructType()
          .add("run_id", S)
          .add("pipeline", S)
          .add("graph", S)
          .add("ds", S)
          .add("task", S)
          .add("status", S)
          .add("exit_code", DataTypes.IntegerType)
          .add("started_at", TS)
          .add("seconds", D)
          .add("message", S);

  private static final Map<String, StructType> BY_NAME =
      Map.ofEntries(
          Map.entry(BallastTable.QUALITY_RESULTS.name(), QUALITY_RESULTS),
          Map.entry(BallastTable.QUALITY_METRICS.name(), QUALITY_METRICS),
          Map.entry(BallastTable.DRIFT.name(), DRIFT),
          Map.entry(BallastTable.DRIFT_SUMMARY.name(), DRIFT_SUMMARY),
          Map.entry(BallastTable.MODEL_METRICS.name(), MODEL_METRICS),
          Map.entry(BallastTable.MODEL_VALIDATIONS.name(), MODEL_VALIDATIONS),
          Map.entry(BallastTable.RUNS.name(), RUNS),
          Map.entry(BallastTable.RUN_PARAMS.name(), RUN_PARAMS),
          Map.entry(BallastTable.RUN_METRICS.name(), RUN_METRICS),
          Map.entry(BallastTable.MODEL_VERSIONS.name(), MODEL_VERSIONS),
          Map.entry(BallastTable.MODEL_ALIASES.name(), MODEL_ALIASES),
          Map.entry(BallastTable.MODEL_ALIAS_EVENTS.name(), MODEL_ALIAS_EVENTS),
          Map.entry(BallastTable.PIPELINE_TASK_RUNS.name(), PIPELINE_TASK_RUNS));
}
