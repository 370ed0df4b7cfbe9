package io.ballast.features.onboard;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.ballast.features.OnboardErrors;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Measures a table for {@code ballast init}: the named columns checked from the schema first (all
 * at once: present, a timestamp event time), then one aggregate (rows, days, per column its values
 * and approximate distinct values, the label's positives and values other than 0/1) and one count
 * per day.
 */
public final class TableProfiler {
  private TableProfiler() {}

  public static TableProfile profile(
      Dataset<Row> df,
      String table,
      Optional<String> partitionColumn,
      String entity,
      String eventTime,
      String label) {
    List<String> names = Arrays.asList(df.columns());
    for (String[] named :
        List.of(
            new String[] {"--entity", entity},
            new String[] {"--event-time", eventTime},
            new String[] {"--label", label})) {
      if (!names.contains(named[1])) {
        throw OnboardErrors.draftColumn(table, named[0], named[1], "is not a column", names);
      }
    }
    DataType time = df.schema().apply(eventTime).dataType();
    if (!time.equals(DataTypes.TimestampType) && !time.equals(DataTypes.TimestampNTZType)) {
      throw OnboardErrors.draftColumn(
          table,
          "--event-time",
          eventTime,
          "is " + time.simpleString() + ", not a timestamp (ballast source add converts it)",
          names);
    }
    Column lbl = col(quote(label)).cast("double");
    Column notBinary =
        col(quote(label)).isNotNull().and(lbl.isNull().or(lbl.isin(0.0, 1.0).unary_$bang()));
    Column day = to_date(col(quote(eventTime)));
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)));
    aggs.add(min(day).cast("string"));
    aggs.add(max(day).cast("string"));
    aggs.add(sum(when(lbl.equalTo(1.0), 1).otherwise(0)));
    aggs.add(sum(when(notBinary, 1).otherwise(0)));
    aggs.add(min(when(notBinary, col(quote(label)).cast("string"))));
    for (String c : names) {
      aggs.add(count(col(quote(c))));
      aggs.add(approx_count_distinct(col(quote(c)), 0.02));
    }
    df.sparkSession().sparkContext().setJobDescription("init " + table + ": profile");
    Row r = df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
    if (r.getLong(0) == 0 || r.isNullAt(1)) {
      throw OnboardErrors.draftEmpty(table);
    }
    if (r.getLong(4) > 0) {
      throw OnboardErrors.draftLabel(table, label, r.getLong(4), r.getString(5));
    }
    Row daily = df.groupBy(day.as("d")).count().agg(min("count"), max("count")).first();
    df.sparkSession().sparkContext().setJobDescription(null);
    List<ColumnProfile> columns = new ArrayList<>();
    StructField[] fields = df.schema().fields();
    for (int i = 0; i < fields.length; i++) {
      columns.add(
          new ColumnProfile(
              fields[i].name(),
              fields[i].dataType().simpleString(),
              r.getLong(6 + 2 * i),
              r.getLong(7 + 2 * i)));
    }
    return new TableProfile(
        table,
        partitionColumn,
        r.getLong(0),
        LocalDate.parse(r.getString(1)),
        LocalDate.parse(r.getString(2)),
        new long[] {daily.getLong(0), daily.getLong(1)},
        r.getLong(3),
        columns);
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
