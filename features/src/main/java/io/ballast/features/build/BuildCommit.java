package io.ballast.features.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * What a feature build records in its Delta commit (as the commit's user metadata): the definition
 * hash, the days written, and the whole range of days the table now holds. Read back from the
 * table's history, this is the table's version log.
 */
public record BuildCommit(
    long version,
    String timestamp,
    String operation,
    String definitionHash,
    String from,
    String to,
    String builtFrom,
    String builtTo,
    long rowsWritten,
    boolean rebuild) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static String note(
      String hash,
      String from,
      String to,
      boolean rebuild,
      Optional<BuildCommit> last,
      String readFrom) {
    ObjectNode n = JSON.createObjectNode();
    n.put("writer", "ballast features build");
    n.put("definition_hash", hash);
    n.put("from", from);
    n.put("to", to);
    String builtFrom = from;
    String builtTo = to;
    if (last.isPresent() && !rebuild && last.get().builtFrom() != null) {
      builtFrom =
          LocalDate.parse(last.get().builtFrom()).isBefore(LocalDate.parse(from))
              ? last.get().builtFrom()
              : from;
      builtTo =
          LocalDate.parse(last.get().builtTo()).isAfter(LocalDate.parse(to))
              ? last.get().builtTo()
              : to;
    }
    n.put("built_from", builtFrom);
    n.put("built_to", builtTo);
    n.put("source_read_from", readFrom);
    n.put("rebuild", rebuild);
    return n.toString();
  }

  /** Every version of a feature table, newest first. */
  public static List<BuildCommit> history(LakehouseTables tables, String table) {
    List<BuildCommit> out = new ArrayList<>();
    if (!tables.exists(table)) {
      return out;
    }
    List<Row> rows =
        io.delta.tables.DeltaTable.forPath(tables.spark(), tables.lakehouse().tablePath(table))
            .history()
            .selectExpr(
                "version",
                "CAST(timestamp AS STRING)",
                "operation",
                "userMetadata",
                "coalesce(CAST(operationMetrics['numOutputRows'] AS BIGINT), 0)")
            .orderBy(org.apache.spark.sql.functions.col("version").desc())
            .collectAsList();
    for (Row r : rows) {
      JsonNode m = FeatureBuildJob.parse(r.isNullAt(3) ? "{}" : r.getString(3));
      out.add(
          new BuildCommit(
              r.getLong(0),
              r.getString(1),
              r.getString(2),
              text(m, "definition_hash"),
              text(m, "from"),
              text(m, "to"),
              text(m, "built_from"),
              text(m, "built_to"),
              r.getLong(4),
              m.path("rebuild").asBoolean(false)));
    }
    return out;
  }

  /** The newest commit made by a build, if the table exists. */
  static Optional<BuildCommit> latest(LakehouseTables tables, String table) {
    return history(tables, table).stream().filter(c -> c.definitionHash() != null).findFirst();
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }
}
