package io.ballast.validation.quality;

import static org.apache.spark.sql.functions.col;

import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;

/**
 * Where quality runs keep what they find: {@code quality_results} and {@code quality_metrics}
 * (Delta, partitioned by table name; each write replaces exactly the (table, partitions) it
 * covers), and Deequ's analyzer states per partition under {@code <root>/quality_states/}.
 */
public final class QualityStore {

  private final LakehouseTables tables;

  public QualityStore(LakehouseTables tables) {
    this.tables = tables;
  }

  /** Replaces the results of {@code table} for days {@code from..to} in one commit. */
  public void writeResults(
      String runId,
      String table,
      long version,
      LocalDate from,
      LocalDate to,
      List<CheckOutcome> rows) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> out = new ArrayList<>();
    for (CheckOutcome o : rows) {
      out.add(
          RowFactory.create(
              runId,
              table,
              o.partition(),
              version,
              o.checkName(),
              o.checkType(),
              o.constraint(),
              o.severity().key(),
              o.status().key(),
              o.message(),
              o.value().orElse(null),
              now));
    }
    replace(
        tables.spark().createDataFrame(out, BallastTable.QUALITY_RESULTS.requireSchema()),
        BallastTable.QUALITY_RESULTS.name(),
        table,
        from,
        to,
        runId);
  }

  /** Replaces the metric history of {@code table} for days {@code from..to} in one commit. */
  public void writeMetrics(
      String runId,
      String table,
      long version,
      LocalDate from,
      LocalDate to,
      Map<LocalDate, Map<MetricSpec, MetricValue>> metrics) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> out = new ArrayList<>();
    metrics.forEach(
        (day, m) ->
            m.forEach(
                (spec, v) ->
                    v.value()
                        .ifPresent(
                            x ->
                                out.add(
                                    RowFactory.create(
                                        runId,
                                        table,
                                        day.toString(),
                                        version,
                                        spec.metricName(),
                                        spec.instance(),
                                        x,
                                        now)))));
    replace(
        tables.spark().createDataFrame(out, BallastTable.QUALITY_METRICS.requireSchema()),
        BallastTable.QUALITY_METRICS.name(),
        table,
        from,
        to,
        runId);
  }

  private void replace(
      Dataset<Row> df, String target, String table, LocalDate from, LocalDate to, String runId) {
    String where =
        String.format(
            "table_name = %s AND ds >= '%s' AND ds <= '%s'", QualityPlan.lit(table), from, to);
    df.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .partitionBy("table_name")
        .option("replaceWhere", where)
        .option("userMetadata", "ballast quality check run_id=" + runId)
        .save(tables.lakehouse().tablePath(target));
  }

  /** Metric history of {@code table} for days {@code from..to} (a small aggregate). */
  public MetricHistory history(String table, LocalDate from, LocalDate to) {
    MetricHistory h = new MetricHistory();
    if (!tables.exists(BallastTable.QUALITY_METRICS.name())) {
      return h;
    }
    List<Row> rows =
        tables
            .read(BallastTable.QUALITY_METRICS.name())
            .where(
                col("table_name")
                    .equalTo(table)
                    .and(col("ds").geq(from.toString()))
                    .and(col("ds").leq(to.toString())))
            .select("ds", "metric", "instance", "value")
            .collectAsList();
    for (Row r : rows) {
      h.put(r.getString(1), r.getString(2), LocalDate.parse(r.getString(0)), r.getDouble(3));
    }
    return h;
  }

  /** The folder of one partition's analyzer states. */
  public String stateDir(String table, LocalDate day) {
    return statesRoot(table) + "/ds=" + day;
  }

  /** The prefix Deequ's state files of one partition are written under. */
  public String statePrefix(String table, LocalDate day) {
    return stateDir(table, day) + "/state";
  }

  /** The saved uniqueness frequencies of every day for one key, partitioned by day. */
  public String frequenciesPath(String table, List<String> columns) {
    return statesRoot(table)
        + "/frequencies/"
        + String.join("__", columns).replaceAll("[^A-Za-z0-9_]", "_");
  }

  String statesRoot(String table) {
    return tables.lakehouse().root() + "/quality_states/" + table;
  }

  /** Removes a partition's states, so a rerun leaves exactly the states it wrote. */
  public void clearStates(String table, LocalDate day) {
    Path dir = new Path(stateDir(table, day));
    try {
      fs(dir).delete(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }

  /** The days that have saved states for {@code table}, within {@code from..to}, sorted. */
  public List<LocalDate> stateDays(String table, LocalDate from, LocalDate to) {
    Path root = new Path(statesRoot(table));
    List<LocalDate> out = new ArrayList<>();
    try {
      FileSystem fs = fs(root);
      if (!fs.exists(root)) {
        return out;
      }
      for (FileStatus st : fs.listStatus(root)) {
        String n = st.getPath().getName();
        if (st.isDirectory() && n.startsWith("ds=")) {
          LocalDate d = LocalDate.parse(n.substring(3));
          if (!d.isBefore(from) && !d.isAfter(to)) {
            out.add(d);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    out.sort(LocalDate::compareTo);
    return out;
  }

  private FileSystem fs(Path p) throws IOException {
    return p.getFileSystem(tables.spark().sessionState().newHadoopConf());
  }
}
