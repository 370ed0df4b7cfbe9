package io.ballast.features.lakehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * Puts {@link TableDocs}' table and column comments into each table's Delta metadata, where Spark
 * SQL ({@code DESCRIBE TABLE}), JDBC clients ({@code getTables} / {@code getColumns} remarks) and
 * notebooks read them. One metadata-only Delta commit per table whose comments differ; a table
 * already documented is left as it is (no commit), so applying twice changes nothing.
 */
public final class CatalogComments {
  private CatalogComments() {}

  /** What applying comments did to one table. */
  public record Applied(String table, boolean changed, int columnsCommented) {}

  /** Applies the documented comments to every table of the lakehouse. */
  public static List<Applied> applyAll(LakehouseTables tables) {
    return applyAll(tables, Map.of());
  }

  /**
   * Applies the documented comments to every table, plus {@code extraColumns} (table -> column ->
   * comment, e.g. {@link TableDocs#featureColumns}) where given.
   */
  public static List<Applied> applyAll(
      LakehouseTables tables, Map<String, Map<String, String>> extraColumns) {
    List<Applied> out = new ArrayList<>();
    for (String t : tables.list()) {
      out.add(apply(tables, t, extraColumns.getOrDefault(t, Map.of())));
    }
    return out;
  }

  /** Applies {@code table}'s documented comments in one commit if any differ. */
  public static Applied apply(LakehouseTables tables, String table) {
    return apply(tables, table, Map.of());
  }

  private static Applied apply(LakehouseTables tables, String table, Map<String, String> extra) {
    TableDocs.Doc base = TableDocs.of(table);
    Map<String, String> columns = new java.util.LinkedHashMap<>(base.columns());
    columns.putAll(extra);
    TableDocs.Doc doc = new TableDocs.Doc(base.kind(), base.description(), columns);
    DeltaLog log = DeltaLog.forTable(tables.spark(), tables.lakehouse().tablePath(table));
    OptimisticTransaction txn = log.startTransaction();
    Metadata m = txn.metadata();
    StructType schema = m.schema();
    StructType commented = commented(schema, doc);
    String description = doc.description().isEmpty() ? m.description() : doc.description();
    int count = 0;
    for (StructField f : commented.fields()) {
      if (f.getComment().isDefined()) {
        count++;
      }
    }
    boolean sameSchema = commented.json().equals(schema.json());
    boolean sameDescription = java.util.Objects.equals(description, m.description());
    if (sameSchema && sameDescription) {
      return new Applied(table, false, count);
    }
    Metadata updated =
        m.copy(
            m.id(),
            m.name(),
            description,
            m.format(),
            commented.json(),
            m.partitionColumns(),
            m.configuration(),
            m.createdTime());
    txn.updateMetadata(updated, false);
    scala.collection.immutable.Map<String, String> props =
        JavaConverters.mapAsScalaMap(
                description == null ? Map.<String, String>of() : Map.of("comment", description))
            .toMap(scala.Predef.$conforms());
    List<Action> none = List.of();
    txn.commit(
        JavaConverters.asScalaBuffer(none).toSeq(), new DeltaOperations.SetTableProperties(props));
    return new Applied(table, true, count);
  }

  /** {@code schema} with each documented top-level column's comment set (others unchanged). */
  static StructType commented(StructType schema, TableDocs.Doc doc) {
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      StructField f = fields[i];
      Optional<String> c = doc.column(f.name());
      if (c.isPresent() && !c.get().equals(f.getComment().getOrElse(() -> null))) {
        DataType type = f.dataType();
        fields[i] =
            new StructField(
                f.name(),
                type,
                f.nullable(),
                new MetadataBuilder()
                    .withMetadata(f.metadata())
                    .putString("comment", c.get())
                    .build());
      }
    }
    return new StructType(fields);
  }
}
