package io.ballast.jobs.calibration;

import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.lakehouse.ModelMetricRows;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * A version's calibration in {@code ballast.model_metrics} as dataset {@code calibration} (a
 * retrain of the same version number replaces its rows): on slice {@code all} the ECE of the test
 * and validation windows before and after; on slices {@code reliability_before} and {@code
 * reliability_after} one value per score bin of the test window ({@code [0.10, 0.20)}) with metrics
 * {@code mean_score}, {@code observed_rate} and {@code rows}.
 */
public final class CalibrationStore {
  public static final String DATASET = "calibration";
  public static final String BEFORE = "reliability_before";
  public static final String AFTER = "reliability_after";

  private final LakehouseTables tables;

  public CalibrationStore(LakehouseTables tables) {
    this.tables = tables;
  }

  /** The summary values, by metric name, as also logged on the run. */
  public static Map<String, Double> summary(CalibrationReport r) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("ece_before", r.testBefore().ece());
    m.put("ece_after", r.testAfter().ece());
    m.put("validation_ece_before", r.validationBefore().ece());
    m.put("validation_ece_after", r.validationAfter().ece());
    return m;
  }

  public void write(
      String model, String version, String testFrom, String testTo, CalibrationReport r) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    summary(r)
        .forEach(
            (k, v) -> rows.add(row(model, version, testFrom, testTo, "all", "all", k, v, now)));
    Map<String, Reliability> curves = new LinkedHashMap<>();
    curves.put(BEFORE, r.testBefore());
    curves.put(AFTER, r.testAfter());
    curves.forEach(
        (slice, rel) -> {
          for (Reliability.Bin b : rel.bins()) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("mean_score", b.meanScore());
            values.put("observed_rate", b.rate());
            values.put("rows", (double) b.rows());
            values.forEach(
                (k, v) ->
                    rows.add(row(model, version, testFrom, testTo, slice, b.label(), k, v, now)));
          }
        });
    ModelMetricRows.replace(tables, model, version, DATASET, rows, "ballast train");
  }

  /** The version's rows as (slice, slice value, metric, value), for the model card. */
  public List<Row> read(String model, String version) {
    return ModelMetricRows.read(tables, model, version, DATASET);
  }

  private static Row row(
      String model,
      String version,
      String from,
      String to,
      String slice,
      String value,
      String metric,
      double v,
      Timestamp now) {
    return ModelMetricRows.row(model, version, DATASET, from, to, slice, value, metric, v, now);
  }
}
