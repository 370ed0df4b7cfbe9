package io.ballast.features.lakehouse;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.LakehouseErrors;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where Ballast keeps everything: a root folder on local disk ({@code ./lakehouse}) or on S3
 * ({@code s3a://bucket/prefix}). Tables live under {@code <root>/tables/<name>}, models under
 * {@code <root>/models}.
 */
public final class Lakehouse {
  public static final String DEFAULT_ROOT = "./lakehouse";
  public static final String CATALOG = "ballast";

  private final String root;

  private Lakehouse(String root) {
    this.root = root;
  }

  /** Normalizes a user-given root: a relative or absolute folder, file:/..., or s3a://... */
  public static Lakehouse at(String uri) {
    if (uri == null || uri.isBlank()) {
      throw LakehouseErrors.badLakehouseUri(String.valueOf(uri));
    }
    String u = uri.trim();
    while (u.length() > 1 && u.endsWith("/") && !u.endsWith("://")) {
      u = u.substring(0, u.length() - 1);
    }
    String lower = u.toLowerCase(Locale.ROOT);
    if (lower.startsWith("s3a://")) {
      URI parsed = URI.create(u);
      if (parsed.getHost() == null || parsed.getHost().isBlank()) {
        throw LakehouseErrors.badLakehouseUri(uri);
      }
      return new Lakehouse(u);
    }
    if (lower.startsWith("s3://") || lower.startsWith("s3n://")) {
      throw ArgumentErrors.badArgument(
          "--lakehouse",
          uri,
          "use the s3a:// scheme (Hadoop's S3A connector), e.g. s3a://bucket/prefix");
    }
    if (lower.startsWith("file:")) {
      return new Lakehouse(
          Path.of(URI.create(u))
              .toAbsolutePath()
              .normalize()
              .toUri()
              .toString()
              .replaceAll("/$", ""));
    }
    if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw LakehouseErrors.badLakehouseUri(uri);
    }
    return new Lakehouse(
        Path.of(u).toAbsolutePath().normalize().toUri().toString().replaceAll("/$", ""));
  }

  public String root() {
    return root;
  }

  public boolean isS3() {
    return root.startsWith("s3a://");
  }

  public String tablesRoot() {
    return root + "/tables";
  }

  public String tablePath(String table) {
    return tablesRoot() + "/" + table;
  }

  public String modelsRoot() {
    return root + "/models";
  }

  /** The catalog name users query: {@code ballast.<table>}. */
  public static String qualified(String table) {
    return CATALOG + "." + table;
  }

  @Override
  public String toString() {
    return root;
  }
}
