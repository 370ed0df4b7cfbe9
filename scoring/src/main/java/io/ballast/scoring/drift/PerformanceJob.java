package io.ballast.scoring.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ballast.features.BallastErrors;
import io.ballast.features.lakehouse.LakehouseTables;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Performance drift: a scored day's predictions (the serving model's, {@code shadow = false})
 * joined with the labels known so far, measured in ONE aggregate (a score histogram), written to
 * {@code ballast.model_metrics} as dataset 'live' next to the training-time values ('training').
 */
public final class PerformanceJob {
  public static final String METRICS = "model_metrics";

  static final StructType SCHEMA =
      new StructType()
          .add("model_name", DataTypes.StringType, false)
          .add("model_version", DataTypes.StringType, false)
          .add("dataset", DataTypes.StringType, false)
          .add("ds", DataTypes.StringType, true)
          .add("window_from", DataTypes.StringType, true)
          .add("window_to", DataTypes.StringType, true)
          .add("slice", DataTypes.StringType, false)
          .add("slice_value", DataTypes.StringType, false)
          .add("metric", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, false)
          .add("_computed_at", DataTypes.TimestampType, false);

  private PerformanceJob() {}

  /**
   * @param labels the label source's rows (any days: labels arrive after the payment)
   * @param labelExpr the label as a SQL expression over {@code labels} (0/1)
   * @param keys the columns joining a prediction to its label (e.g. txn_id)
   * @param training the model's training-time metrics (metric name to value), written next to it
   */
  public record Params(
      String predictionsTable,
      String modelName,
      String modelVersion,
      LocalDate ds,
      Dataset<Row> labels,
      String labelsName,
      String labelExpr,
      List<String> keys,
      Map<String, Double> training) {}

  public record Result(
      String model,
      String version,
      String ds,
      Map<String, Double> live,
      Map<String, Double> training,
      double seconds) {}

  public static Result run(LakehouseTables tables, Params p) {
    Instant t0 = Instant.now();
    Dataset<Row> preds =
        tables
            .read(p.predictionsTable())
            .where(
                col("ds")
                    .equalTo(p.ds().toString())
                    .and(col("shadow").equalTo(false))
                    .and(col("model_name").equalTo(p.modelName()))
                    .and(col("model_version").equalTo(p.modelVersion())))
            .withColumn("score", col("score").cast("double"));
    List<String> cols = new ArrayList<>(p.keys());
    Dataset<Row> labels;
    // the label expression may read other columns: evaluate it on the full rows
    labels =
        p.labels()
            .withColumn("_label", expr(p.labelExpr()).cast("double"))
            .select(
                java.util.stream.Stream.concat(
                        cols.stream().map(c -> col(c).as("_key_" + c)),
                        java.util.stream.Stream.of(col("_label")))
                    .toArray(org.apache.spark.sql.Column[]::new))
            .where(col("_label").isNotNull())
            .dropDuplicates(cols.stream().map(c -> "_key_" + c).toArray(String[]::new));
    org.apache.spark.sql.Column on = lit(true);
    for (String c : cols) {
      on = on.and(preds.col(c).equalTo(labels.col("_key_" + c)));
    }
    Dataset<Row> joined = preds.join(labels, on);
    tables
        .spark()
        .sparkContext()
        .setJobDescription("drift performance " + p.modelName() + " " + p.ds());
    List<Row> grouped =
        joined
            .withColumn(
                "_bucket",
                least(
                    floor(col("score").multiply(LivePerformance.BUCKETS)).cast("int"),
                    lit(LivePerformance.BUCKETS - 1)))
            .groupBy("_bucket")
            .agg(
                count(lit(1)),
                sum(col("_label")),
                sum(col("score")),
                sum(col("score").minus(col("_label")).multiply(col("score").minus(col("_label")))),
                sum(
                    when(col("prediction").equalTo(1).and(col("_label").equalTo(1.0)), 1)
                        .otherwise(0)),
                sum(when(col("prediction").equalTo(1), 1).otherwise(0)))
            .collectAsList();
    tables.spark().sparkContext().setJobDescription(null);
    List<LivePerformance.Bucket> buckets = new ArrayList<>();
    for (Row r : grouped) {
      if (r.isNullAt(0)) {
        continue;
      }
      buckets.add(
          new LivePerformance.Bucket(
              r.getInt(0),
              r.getLong(1),
              Math.round(r.getDouble(2)),
              r.getDouble(3),
              r.getDouble(4),
              r.getLong(5),
              r.getLong(6)));
    }
    if (buckets.isEmpty()) {
      throw BallastErrors.performanceNoRows(
          "ballast." + p.predictionsTable(), p.modelName(), p.ds().toString(), p.labelsName());
    }
    Map<String, Double> live = LivePerformance.metrics(buckets);
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    String d = p.ds().toString();
    live.forEach(
        (k, v) ->
            rows.add(
                RowFactory.create(
                    p.modelName(), p.modelVersion(), "live", d, d, d, "all", "all", k, v, now)));
    p.training()
        .forEach(
            (k, v) ->
                rows.add(
                    RowFactory.create(
                        p.modelName(),
                        p.modelVersion(),
                        "training",
                        null,
                        null,
                        null,
                        "all",
                        "all",
                        k,
                        v,
                        now)));
    String m = p.modelName().replace("'", "''");
    String v = p.modelVersion().replace("'", "''");
    String where =
        String.format(
            "model_name = '%s' AND model_version = '%s' AND ((dataset = 'live' AND ds = '%s')%s)",
            m, v, d, p.training().isEmpty() ? "" : " OR dataset = 'training'");
    tables
        .spark()
        .createDataFrame(rows, SCHEMA)
        .coalesce(1)
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", where)
        .option("userMetadata", "drift performance " + p.modelName() + " " + d)
        .save(tables.lakehouse().tablePath(METRICS));
    return new Result(
        p.modelName(),
        p.modelVersion(),
        d,
        live,
        p.training(),
        Duration.between(t0, Instant.now()).toMillis() / 1000.0);
  }
}
