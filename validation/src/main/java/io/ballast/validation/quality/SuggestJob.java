package io.ballast.validation.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.ballast.features.lakehouse.Lakehouse;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code ballast quality suggest}: profiles a baseline range with Deequ's constraint suggestion and
 * prints a {@code quality:} section in the definition format, plus a row count from daily counts.
 */
public final class SuggestJob {
  public record Result(String table, String from, String to, long rows, String yaml) {}

  private SuggestJob() {}

  public static Result run(
      LakehouseTables tables, String table, String partitionColumn, LocalDate from, LocalDate to) {
    Dataset<Row> data =
        tables
            .read(table)
            .where(
                col(partitionColumn)
                    .geq(from.toString())
                    .and(col(partitionColumn).leq(to.toString())));
    tables.spark().sparkContext().setJobDescription("quality suggest " + table + ": daily counts");
    Row counts =
        data.groupBy(partitionColumn)
            .count()
            .agg(min("count"), max("count"), org.apache.spark.sql.functions.sum("count"))
            .first();
    if (counts.isNullAt(0)) {
      throw QualityErrors.noRowsToProfile(
          Lakehouse.qualified(table), from.toString(), to.toString());
    }
    tables.spark().sparkContext().setJobDescription("quality suggest " + table + ": Deequ profile");
    List<DeequAdapter.Suggestion> s = DeequAdapter.suggest(data.drop(partitionColumn));
    tables.spark().sparkContext().setJobDescription(null);
    List<String> lines = new java.util.ArrayList<>(Suggestions.checks(s, Set.of(partitionColumn)));
    lines.add(0, Suggestions.rowCount(counts.getLong(0), counts.getLong(1)));
    return new Result(
        table,
        from.toString(),
        to.toString(),
        counts.getLong(2),
        Suggestions.section(table, lines));
  }
}
