package io.ballast.validation.model;

import static org.apache.spark.sql.functions.col;

import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;

/**
 * Validation results as Delta tables: {@code ballast.model_metrics} (model version x dataset x
 * slice x metric; a rerun replaces the version's {@code test} rows) and {@code
 * ballast.model_validations} (one row per gate of each validation, appended: the decision log that
 * {@code model promote} reads).
 */
public final class ValidationStore {
  public static final String TEST = "test";

  /** Which version was validated, on which window, against which champion. */
  public record Key(
      String validationId,
      String pipeline,
      String model,
      String version,
      Optional<String> championVersion,
      String windowFrom,
      String windowTo,
      String user,
      Timestamp at) {}

  /** The latest validation of a version, as read back. */
  public record Decision(
      String validationId,
      Optional<String> championVersion,
      boolean passed,
      List<String> failures,
      Timestamp at) {}

  private final LakehouseTables tables;

  public ValidationStore(LakehouseTables tables) {
    this.tables = tables;
  }

  /** Writes the metrics (replacing the version's test rows) and appends the gate rows. */
  public void write(Key k, ModelValidation.Report r) {
    List<Row> metrics = new ArrayList<>();
    for (SliceMetrics s : r.metrics()) {
      Map<String, Double> all = new LinkedHashMap<>(s.values());
      s.counts().forEach(all::put);
      all.forEach((m, v) -> metrics.add(metricRow(k, s.slice(), s.sliceValue(), m, v)));
    }
    r.fairness().forEach((f, v) -> metrics.add(metricRow(k, "fairness", "protected - rest", f, v)));
    String predicate =
        String.format(
            "model_name = '%s' AND model_version = '%s' AND dataset = '%s'",
            k.model().replace("'", "''"), k.version(), TEST);
    tables
        .spark()
        .createDataFrame(metrics, BallastTable.MODEL_METRICS.requireSchema())
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", predicate)
        .option("userMetadata", "{\"writer\":\"ballast model validate\"}")
        .save(tables.lakehouse().tablePath(BallastTable.MODEL_METRICS.name()));

    String outcome = r.passed() ? "passed" : "failed";
    List<Row> gates = new ArrayList<>();
    List<GateResult> rs =
        r.gates().isEmpty()
            ? List.of(new GateResult("none", null, null, null, null, true, "no gates declared"))
            : r.gates();
    for (GateResult g : rs) {
      gates.add(
          RowFactory.create(
              k.validationId(),
              k.pipeline(),
              k.model(),
              k.version(),
              k.championVersion().orElse(null),
              k.windowFrom(),
              k.windowTo(),
              g.gate(),
              g.metric(),
              g.slice(),
              g.value(),
              g.bound(),
              g.passed(),
              g.detail(),
              outcome,
              k.user(),
              k.at()));
    }
    tables.append(
        tables.spark().createDataFrame(gates, BallastTable.MODEL_VALIDATIONS.requireSchema()),
        BallastTable.MODEL_VALIDATIONS.name());
  }

  private static Row metricRow(Key k, String slice, String value, String metric, Double v) {
    return RowFactory.create(
        k.model(),
        k.version(),
        TEST,
        null,
        k.windowFrom(),
        k.windowTo(),
        slice,
        value,
        metric,
        v,
        k.at());
  }

  /** The latest validation of a version, if any. */
  public Optional<Decision> latest(String model, String version) {
    if (!tables.exists(BallastTable.MODEL_VALIDATIONS.name())) {
      return Optional.empty();
    }
    Dataset<Row> v =
        tables
            .read(BallastTable.MODEL_VALIDATIONS.name())
            .where(col("model_name").equalTo(model).and(col("model_version").equalTo(version)));
    List<Row> last =
        v.orderBy(col("decided_at").desc()).select("validation_id").limit(1).collectAsList();
    if (last.isEmpty()) {
      return Optional.empty();
    }
    String id = last.get(0).getString(0);
    List<Row> gates = v.where(col("validation_id").equalTo(id)).collectAsList();
    List<String> failures = new ArrayList<>();
    boolean passed = true;
    Timestamp at = null;
    String champion = null;
    for (Row g : gates) {
      at = g.getTimestamp(g.fieldIndex("decided_at"));
      champion = g.getString(g.fieldIndex("champion_version"));
      if (!g.getBoolean(g.fieldIndex("passed"))) {
        passed = false;
        failures.add(
            g.getString(g.fieldIndex("gate"))
                + " "
                + g.getString(g.fieldIndex("metric"))
                + ": "
                + g.getString(g.fieldIndex("detail")));
      }
    }
    return Optional.of(new Decision(id, Optional.ofNullable(champion), passed, failures, at));
  }
}
