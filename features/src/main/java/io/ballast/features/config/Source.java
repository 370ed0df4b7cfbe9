package io.ballast.features.config;

import java.util.Map;
import java.util.Optional;

/**
 * Anything Spark reads: a lakehouse table by name, or a path in a given format.
 *
 * @param format {@code table} (a catalog table, e.g. ballast.transactions), or a Spark format read
 *     from {@code path}: delta, parquet, csv, json, orc
 * @param eventTime the column holding when each row happened
 * @param knownAt the column holding when each row became known (e.g. a label's arrival), if it
 *     differs from the event time
 * @param partitionColumn the daily partition column (yyyy-MM-dd), used to prune reads
 * @param eventKey the column that names each event uniquely (e.g. {@code txn_id}), if any: a
 *     feature table built from this source that passes it through is joined by it to the events it
 *     describes (their own row, not the entity's latest row at that time)
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
    Optional<String> eventKey) {

  /** Where the source is, for messages. */
  public String location() {
    return table.orElseGet(() -> format + ":" + path.orElse("?"));
  }
}
