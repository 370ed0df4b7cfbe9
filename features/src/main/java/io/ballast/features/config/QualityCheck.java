package io.ballast.features.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One declared data-quality check. Which fields apply depends on the {@link CheckType}; the loader
 * rejects keys a type does not accept, so unused fields are empty.
 *
 * @param name unique within its table; defaults to the type and columns ({@code
 *     completeness_amount})
 * @param columns the columns the check reads: one for most types, the key for {@code unique}, none
 *     for {@code row_count} and {@code sql}
 * @param min a lower bound: the completeness ratio, the smallest value of a range, the fewest rows
 * @param max an upper bound: the largest value of a range, the most rows
 * @param minRatio the share of rows that must pass a row-level predicate (default 1.0)
 * @param values the allowed values of {@code allowed_values}
 * @param regex the pattern of {@code pattern} (Java regex, as Spark's rlike)
 * @param predicate the Spark SQL predicate of {@code sql}
 * @param maxLag how old the newest event of a partition may be, from the partition's end
 * @param days how many earlier partitions {@code row_count_vs_history} compares with
 * @param maxChange the largest relative change from the history's mean row count (0.5 = 50%)
 */
public record QualityCheck(
    String name,
    CheckType type,
    Severity severity,
    List<String> columns,
    Optional<Double> min,
    Optional<Double> max,
    double minRatio,
    List<String> values,
    Optional<String> regex,
    Optional<String> predicate,
    Optional<Duration> maxLag,
    int days,
    Optional<Double> maxChange) {

  /** The single column of a one-column check. */
  public String column() {
    if (columns.size() != 1) {
      throw new IllegalStateException(name + " does not have exactly one column: " + columns);
    }
    return columns.get(0);
  }
}
