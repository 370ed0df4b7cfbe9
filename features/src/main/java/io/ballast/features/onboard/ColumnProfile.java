package io.ballast.features.onboard;

/**
 * One column of a table to draft a definition from, as measured by {@link TableProfiler}.
 *
 * @param type Spark's simple type name (int, double, string, timestamp, ...)
 * @param nonNull rows with a value
 * @param distinct approximate distinct values
 */
public record ColumnProfile(String name, String type, long nonNull, long distinct) {
  /** What a column can become in a first definition. */
  public enum Kind {
    NUMERIC,
    BOOLEAN,
    STRING,
    TIME,
    OTHER
  }

  public Kind kind() {
    return switch (type) {
      case "tinyint", "smallint", "int", "bigint", "float", "double" -> Kind.NUMERIC;
      case "boolean" -> Kind.BOOLEAN;
      case "string" -> Kind.STRING;
      case "timestamp", "timestamp_ntz", "date" -> Kind.TIME;
      default -> type.startsWith("decimal") ? Kind.NUMERIC : Kind.OTHER;
    };
  }
}
