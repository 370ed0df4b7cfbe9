package io.ballast.scoring.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ballast.features.LakehouseErrors;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;

/**
 * Performance drift: the scored days' predictions (the serving model's, {@code shadow = false})
 * joined with the labels known so far, measured in ONE aggregate over the whole range (a score
 * histogram per day), written to {@code ballast.model_metrics} as dataset 'live' next to the
 * training-time values ('training'). A day with fewer labelled predictions than {@code minLabels}
 * gets no rows: its metrics would be noise.
 */
public final class PerformanceJob {

  private PerformanceJob() {}

  /**
   * @param from the first scored day
   * @param to the last scored day (inclusive)
   * @param labels the label source's rows (any days: labels arrive after the payment)
   * @param labelExpr the label as a SQL expression over {@code labels} (0/1)
   * @param keys the columns joining a prediction to its label (e.g. txn_id)
   * @param training the model's training-time metrics (metric name to value), written next to it
   * @param minLabels fewest labelled predictions a day needs to be measured
   */
  public record Params(
      String predictionsTable,
      String modelName,
      String modelVersion,
      LocalDate from,
      LocalDate to,
      Dataset<Row> labels,
      String labelsName,
      String labelExpr,
      List<String> keys,
      Map<String, Double> training,
      int minLabels) {}

  /** One measured day. */
  public record Day(String ds, Map<String, Double> live) {}

  /**
   * @param days the measured days, in order
   * @param tooFewLabels the days left unmeasured, with their number of labelled predictions
   */
  public record Result(
      String model,
      String version,
      String from,
      String to,
      List<Day> days,
      Map<String, Long> tooFewLabels,
      int minLabels,
      Map<String, Double> training,
      double seconds) {}

  public static Result run(LakehouseTables tables, Params p) {
    Instant t0 = Instant.now();
    String from = p.from().toString();
    String to = p.to().toString();
    Dataset<Row> preds =
        tables
            .read(p.predictionsTable())
            .where(
                col("ds")
                    .between(from, to)
                    .and(col("shadow").equalTo(false))
                    .and(col("model_name").equalTo(p.modelName()))
                    .and(col("model_version").equalTo(p.modelVersion())));
    String range = from.equals(to) ? from : from + " .. " + to;
    tables
        .spark()
        .sparkContext()
        .setJobDescription("drift performance " + p.modelName() + " " + range);
    List<Row> grouped = histogram(preds, p.labels(), p.labelExpr(), p.keys()).collectAsList();
    tables.spark().sparkContext().setJobDescription(null);
    Map<String, List<LivePerformance.Bucket>> byDay = new LinkedHashMap<>();
    for (Row r : grouped) {
      byDay
          .computeIfAbsent(r.getString(0), d -> new ArrayList<>())
          .add(
              new LivePerformance.Bucket(
                  r.getInt(1),
                  r.getLong(2),
                  Math.round(r.getDouble(3)),
                  r.getDouble(4),
                  r.getDouble(5),
                  r.getLong(6),
                  r.getLong(7)));
    }
    List<Day> days = new ArrayList<>();
    Map<String, Long> tooFew = new LinkedHashMap<>();
    for (LocalDate day = p.from(); !day.isAfter(p.to()); day = day.plusDays(1)) {
      List<LivePerformance.Bucket> buckets = byDay.getOrDefault(day.toString(), List.of());
      long labelled = buckets.stream().mapToLong(LivePerformance.Bucket::rows).sum();
      if (labelled < p.minLabels() || labelled == 0) {
        tooFew.put(day.toString(), labelled);
      } else {
        days.add(new Day(day.toString(), LivePerformance.metrics(buckets)));
      }
    }
    write(tables, p, days);
    return new Result(
        p.modelName(),
        p.modelVersion(),
        from,
        to,
        List.copyOf(days),
        tooFew,
        p.minLabels(),
        p.training(),
        Duration.between(t0, Instant.now()).toMillis() / 1000.0);
  }

  /**
   * The transform: predictions joined with their labels (the first label per key), as a score
   * histogram per day: ds, bucket, rows, positives, score sum, squared error sum, true positives,
   * predicted positives. Rows without a label are left out.
   */
  static Dataset<Row> histogram(
      Dataset<Row> preds, Dataset<Row> labelRows, String labelExpr, List<String> keys) {
    List<String> missing =
        Stream.concat(Stream.of("ds", "score", "prediction"), keys.stream())
            .filter(c -> !List.of(preds.columns()).contains(c))
            .toList();
    if (!missing.isEmpty()) {
      throw LakehouseErrors.missingColumns(
          "measure live performance", "the predictions", missing, List.of(preds.columns()));
    }
    // the label expression may read other columns: evaluate it on the full rows
    Dataset<Row> labels =
        labelRows
            .withColumn("_label", expr(labelExpr).cast("double"))
            .select(
                Stream.concat(
                        keys.stream().map(c -> col(c).as("_key_" + c)), Stream.of(col("_label")))
                    .toArray(Column[]::new))
            .where(col("_label").isNotNull())
            .dropDuplicates(keys.stream().map(c -> "_key_" + c).toArray(String[]::new));
    Column on = lit(true);
    for (String c : keys) {
      on = on.and(preds.col(c).equalTo(labels.col("_key_" + c)));
    }
    Column score = col("score").cast("double");
    Column error = score.minus(col("_label"));
    return preds
        .join(labels, on)
        .withColumn(
            "_bucket",
            least(
                floor(score.multiply(LivePerformance.BUCKETS)).cast("int"),
                lit(LivePerformance.BUCKETS - 1)))
        .where(col("_bucket").isNotNull())
        .groupBy(col("ds").cast("string"), col("_bucket"))
        .agg(
            count(lit(1)),
            sum(col("_label")),
            sum(score),
            sum(error.multiply(error)),
            sum(when(col("prediction").equalTo(1).and(col("_label").equalTo(1.0)), 1).otherwise(0))
                .cast("long"),
            sum(when(col("prediction").equalTo(1), 1).otherwise(0)).cast("long"));
  }

  /** A model_metrics row of slice 'all'; a live row's window is its day. */
  private static Row row(
      Params p, String dataset, String ds, String metric, double value, Timestamp now) {
    return RowFactory.create(
        p.modelName(), p.modelVersion(), dataset, ds, ds, ds, "all", "all", metric, value, now);
  }

  /**
   * Replaces the model version's live rows of the range (the measured days' metrics; a day now
   * unmeasured loses its old rows) and its training rows, in one commit.
   */
  private static void write(LakehouseTables tables, Params p, List<Day> days) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Day day : days) {
      day.live().forEach((k, v) -> rows.add(row(p, "live", day.ds(), k, v, now)));
    }
    p.training().forEach((k, v) -> rows.add(row(p, "training", null, k, v, now)));
    if (rows.isEmpty() && !tables.exists(BallastTable.MODEL_METRICS.name())) {
      return;
    }
    String m = p.modelName().replace("'", "''");
    String v = p.modelVersion().replace("'", "''");
    String where =
        String.format(
            "model_name = '%s' AND model_version = '%s' AND ((dataset = 'live' AND ds >= '%s' AND"
                + " ds <= '%s')%s)",
            m, v, p.from(), p.to(), p.training().isEmpty() ? "" : " OR dataset = 'training'");
    tables
        .spark()
        .createDataFrame(rows, BallastTable.MODEL_METRICS.requireSchema())
        .coalesce(1)
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", where)
        .option(
            "userMetadata", "drift performance " + p.modelName() + " " + p.from() + " " + p.to())
        .save(tables.lakehouse().tablePath(BallastTable.MODEL_METRICS.name()));
  }
}
