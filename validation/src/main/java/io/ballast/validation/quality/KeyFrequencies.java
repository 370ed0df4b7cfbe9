package io.ballast.validation.quality;

import static io.ballast.validation.quality.DeequAdapter.DAY_COLUMN;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Deequ's uniqueness metric from key frequencies, in plain Spark: each day's from one grouping by
 * (day, key) for every day of a range, the frequencies saved as a Delta table partitioned by {@link
 * DeequAdapter#DAY_COLUMN}; whole-table uniqueness merged from the saved frequencies without
 * reading the data, as Deequ merges frequency states.
 */
public final class KeyFrequencies {
  /** The frequency column of saved frequencies. */
  private static final String COUNT = "count";

  private static final MetricValue EMPTY_UNIQUENESS =
      MetricValue.failed("Empty state for analyzer Uniqueness, all input values were NULL.");

  private KeyFrequencies() {}

  /**
   * Deequ's uniqueness (rows whose key occurs once, over rows with a non-null key column) of every
   * day, from one grouping by (day, key); the frequencies are saved when {@code path} is given.
   */
  static Map<LocalDate, MetricValue> uniquenessByDay(
      Dataset<Row> range,
      String partitionColumn,
      List<String> columns,
      List<LocalDate> days,
      Optional<String> path) {
    Column anyKey = functions.lit(false);
    List<Column> group = new ArrayList<>();
    group.add(functions.col(partitionColumn).cast("string").as(DAY_COLUMN));
    for (String c : columns) {
      anyKey = anyKey.or(functions.col(c).isNotNull());
      group.add(functions.col(c));
    }
    Dataset<Row> frequencies =
        range
            .where(anyKey)
            .groupBy(group.toArray(Column[]::new))
            .agg(functions.count(functions.lit(1)).as(COUNT));
    if (path.isPresent()) { // written, then aggregated: computed once
      frequencies = frequencies.persist(StorageLevel.MEMORY_AND_DISK());
    }
    try {
      if (path.isPresent()) {
        // A Delta table: files land where they stay (no renames, which object stores copy), and
        // replacing the range's days is one commit.
        frequencies
            .write()
            .format("delta")
            .mode("overwrite")
            .option(
                "replaceWhere",
                DAY_COLUMN
                    + " >= '"
                    + days.get(0)
                    + "' AND "
                    + DAY_COLUMN
                    + " <= '"
                    + days.get(days.size() - 1)
                    + "'")
            .partitionBy(DAY_COLUMN)
            .save(path.get());
      }
      Map<String, Row> byDay = new LinkedHashMap<>();
      for (Row r :
          frequencies.groupBy(DAY_COLUMN).agg(uniqueRows(), functions.sum(COUNT)).collectAsList()) {
        byDay.put(r.getString(0), r);
      }
      Map<LocalDate, MetricValue> out = new LinkedHashMap<>();
      for (LocalDate d : days) {
        Row r = byDay.get(d.toString());
        out.put(d, r == null ? EMPTY_UNIQUENESS : uniqueness(r.getLong(1), r.getLong(2)));
      }
      return out;
    } finally {
      frequencies.unpersist();
    }
  }

  /**
   * Whole-table uniqueness of {@code days} from their saved frequencies (one aggregation; no data
   * is read): a key's counts are summed across days, as Deequ merges frequency states.
   */
  public static MetricValue mergeUniqueness(
      SparkSession spark, String path, List<String> columns, List<LocalDate> days) {
    Dataset<Row> saved;
    try {
      saved = spark.read().format("delta").load(path);
    } catch (Exception e) { // AnalysisException (no table there): undeclared by Scala
      return MetricValue.failed("no saved frequencies under " + path);
    }
    Column[] keys = columns.stream().map(functions::col).toArray(Column[]::new);
    Dataset<Row> merged =
        saved
            .where(
                functions
                    .col(DAY_COLUMN)
                    .cast("string")
                    .isin(days.stream().map(LocalDate::toString).toArray()))
            .groupBy(keys)
            .agg(functions.sum(COUNT).as(COUNT));
    Row r = merged.agg(uniqueRows(), functions.sum(COUNT)).first();
    return r.isNullAt(1) ? EMPTY_UNIQUENESS : uniqueness(r.getLong(0), r.getLong(1));
  }

  /** Rows whose key occurs once: the sum of frequencies equal to 1. */
  private static Column uniqueRows() {
    return functions.sum(functions.when(functions.col(COUNT).equalTo(1), 1L).otherwise(0L));
  }

  private static MetricValue uniqueness(long uniqueRows, long rows) {
    return rows == 0 ? EMPTY_UNIQUENESS : MetricValue.of((double) uniqueRows / rows);
  }
}
