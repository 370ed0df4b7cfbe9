package io.ballast.jobs.cli;

import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The local runner's log, {@code ballast.pipeline_task_runs}: one row per task try. A task whose
 * latest try for a day succeeded is done; a resumed run skips it.
 */
final class TaskLog {

  private final LakehouseTables tables;

  TaskLog(LakehouseTables tables) {
    this.tables = tables;
  }

  void record(
      String runId,
      String pipeline,
      String graph,
      LocalDate ds,
      String task,
      String status,
      int exitCode,
      Instant started,
      double seconds,
      String message) {
    Row r =
        RowFactory.create(
            runId,
            pipeline,
            graph,
            ds.toString(),
            task,
            status,
            exitCode,
            Timestamp.from(started),
            seconds,
            message);
    tables.append(
        tables.spark().createDataFrame(List.of(r), BallastTable.PIPELINE_TASK_RUNS.requireSchema()),
        BallastTable.PIPELINE_TASK_RUNS.name());
  }

  /** Tasks whose latest try for the day succeeded. */
  Set<String> succeeded(String pipeline, String graph, LocalDate ds) {
    if (!tables.exists(BallastTable.PIPELINE_TASK_RUNS.name())) {
      return Set.of();
    }
    return tables
        .read(BallastTable.PIPELINE_TASK_RUNS.name())
        .where(
            String.format(
                "pipeline = '%s' AND graph = '%s' AND ds = '%s'",
                pipeline.replace("'", "''"), graph.replace("'", "''"), ds))
        .groupBy("task")
        .agg(org.apache.spark.sql.functions.expr("max_by(status, started_at) AS last"))
        .where("last = 'SUCCESS'")
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .collect(Collectors.toSet());
  }
}
