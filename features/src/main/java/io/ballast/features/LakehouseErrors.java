package io.ballast.features;

import io.ballast.features.lakehouse.StorageRefusal;
import java.util.List;

/**
 * User errors of the lakehouse: its location, the storage refusing a request, a table, version or
 * column that is not there. Every message "Cannot <do what>: <problem>. <how to fix>", exit 2
 * (ARCHITECTURE.md, "Errors").
 */
public final class LakehouseErrors {
  private LakehouseErrors() {}

  public static BallastException lakehouseUnreachable(String root, Throwable cause) {
    return new BallastException(
        "Cannot open lakehouse "
            + root
            + ": "
            + ErrorText.firstLine(cause.getMessage())
            + ". Check --lakehouse (or BALLAST_LAKEHOUSE), the endpoint and network access.",
        cause,
        2);
  }

  /**
   * The S3 server refused a request on the lakehouse: what was refused, where, why and what to set
   * or grant. {@code what} is the action, e.g. "open lakehouse s3a://b/lh"; {@code note} ("" or a
   * sentence with a leading space) follows.
   */
  public static BallastException storageRefused(
      String what, String root, StorageRefusal r, String note, Throwable cause) {
    String credentials =
        "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary"
            + " credentials), or pass --conf spark.hadoop.fs.s3a.access.key=... and --conf"
            + " spark.hadoop.fs.s3a.secret.key=...; check that AWS_ENDPOINT_URL (or --conf"
            + " spark.hadoop.fs.s3a.endpoint) names the server these credentials belong to";
    String grant =
        "grant this identity "
            + StorageRefusal.permissions(root)
            + ", or point --lakehouse (or BALLAST_LAKEHOUSE) at a prefix it may use";
    String problem =
        switch (r.kind()) {
          case NO_CREDENTIALS ->
              "the S3 server refused the credentials or none were found ("
                  + ErrorText.firstLine(cause.getMessage())
                  + "). "
                  + credentials;
          case BAD_CREDENTIALS ->
              "the S3 server refused the credentials for "
                  + r.path()
                  + " (HTTP 403 "
                  + r.code()
                  + ": "
                  + (r.code().equals("SignatureDoesNotMatch")
                      ? "the secret key does not match the access key"
                      : r.code().equals("InvalidAccessKeyId")
                          ? "the server knows no such access key"
                          : "the credentials are not valid")
                  + "). "
                  + credentials;
          case DENIED ->
              "the S3 server accepted the credentials but denied access to "
                  + r.path()
                  + " (HTTP 403 "
                  + r.code()
                  + "). Ask the bucket's owner to "
                  + grant;
          case FORBIDDEN ->
              "the S3 server refused access to "
                  + r.path()
                  + " (HTTP "
                  + r.code()
                  + ", an answer without a reason: the credentials are wrong or this identity may"
                  + " not access the path). "
                  + credentials
                  + "; if they are right, "
                  + grant;
        };
    return new BallastException("Cannot " + what + ": " + problem + "." + note, cause, 2);
  }

  public static BallastException badLakehouseUri(String root) {
    return new BallastException(
        "Cannot use lakehouse '"
            + root
            + "': expected a local folder, file:///path or s3a://bucket/prefix."
            + " Fix --lakehouse (or BALLAST_LAKEHOUSE).",
        null,
        2);
  }

  public static BallastException tableNotFound(String table, List<String> known) {
    return new BallastException(
        "Cannot read table "
            + table
            + ": it does not exist in the lakehouse. Known tables: "
            + (known.isEmpty() ? "(none; run ./ballast demo or ./ballast generate)" : known)
            + ".",
        null,
        2);
  }

  public static BallastException versionNotFound(String table, String version, long latest) {
    return new BallastException(
        "Cannot read "
            + table
            + " at version "
            + version
            + ": the table's versions are 0 to "
            + latest
            + ". See ./ballast features history "
            + table
            + ".",
        null,
        2);
  }

  public static BallastException noVersionAsOf(String table, String timestamp, String first) {
    return new BallastException(
        "Cannot read "
            + table
            + " as of "
            + timestamp
            + ": the table's first version was written at "
            + first
            + ". Use a later --as-of timestamp.",
        null,
        2);
  }

  public static BallastException missingColumns(
      String what, String where, List<String> missing, List<String> available) {
    return new BallastException(
        "Cannot "
            + what
            + ": "
            + where
            + " has no column"
            + (missing.size() == 1 ? " " : "s ")
            + String.join(", ", missing)
            + ". Available columns: "
            + available
            + ".",
        null,
        2);
  }
}
