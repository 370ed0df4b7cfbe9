package io.ballast.features.onboard;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import io.ballast.features.BallastException;
import io.ballast.features.OnboardErrors;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.Lakehouse;
import io.ballast.features.lakehouse.LakehouseTables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * {@code ballast source add}: a user's table (a Delta or Parquet folder, a CSV file or folder, a
 * catalog table, a JDBC table) copied into the lakehouse as {@code ballast.<name>}, partitioned by
 * day ({@code ds}, the day of the event time or of {@code --partition-by}), its event time a
 * timestamp. Everything is checked before the write (one aggregate: rows, days, unparseable and
 * missing times); nothing is written when a check fails or on a dry run.
 *
 * <p>Always a copy, never a reference in place: the {@code ballast} catalog is the lakehouse
 * folder, so only a table in it is {@code ballast.<name>} for {@code sql}, {@code tables},
 * notebooks and JDBC; every stage reads a source a day at a time, which a copy partitioned by day
 * prunes whatever the origin's layout; Parquet, CSV and JDBC have no transaction log, and the Delta
 * copy gives each load a version to time-travel to. A Delta table that is already partitioned by
 * day can instead be declared in place in the definition ({@code path:}, {@code format: delta},
 * {@code partition_column:}).
 */
public final class SourceIngest {
  /** The day partition column of an ingested source. */
  public static final String DAY = "ds";

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final int SAMPLE_ROWS = 5;

  /**
   * @param format the origin's format when its path does not tell (delta, parquet, csv)
   * @param partitionBy the column whose day partitions the copy (default: the event time)
   * @param jdbcPassword never printed: {@link #toString()} masks it
   */
  public record Params(
      String name,
      String from,
      Optional<String> format,
      String eventTime,
      Optional<String> partitionBy,
      Optional<String> jdbcTable,
      Optional<String> jdbcUser,
      Optional<String> jdbcPassword,
      boolean replace,
      boolean dryRun) {
    @Override
    public String toString() {
      return "Params[name=%s, from=%s, format=%s, eventTime=%s, partitionBy=%s, jdbcTable=%s,"
              .formatted(
                  name,
                  new SourceOrigin("", from).redacted(),
                  format.orElse("(detect)"),
                  eventTime,
                  partitionBy.orElse(eventTime),
                  jdbcTable.orElse("-"))
          + " password=%s, replace=%s, dryRun=%s]"
              .formatted(jdbcPassword.isPresent() ? "***" : "-", replace, dryRun);
    }
  }

  /**
   * What was (or, on a dry run, would be) ingested.
   *
   * @param schema each column as {@code name type}, as written
   * @param sample the first rows, each as its values in column order
   * @param version the Delta version written; -1 on a dry run
   */
  public record Result(
      String name,
      String origin,
      String format,
      String eventTime,
      String partitionBy,
      List<String> schema,
      long rows,
      LocalDate first,
      LocalDate last,
      long days,
      List<String> columns,
      List<List<String>> sample,
      long version) {

    /** The source's entry in a definition's {@code sources:} section. */
    public String declaration() {
      return name
          + ": {table: "
          + Lakehouse.qualified(name)
          + ", event_time: "
          + eventTime
          + ", partition_column: "
          + DAY
          + "}";
    }
  }

  private SourceIngest() {}

  public static Result run(LakehouseTables tables, Params p) {
    SparkSession spark = tables.spark();
    checkName(p.name());
    if (!p.replace() && !p.dryRun() && tables.exists(p.name())) {
      throw OnboardErrors.sourceExists(p.name());
    }
    SourceOrigin origin = origin(spark, p);
    spark.sparkContext().setJobDescription("source add " + p.name() + ": read " + origin.format());
    Dataset<Row> raw = read(spark, origin, p);
    List<String> columns = Arrays.asList(raw.columns());
    String partitionBy = p.partitionBy().orElse(p.eventTime());
    Column eventTime = time(raw, p.name(), "--event-time", p.eventTime());
    Column day =
        partitionBy.equals(p.eventTime())
            ? eventTime
            : time(raw, p.name(), "--partition-by", partitionBy);
    if (columns.contains(DAY) && !partitionBy.equals(DAY)) {
      throw OnboardErrors.dsTaken(p.name(), partitionBy);
    }

    // the copy: every column as it is but the event time (a timestamp) and ds (a day)
    List<Column> out = new ArrayList<>();
    for (String c : columns) {
      if (c.equals(DAY)) {
        continue;
      } else if (c.equals(p.eventTime())) {
        out.add(eventTime.as(c));
      } else {
        out.add(col(quote(c)));
      }
    }
    out.add(date_format(day, "yyyy-MM-dd").as(DAY));
    Dataset<Row> copy = raw.select(out.toArray(new Column[0]));

    spark.sparkContext().setJobDescription("source add " + p.name() + ": profile");
    Row stats = stats(raw, p.eventTime(), eventTime, partitionBy, day).first();
    check(p, origin, stats, partitionBy);
    List<List<String>> sample = new ArrayList<>();
    for (Row r : copy.limit(SAMPLE_ROWS).collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        values.add(r.isNullAt(i) ? "null" : String.valueOf(r.get(i)));
      }
      sample.add(values);
    }
    long version = -1;
    if (!p.dryRun()) {
      spark.sparkContext().setJobDescription("source add " + p.name() + ": write");
      tables.overwrite(
          copy,
          p.name(),
          "ballast source add: from "
              + origin.redacted()
              + " ("
              + origin.format()
              + "), event time "
              + p.eventTime()
              + ", partitioned by the day of "
              + partitionBy,
          DAY);
      version = tables.describe(p.name()).version();
    }
    spark.sparkContext().setJobDescription(null);
    List<String> schema = new ArrayList<>();
    for (StructField f : copy.schema().fields()) {
      schema.add(f.name() + " " + f.dataType().simpleString());
    }
    return new Result(
        p.name(),
        origin.redacted(),
        origin.format(),
        p.eventTime(),
        partitionBy,
        schema,
        stats.getLong(0),
        LocalDate.parse(stats.getString(1)),
        LocalDate.parse(stats.getString(2)),
        stats.getLong(3),
        List.of(copy.columns()),
        sample,
        version);
  }

  static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw OnboardErrors.badSourceName(name, "not a table name");
    }
    if (BallastTable.named(name).filter(t -> t.kind() != BallastTable.Kind.SOURCE).isPresent()
        || name.endsWith(BallastTable.PREDICTIONS_SUFFIX)
        || name.endsWith("_quarantine")
        || name.endsWith("_training_set")) {
      throw OnboardErrors.badSourceName(name, "Ballast writes a table of that name itself");
    }
  }

  private static SourceOrigin origin(SparkSession spark, Params p) {
    SourceOrigin.PathFacts facts = SourceOrigin.PathFacts.NONE;
    boolean table = false;
    if (!p.from().toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:")) {
      facts = facts(spark, p.from());
      table =
          !facts.exists()
              && SourceOrigin.isTableName(p.from())
              && spark.catalog().tableExists(p.from());
    }
    SourceOrigin o =
        SourceOrigin.decide(p.from(), p.format(), facts, table)
            .orElseThrow(() -> OnboardErrors.unknownFormat(p.name(), p.from()));
    if (o.format().equals("missing")) {
      throw OnboardErrors.originNotFound(p.name(), p.from());
    }
    if (o.format().equals("jdbc")) {
      try {
        java.sql.DriverManager.getDriver(o.location());
      } catch (java.sql.SQLException e) {
        throw OnboardErrors.noJdbcDriver(p.name(), o.redacted());
      }
      if (p.jdbcTable().isEmpty()) {
        throw OnboardErrors.jdbcTableMissing(p.name());
      }
    }
    return o;
  }

  /**
   * Whether a path exists, holds a Delta log, CSV or Parquet files (one listing, not recursive).
   */
  private static SourceOrigin.PathFacts facts(SparkSession spark, String from) {
    try {
      Path path = new Path(from);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        return SourceOrigin.PathFacts.NONE;
      }
      FileStatus st = fs.getFileStatus(path);
      if (!st.isDirectory()) {
        String n = path.getName().toLowerCase(java.util.Locale.ROOT);
        return new SourceOrigin.PathFacts(
            true, false, n.endsWith(".csv") || n.endsWith(".csv.gz"), n.endsWith(".parquet"));
      }
      boolean csv = false;
      boolean parquet = false;
      for (FileStatus f : fs.listStatus(path)) {
        String n = f.getPath().getName().toLowerCase(java.util.Locale.ROOT);
        csv |= n.endsWith(".csv") || n.endsWith(".csv.gz");
        parquet |= n.endsWith(".parquet");
      }
      return new SourceOrigin.PathFacts(
          true, fs.exists(new Path(path, "_delta_log")), csv, parquet);
    } catch (IOException | IllegalArgumentException e) {
      return SourceOrigin.PathFacts.NONE; // not a path: perhaps a table name
    }
  }

  private static Dataset<Row> read(SparkSession spark, SourceOrigin o, Params p) {
    try {
      DataFrameReader r = spark.read();
      return switch (o.format()) {
        case "table" -> spark.table(o.location());
        case "csv" -> r.option("header", "true").option("inferSchema", "true").csv(o.location());
        case "jdbc" -> {
          r = r.format("jdbc").option("url", o.location()).option("dbtable", p.jdbcTable().get());
          if (p.jdbcUser().isPresent()) {
            r = r.option("user", p.jdbcUser().get());
          }
          if (p.jdbcPassword().isPresent()) {
            r = r.option("password", p.jdbcPassword().get());
          }
          yield r.load();
        }
        default -> r.format(o.format()).load(o.location());
      };
    } catch (Exception e) {
      if (e instanceof BallastException) {
        throw e;
      }
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      int nl = msg.indexOf('\n');
      String first = (nl < 0 ? msg : msg.substring(0, nl)).trim();
      if (p.jdbcPassword().isPresent()) {
        first = first.replace(p.jdbcPassword().get(), "***");
      }
      if (e instanceof AnalysisException || e instanceof org.apache.spark.SparkException) {
        throw OnboardErrors.originUnreadable(p.name(), o.redacted(), first);
      }
      if (e instanceof java.sql.SQLException || e.getCause() instanceof java.sql.SQLException) {
        throw OnboardErrors.originUnreadable(p.name(), o.redacted(), first);
      }
      throw e;
    }
  }

  /**
   * {@code column} as a timestamp: as it is, a date at midnight, or a string parsed as a timestamp
   * (values that do not parse are counted by {@link #stats}); refused for any other type.
   */
  private static Column time(Dataset<Row> raw, String name, String option, String column) {
    if (!Arrays.asList(raw.columns()).contains(column)) {
      throw OnboardErrors.columnMissing(name, option, column, Arrays.asList(raw.columns()));
    }
    DataType type = raw.schema().apply(column).dataType();
    Column c = col(quote(column));
    if (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.TimestampNTZType)) {
      return c;
    }
    if (type.equals(DataTypes.DateType)) {
      return c.cast(DataTypes.TimestampType);
    }
    if (type.equals(DataTypes.StringType)) {
      return to_timestamp(c);
    }
    throw OnboardErrors.notATime(
        name,
        option,
        column,
        type.simpleString(),
        "Name a timestamp, date or yyyy-MM-dd HH:mm:ss string column, or convert it at the origin"
            + " (numbers of seconds since 1970: timestamp_seconds("
            + column
            + "))");
  }

  /**
   * One aggregate: rows, first and last day, days, and per time column its values that are null or
   * do not parse, with an example.
   */
  private static Dataset<Row> stats(
      Dataset<Row> raw, String eventTime, Column event, String partitionBy, Column day) {
    Column rawEvent = col(quote(eventTime));
    Column rawDay = col(quote(partitionBy));
    Column d = date_format(day, "yyyy-MM-dd");
    return raw.agg(
        count(lit(1)),
        min(d),
        max(d),
        count_distinct(d),
        sum(when(rawEvent.isNotNull().and(event.isNull()), 1).otherwise(0)),
        min(when(rawEvent.isNotNull().and(event.isNull()), rawEvent.cast("string"))),
        sum(when(rawEvent.isNull(), 1).otherwise(0)),
        sum(when(rawDay.isNotNull().and(day.isNull()), 1).otherwise(0)),
        min(when(rawDay.isNotNull().and(day.isNull()), rawDay.cast("string"))),
        sum(when(rawDay.isNull(), 1).otherwise(0)));
  }

  private static void check(Params p, SourceOrigin o, Row s, String partitionBy) {
    if (s.getLong(0) == 0) {
      throw OnboardErrors.emptyOrigin(p.name(), o.redacted());
    }
    if (s.getLong(4) > 0) {
      throw OnboardErrors.badTimes(
          p.name(), "--event-time", p.eventTime(), s.getLong(4), s.getString(5));
    }
    if (s.getLong(6) > 0) {
      throw OnboardErrors.missingTimes(p.name(), p.eventTime(), s.getLong(6));
    }
    if (s.getLong(7) > 0) {
      throw OnboardErrors.badTimes(
          p.name(), "--partition-by", partitionBy, s.getLong(7), s.getString(8));
    }
    if (s.getLong(9) > 0) {
      throw OnboardErrors.missingTimes(p.name(), partitionBy, s.getLong(9));
    }
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
