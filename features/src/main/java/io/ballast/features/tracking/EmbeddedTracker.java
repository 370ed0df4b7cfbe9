package io.ballast.features.tracking;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;

/** Runs, params and metrics as Delta tables in the lakehouse. */
public final class EmbeddedTracker implements Tracker {
  private final EmbeddedTables store;

  EmbeddedTracker(EmbeddedTables store) {
    this.store = store;
  }

  /** The tracker on {@code tables}' lakehouse. */
  public static EmbeddedTracker on(LakehouseTables tables) {
    return new EmbeddedTracker(new EmbeddedTables(tables));
  }

  @Override
  public String startRun(
      String experiment, String runName, long startMillis, Map<String, String> tags) {
    String id = UUID.randomUUID().toString().replace("-", "");
    store.append(
        BallastTable.RUNS.name(),
        BallastTable.RUNS.requireSchema(),
        List.of(
            RowFactory.create(
                id,
                experiment,
                runName,
                RunStatus.RUNNING.name(),
                new Timestamp(startMillis),
                null,
                null,
                JavaConverters.mapAsScalaMap(new java.util.HashMap<>(tags)))));
    return id;
  }

  @Override
  public void log(
      String runId, Map<String, String> params, List<Metric> metrics, Map<String, String> tags) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<Row> kv = new ArrayList<>();
    params.forEach((k, v) -> kv.add(RowFactory.create(runId, "param", k, v, now)));
    tags.forEach((k, v) -> kv.add(RowFactory.create(runId, "tag", k, v, now)));
    if (!kv.isEmpty()) {
      store.append(BallastTable.RUN_PARAMS.name(), BallastTable.RUN_PARAMS.requireSchema(), kv);
    }
    if (!metrics.isEmpty()) {
      List<Row> rows = new ArrayList<>();
      for (Metric m : metrics) {
        rows.add(
            RowFactory.create(
                runId, m.key(), m.value(), m.step(), new Timestamp(m.timestampMillis())));
      }
      store.append(BallastTable.RUN_METRICS.name(), BallastTable.RUN_METRICS.requireSchema(), rows);
    }
  }

  @Override
  public void endRun(String runId, RunStatus status, long endMillis, String error) {
    Column errorValue = error == null ? lit(null).cast("string") : lit(error);
    EmbeddedTables.retrying(
        () ->
            DeltaTable.forPath(store.tables().spark(), store.path(BallastTable.RUNS.name()))
                .update(
                    col("run_id").equalTo(runId),
                    Map.of(
                        "status", lit(status.name()),
                        "end_time", lit(new Timestamp(endMillis)),
                        "error", errorValue)));
  }
}
