package io.ballast.features.onboard;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where {@code ballast source add} reads from and in which format, decided in plain Java from the
 * {@code --from} text and what the file system holds there.
 *
 * @param format {@code delta}, {@code parquet}, {@code csv}, {@code jdbc} or {@code table} (a
 *     catalog table)
 * @param location the path, URL or table name as given
 */
public record SourceOrigin(String format, String location) {
  static final java.util.Set<String> FILE_FORMATS = java.util.Set.of("delta", "parquet", "csv");
  private static final Pattern TABLE_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password|pwd)=[^;&]*");

  /** What the file system says about a path (folder with a Delta log, files by extension). */
  public record PathFacts(
      boolean exists, boolean deltaLog, boolean csvFiles, boolean parquetFiles) {
    public static final PathFacts NONE = new PathFacts(false, false, false, false);
  }

  /**
   * The origin of {@code from}: a JDBC URL, an existing path (format given, or told by its Delta
   * log or file extensions), or a table name; empty when a path's format cannot be told.
   */
  public static Optional<SourceOrigin> decide(
      String from, Optional<String> format, PathFacts facts, boolean tableExists) {
    if (from.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
      return Optional.of(new SourceOrigin("jdbc", from));
    }
    if (facts.exists()) {
      if (format.isPresent()) {
        return Optional.of(new SourceOrigin(format.get(), from));
      }
      if (facts.deltaLog()) {
        return Optional.of(new SourceOrigin("delta", from));
      }
      if (facts.parquetFiles() && !facts.csvFiles()) {
        return Optional.of(new SourceOrigin("parquet", from));
      }
      if (facts.csvFiles() && !facts.parquetFiles()) {
        return Optional.of(new SourceOrigin("csv", from));
      }
      return Optional.empty();
    }
    if (tableExists && TABLE_NAME.matcher(from).matches()) {
      return Optional.of(new SourceOrigin("table", from));
    }
    return Optional.of(new SourceOrigin("missing", from));
  }

  /** The location with any password in a JDBC URL masked: safe for output, logs and tables. */
  public String redacted() {
    return PASSWORD.matcher(location).replaceAll("$1=***");
  }

  static boolean isTableName(String from) {
    return TABLE_NAME.matcher(from).matches();
  }
}
