package io.ballast.features.preflight;

import static io.ballast.features.preflight.SchemaChecks.column;
import static io.ballast.features.preflight.SchemaChecks.error;
import static io.ballast.features.preflight.SchemaChecks.timeColumn;

import io.ballast.features.config.Entity;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a definition derives from source rows (an expression {@code known_at}, derived entity
 * keys), checked for {@link DefinitionCheck}: each resolved against the sources that need it, a
 * failure named at its place in the file with the source and the expression.
 */
final class DerivedColumnCheck {
  private final SchemaChecks schemas;

  /** Each readable source's schema as stored, before derived columns. */
  private final Map<String, StructType> raw = new LinkedHashMap<>();

  DerivedColumnCheck(SchemaChecks schemas) {
    this.schemas = schemas;
  }

  void clear() {
    raw.clear();
  }

  /**
   * The source's schema plus the columns the definition derives from its rows (see {@link
   * io.ballast.features.build.DerivedColumns}), each resolved by Spark's analyzer; one that does
   * not resolve is a problem at its place in the file. An expression {@code known_at} is always
   * resolved; a derived key only where the source has the columns it reads (elsewhere it is checked
   * where a feature table or the label needs it).
   */
  StructType withDerived(
      PipelineDefinition d, Source s, StructType schema, List<DefinitionProblem> problems) {
    raw.put(s.name(), schema);
    Set<String> applicable =
        new HashSet<>(
            io.ballast.features.build.DerivedColumns.applicable(schema.fieldNames(), s.derived()));
    s.knownAt()
        .filter(s.derived()::containsKey)
        .filter(k -> !Arrays.asList(schema.fieldNames()).contains(k))
        .ifPresent(applicable::add);
    List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
    s.derived()
        .forEach(
            (name, expr) -> {
              if (applicable.contains(name)) {
                schemas
                    .resolve(derivedPath(d, s, name), expr, schema, s, problems)
                    .ifPresent(
                        type ->
                            fields.add(
                                new StructField(
                                    name,
                                    type,
                                    true,
                                    org.apache.spark.sql.types.Metadata.empty())));
              }
            });
    return new StructType(fields.toArray(new StructField[0]));
  }

  /** Where a derived column is declared: the source's known_at, or an entity's key. */
  private static String derivedPath(PipelineDefinition d, Source s, String name) {
    for (Entity e : d.entities().values()) {
      int i = e.keys().indexOf(name);
      if (i >= 0 && e.derivedKeys().containsKey(name)) {
        return "entities." + e.name() + ".keys[" + i + "].expr";
      }
    }
    return "sources." + s.name() + ".known_at";
  }

  /** A known_at column, or an expression known_at that resolved to a timestamp. */
  static void knownAt(
      String at, String name, Source s, StructType schema, List<DefinitionProblem> problems) {
    String expr = s.derived().get(name);
    if (expr == null) {
      timeColumn(at, name, s, schema, problems);
      return;
    }
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      return; // did not resolve: reported with the expression
    }
    DataType type = schema.apply(name).dataType();
    if (!type.equals(DataTypes.TimestampType) && !type.equals(DataTypes.TimestampNTZType)) {
      problems.add(
          error(
              at,
              "'"
                  + expr
                  + "' over "
                  + s.location()
                  + " is "
                  + type.simpleString()
                  + ", not a"
                  + " timestamp",
              "Make it a timestamp, e.g. event_ts + make_interval(0, 0, 0, delay_days)"));
    }
  }

  /**
   * An entity key on a source that a feature table or the label reads: a column of it, or a derived
   * key whose expression resolves against it.
   */
  void key(
      String at,
      Entity entity,
      String k,
      Source src,
      StructType schema,
      List<DefinitionProblem> problems) {
    if (Arrays.asList(schema.fieldNames()).contains(k)) {
      return;
    }
    String expr = entity.derivedKeys().get(k);
    if (expr == null) {
      column(at, k, src, schema, problems);
      return;
    }
    String path = "entities." + entity.name() + ".keys[" + entity.keys().indexOf(k) + "].expr";
    if (schemas.resolve(path, expr, raw.get(src.name()), src, problems).isPresent()) {
      column(at, k, src, schema, problems); // resolves, yet not added: cannot happen
    }
  }
}
