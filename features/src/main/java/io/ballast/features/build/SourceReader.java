package io.ballast.features.build;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_timestamp;

import io.ballast.features.LakehouseErrors;
import io.ballast.features.config.Source;
import io.ballast.features.lakehouse.Lakehouse;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads a declared source for a range of days, pruning partitions when the source has a daily
 * partition column and filtering on event time otherwise.
 */
public final class SourceReader {
  private final LakehouseTables tables;

  public SourceReader(LakehouseTables tables) {
    this.tables = tables;
  }

  /** All rows of the source, unfiltered, with the columns the definition derives from each row. */
  public Dataset<Row> readAll(Source s) {
    return DerivedColumns.add(readRaw(s), s.derived());
  }

  /** All rows of the source as stored, without derived columns. */
  public Dataset<Row> readRaw(Source s) {
    if (s.format().equals("table")) {
      String name = s.table().orElseThrow();
      String prefix = Lakehouse.CATALOG + ".";
      if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        return tables.read(name.substring(prefix.length()));
      }
      if (!tables.spark().catalog().tableExists(name)) {
        throw LakehouseErrors.tableNotFound(name, tables.list());
      }
      return tables.spark().table(name);
    }
    return tables
        .spark()
        .read()
        .format(s.format())
        .options(s.options())
        .load(s.path().orElseThrow());
  }

  /**
   * Rows whose day (by partition column, or by {@code dayColumn}'s date) falls in {@code from..to}.
   *
   * @param dayColumn the time column whose date selects rows when the source is not partitioned
   */
  public Dataset<Row> read(Source s, String dayColumn, LocalDate from, LocalDate to) {
    Dataset<Row> all = readAll(s);
    if (s.partitionColumn().isPresent()) {
      String p = s.partitionColumn().get();
      return all.where(col(p).geq(from.toString()).and(col(p).leq(to.toString())));
    }
    return all.where(
        col(dayColumn)
            .geq(to_timestamp(lit(from.toString())))
            .and(col(dayColumn).lt(to_timestamp(lit(to.plusDays(1).toString())))));
  }

  /**
   * The days (partition values) present in a partitioned source up to {@code to}, sorted: one small
   * aggregate over the partition column (Delta answers it from file metadata).
   */
  public List<LocalDate> days(Source s, LocalDate to) {
    String p = s.partitionColumn().orElseThrow();
    return readAll(s)
        .where(col(p).leq(to.toString()))
        .select(col(p))
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> LocalDate.parse(r.getString(0)))
        .sorted()
        .toList();
  }
}
