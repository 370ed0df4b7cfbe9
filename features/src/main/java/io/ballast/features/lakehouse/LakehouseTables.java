package io.ballast.features.lakehouse;

import io.ballast.features.BallastException;
import io.ballast.features.LakehouseErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Reads and writes the lakehouse's Delta tables. Every write is one Delta commit; partitioned
 * writes replace exactly the partitions they cover ({@code replaceWhere}), so a rerun replaces and
 * never appends.
 */
public final class LakehouseTables {
  private final SparkSession spark;
  private final Lakehouse lakehouse;

  public LakehouseTables(SparkSession spark, Lakehouse lakehouse) {
    this.spark = spark;
    this.lakehouse = lakehouse;
  }

  public Lakehouse lakehouse() {
    return lakehouse;
  }

  public SparkSession spark() {
    return spark;
  }

  /**
   * Checks that the lakehouse root can be reached and written, creating its tables folder. Maps
   * credential and connection failures to user errors before any Spark job runs.
   *
   * <p>Only {@code mkdirs} is used: on S3 it probes the path with HEAD and LIST requests (so bad
   * credentials fail here) and writes a directory marker when the folder is new. A following {@code
   * getFileStatus} of the new, empty folder would add nothing on AWS, and it fails on S3 servers
   * whose listings leave out directory markers (s3proxy's filesystem backend).
   */
  public void checkReachable() {
    Path tables = new Path(lakehouse.tablesRoot());
    try {
      FileSystem fs = tables.getFileSystem(spark.sessionState().newHadoopConf());
      if (!fs.mkdirs(tables)) {
        throw new IOException("cannot create folder " + tables);
      }
    } catch (IOException | RuntimeException e) {
      throw storageFailure(lakehouse.root(), e);
    }
  }

  /**
   * The user error for a failure to reach the lakehouse's storage: missing or refused credentials,
   * access denied to a path (each named, with what to set or grant: {@link StorageRefusal}), or
   * else an unreachable store. The message never holds credential values (S3A and the AWS SDK do
   * not put them in exception messages).
   */
  public static BallastException storageFailure(String root, Throwable e) {
    return StorageRefusal.of(e, root)
        .map(r -> LakehouseErrors.storageRefused("open lakehouse " + root, root, r, "", e))
        .orElseGet(() -> LakehouseErrors.lakehouseUnreachable(root, e));
  }

  public boolean exists(String table) {
    try {
      Path log = new Path(lakehouse.tablePath(table), "_delta_log");
      return log.getFileSystem(spark.sessionState().newHadoopConf()).exists(log);
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw storageFailure(lakehouse.root(), e);
    }
  }

  public List<String> list() {
    try {
      Path root = new Path(lakehouse.tablesRoot());
      return LakehouseCatalog.tableNames(
          root.getFileSystem(spark.sessionState().newHadoopConf()), root);
    } catch (IOException e) {
      throw storageFailure(lakehouse.root(), e);
    }
  }

  public Dataset<Row> read(String table) {
    if (!exists(table)) {
      throw LakehouseErrors.tableNotFound(Lakehouse.qualified(table), list());
    }
    return spark.read().format("delta").load(lakehouse.tablePath(table));
  }

  /** Appends rows in one commit (logs such as task runs; never data a rerun must replace). */
  public void append(Dataset<Row> df, String table) {
    df.write().format("delta").mode(SaveMode.Append).save(lakehouse.tablePath(table));
  }

  /** Appends rows in one commit, adding the columns the table does not have yet. */
  public void appendMergingSchema(Dataset<Row> df, String table) {
    df.write()
        .format("delta")
        .mode(SaveMode.Append)
        .option("mergeSchema", "true")
        .save(lakehouse.tablePath(table));
  }

  /** Replaces the whole table in one commit, partitioned by {@code partitionColumn}. */
  public void overwrite(Dataset<Row> df, String table, String commitNote, String partitionColumn) {
    df.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("overwriteSchema", "true")
        .option("userMetadata", commitNote)
        .partitionBy(partitionColumn)
        .save(lakehouse.tablePath(table));
  }

  /** Replaces the whole table in one commit (small dimension and bookkeeping tables). */
  public void overwrite(Dataset<Row> df, String table, String commitNote) {
    df.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("overwriteSchema", "true")
        .option("userMetadata", commitNote)
        .save(lakehouse.tablePath(table));
  }

  /**
   * Replaces partitions {@code from..to} of a table partitioned by {@code partitionColumn} (a
   * yyyy-MM-dd string) in one atomic commit; creates the table on first write.
   */
  public void replacePartitions(
      Dataset<Row> df,
      String table,
      String partitionColumn,
      LocalDate from,
      LocalDate to,
      String commitNote) {
    String predicate =
        String.format("%s >= '%s' AND %s <= '%s'", partitionColumn, from, partitionColumn, to);
    df.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .partitionBy(partitionColumn)
        .option("replaceWhere", predicate)
        .option("userMetadata", commitNote)
        .save(lakehouse.tablePath(table));
  }

  /**
   * Replaces exactly the rows matching {@code predicate} (partition and data columns, e.g. {@code
   * ds BETWEEN .. AND model_name = 'm'}) in one atomic commit; every written row must match it.
   * Creates the table, partitioned by {@code partitionColumn}, on first write.
   */
  public void replaceWhere(
      Dataset<Row> df, String table, String partitionColumn, String predicate, String commitNote) {
    replaceWhere(df, table, partitionColumn, predicate, commitNote, false);
  }

  /**
   * As {@link #replaceWhere(Dataset, String, String, String, String)}; with {@code addColumns} the
   * rows may carry columns the table lacks, which the commit adds to its schema (Delta's {@code
   * mergeSchema}: new nullable columns, existing rows read them as null). Columns the rows lack are
   * written as null either way.
   */
  public void replaceWhere(
      Dataset<Row> df,
      String table,
      String partitionColumn,
      String predicate,
      String commitNote,
      boolean addColumns) {
    var w =
        df.write()
            .format("delta")
            .mode(SaveMode.Overwrite)
            .partitionBy(partitionColumn)
            .option("replaceWhere", predicate)
            .option("userMetadata", commitNote);
    if (addColumns) {
      w = w.option("mergeSchema", "true");
    }
    w.save(lakehouse.tablePath(table));
  }

  /** Name, current version, rows and last write of every table, from Delta metadata. */
  public List<TableInfo> describeAll() {
    List<TableInfo> out = new ArrayList<>();
    for (String t : list()) {
      out.add(describe(t));
    }
    return out;
  }

  public TableInfo describe(String table) {
    String path = lakehouse.tablePath(table);
    Row last =
        io.delta.tables.DeltaTable.forPath(spark, path)
            .history(1)
            .select("version", "timestamp", "operation")
            .first();
    Row detail =
        spark
            .sql("DESCRIBE DETAIL delta.`" + path.replace("`", "``") + "`")
            .select("partitionColumns", "numFiles", "sizeInBytes", "description")
            .first();
    // Answered from the Delta log's per-file statistics (numRecords), not a scan:
    // spark.databricks.delta.optimizeMetadataOnlyQueries.enabled is on in every Ballast session.
    long rows = spark.read().format("delta").load(path).count();
    TableDocs.Doc doc = TableDocs.of(table);
    return new TableInfo(
        table,
        last.getLong(0),
        rows,
        last.getTimestamp(1).toInstant(),
        last.getString(2),
        detail.getList(0).stream().map(Object::toString).toList(),
        detail.getLong(1),
        detail.getLong(2),
        doc.kind().key(),
        detail.isNullAt(3) ? doc.description() : detail.getString(3));
  }
}
