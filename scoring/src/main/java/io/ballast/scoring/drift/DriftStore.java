package io.ballast.scoring.drift;

import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ballast.drift} and {@code ballast.drift_summary}. A run replaces exactly the rows of its
 * (table, days) in each table, in one commit each (the two written side by side).
 */
public final class DriftStore {

  private static final Logger LOG = LoggerFactory.getLogger(DriftStore.class);

  private final LakehouseTables tables;

  public DriftStore(LakehouseTables tables) {
    this.tables = tables;
  }

  /**
   * Loads both tables' Delta snapshot state in the background, while the counting pass runs: a
   * commit needs it, and computing it (log reads and four small Spark jobs per table) was a third
   * of the writes' fixed cost. Nothing is written; a failure here is left for the write to report.
   * Join the returned threads before {@link #write}.
   */
  public List<Thread> prepare() {
    List<Thread> threads = new ArrayList<>();
    for (BallastTable target : List.of(BallastTable.DRIFT, BallastTable.DRIFT_SUMMARY)) {
      Thread t = new Thread(() -> load(target), "drift-snapshot-" + target.name());
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  private void load(BallastTable target) {
    try {
      if (!tables.exists(target.name())) {
        return;
      }
      String path = tables.lakehouse().tablePath(target.name());
      tables.spark().sparkContext().setJobDescription("drift: " + target.name() + " before write");
      // the snapshot's state: what the commit reads (files, sizes, protocol) and, without this,
      // computes in four small Spark jobs after the counting pass
      tables.spark().sql("DESCRIBE DETAIL delta.`" + path.replace("`", "``") + "`").collect();
    } catch (RuntimeException e) {
      LOG.debug("drift: could not load {} ahead of the write", target.name(), e);
    }
  }

  private static String where(String table, LocalDate from, LocalDate to) {
    return String.format(
        "table_name = '%s' AND ds >= '%s' AND ds <= '%s'", table.replace("'", "''"), from, to);
  }

  public void write(
      String table,
      LocalDate from,
      LocalDate to,
      BaselineProfile baseline,
      DriftCalculator.Output out) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>(out.rows().size());
    for (DriftRow r : out.rows()) {
      rows.add(
          RowFactory.create(
              r.table(),
              r.ds(),
              r.comparison(),
              r.slice(),
              r.sliceValue(),
              r.feature(),
              r.statistic(),
              r.value(),
              r.threshold(),
              r.drifted(),
              baseline.id(),
              baseline.modelName(),
              baseline.modelVersion(),
              now,
              r.reason()));
    }
    List<Row> summaries = new ArrayList<>();
    for (DriftSummary s : out.summaries()) {
      summaries.add(
          RowFactory.create(
              s.table(),
              s.ds(),
              s.comparison(),
              s.slice(),
              s.sliceValue(),
              s.features(),
              s.driftedFeatures(),
              s.driftedShare(),
              s.bound(),
              s.drifted(),
              now,
              baseline.id()));
    }
    String where = where(table, from, to);
    Dataset<Row> drift = tables.spark().createDataFrame(rows, BallastTable.DRIFT.requireSchema());
    Dataset<Row> summary =
        tables.spark().createDataFrame(summaries, BallastTable.DRIFT_SUMMARY.requireSchema());
    // the two commits side by side: each is mostly Delta's fixed cost (reading the log, finding
    // the replaced files, committing), which overlaps well
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    Thread second =
        new Thread(
            () -> {
              try {
                replace(summary, BallastTable.DRIFT_SUMMARY.name(), where, table);
              } catch (RuntimeException e) {
                failed.set(e);
              }
            },
            "drift-summary-write");
    second.start();
    try {
      replace(drift, BallastTable.DRIFT.name(), where, table);
    } finally {
      join(second);
    }
    if (failed.get() != null) {
      throw failed.get();
    }
  }

  static void join(List<Thread> threads) {
    threads.forEach(DriftStore::join);
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + t.getName(), e);
    }
  }

  private void replace(Dataset<Row> df, String name, String where, String table) {
    df.coalesce(1)
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", where)
        .option("userMetadata", "drift " + table)
        .save(tables.lakehouse().tablePath(name));
  }
}
