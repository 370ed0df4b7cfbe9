package io.ballast.features.lakehouse;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;

/**
 * Rows of one model version's dataset in {@code ballast.model_metrics} ({@link
 * BallastTable#MODEL_METRICS}), for writers that own a whole dataset of a version (e.g. {@code
 * calibration}, {@code importance}): each write replaces exactly that (model, version, dataset).
 */
public final class ModelMetricRows {
  private ModelMetricRows() {}

  /** One row of a window (no {@code ds}); a NaN value is stored as null. */
  public static Row row(
      String model,
      String version,
      String dataset,
      String windowFrom,
      String windowTo,
      String slice,
      String sliceValue,
      String metric,
      double value,
      Timestamp at) {
    return RowFactory.create(
        model,
        version,
        dataset,
        null,
        windowFrom,
        windowTo,
        slice,
        sliceValue,
        metric,
        Double.isNaN(value) ? null : value,
        at);
  }

  /** Replaces the version's rows of {@code dataset} with {@code rows} in one commit. */
  public static void replace(
      LakehouseTables tables,
      String model,
      String version,
      String dataset,
      List<Row> rows,
      String writer) {
    String where =
        String.format(
            "model_name = '%s' AND model_version = '%s' AND dataset = '%s'",
            model.replace("'", "''"), version.replace("'", "''"), dataset.replace("'", "''"));
    tables
        .spark()
        .createDataFrame(rows, BallastTable.MODEL_METRICS.requireSchema())
        .coalesce(1)
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", where)
        .option("userMetadata", "{\"writer\":\"" + writer + "\"}")
        .save(tables.lakehouse().tablePath(BallastTable.MODEL_METRICS.name()));
  }

  /**
   * The version's rows of {@code dataset} as (slice, slice value, metric, value), ordered by those;
   * empty when the table does not exist yet.
   */
  public static List<Row> read(
      LakehouseTables tables, String model, String version, String dataset) {
    if (!tables.exists(BallastTable.MODEL_METRICS.name())) {
      return List.of();
    }
    return tables
        .read(BallastTable.MODEL_METRICS.name())
        .where(
            col("model_name")
                .equalTo(model)
                .and(col("model_version").equalTo(version))
                .and(col("dataset").equalTo(dataset)))
        .select("slice", "slice_value", "metric", "value")
        .orderBy("slice", "slice_value", "metric")
        .collectAsList();
  }
}
