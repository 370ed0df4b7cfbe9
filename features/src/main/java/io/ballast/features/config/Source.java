package io.ballast.features.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Anything Spark reads: a lakehouse table by name, or a path in a given format.
 *
 * @param format {@code table} (a catalog table, e.g. ballast.transactions), or a Spark format read
 *     from {@code path}: delta, parquet, csv, json, orc
 * @param eventTime the column holding when each row happened
 * @param knownAt the column holding when each row became known (e.g. a label's arrival), if it
 *     differs from the event time; {@link #KNOWN_AT_COLUMN} when the definition gives an expression
 *     (then in {@code derived})
 * @param partitionColumn the daily partition column (yyyy-MM-dd), used to prune reads
 * @param eventKey the column that names each event uniquely (e.g. {@code txn_id}), if any: a
 *     feature table built from this source that passes it through is joined by it to the events it
 *     describes (their own row, not the entity's latest row at that time)
 * @param derived columns computed from each row when the source is read, by name (a Spark SQL
 *     expression each): an expression {@code known_at}, and the definition's derived entity keys. A
 *     derived column is added to a source that has every column its expression reads and no column
 *     of its name (a key the source already carries is used as it is).
 */
public record Source(
    String name,
    String format,
    Optional<String> table,
    Optional<String> path,
    String eventTime,
    Optional<String> knownAt,
    Optional<String> partitionColumn,
    Map<String, String> options,
    Optional<String> eventKey,
    Map<String, String> derived) {
  /** The column an expression {@code known_at} is computed into when the source is read. */
  public static final String KNOWN_AT_COLUMN = "_known_at";

  private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A source without derived columns. */
  public Source(
      String name,
      String format,
      Optional<String> table,
      Optional<String> path,
      String eventTime,
      Optional<String> knownAt,
      Optional<String> partitionColumn,
      Map<String, String> options,
      Optional<String> eventKey) {
    this(
        name,
        format,
        table,
        path,
        eventTime,
        knownAt,
        partitionColumn,
        options,
        eventKey,
        Map.of());
  }

  /** True when {@code text} names a column rather than being an expression over columns. */
  public static boolean isColumnName(String text) {
    return COLUMN_NAME.matcher(text).matches();
  }

  /** The {@code known_at} as the definition gives it: a column name or an expression. */
  public Optional<String> knownAtDeclared() {
    return knownAt.map(k -> derived.getOrDefault(k, k));
  }

  /** Where the source is, for messages. */
  public String location() {
    return table.orElseGet(() -> format + ":" + path.orElse("?"));
  }
}
