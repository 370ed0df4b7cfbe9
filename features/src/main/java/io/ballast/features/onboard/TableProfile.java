package io.ballast.features.onboard;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ballast init} knows of the table it drafts a definition from.
 *
 * @param table the source's {@code table:} value (e.g. {@code ballast.orders})
 * @param partitionColumn the daily partition column, when the table has one ({@code ds})
 * @param first the first day of the event time
 * @param last the last day of the event time
 * @param dailyRows the fewest and most rows of a day
 * @param positives rows whose label is 1
 */
public record TableProfile(
    String table,
    Optional<String> partitionColumn,
    long rows,
    LocalDate first,
    LocalDate last,
    long[] dailyRows,
    long positives,
    List<ColumnProfile> columns) {

  public long days() {
    return java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1;
  }

  public Optional<ColumnProfile> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
