package io.ballast.features.lakehouse;

import java.nio.file.AccessDeniedException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the lakehouse's S3 server refused a request, read from the exception chain S3A and the AWS
 * SDK throw (class names and the SDK's "Status Code: N; Error Code: C" text, so this module needs
 * neither on its compile path). Never reads or keeps a credential.
 *
 * @param kind what was refused
 * @param path the object or folder the refused request was for (the lakehouse root if unknown)
 * @param code the server's error code, e.g. {@code AccessDenied}, or "403 Forbidden" when the
 *     answer had no body (HEAD requests never have one)
 */
public record StorageRefusal(Kind kind, String path, String code) {

  public enum Kind {
    /** No credentials were configured or found. */
    NO_CREDENTIALS,
    /** The server does not accept the credentials (unknown key, wrong secret, expired token). */
    BAD_CREDENTIALS,
    /** The credentials are valid but this identity may not access the path. */
    DENIED,
    /** HTTP 401/403 without a reason: either of the two above. */
    FORBIDDEN
  }

  private static final Pattern STATUS =
      Pattern.compile("Status Code: (\\d{3}); Error Code: ([^;)]+)[;)]");
  private static final Set<String> BAD_CREDENTIALS =
      Set.of(
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "InvalidToken",
          "TokenRefreshRequired",
          "InvalidSecurity");
  private static final Set<String> DENIED = Set.of("AccessDenied", "AllAccessDisabled");

  /** The refusal in {@code e}'s cause chain; empty when it is not one (e.g. a network failure). */
  public static Optional<StorageRefusal> of(Throwable e, String root) {
    String path = null;
    String code = null;
    int status = 0;
    boolean denied = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String n = t.getClass().getSimpleName();
      String m = String.valueOf(t.getMessage());
      if (n.contains("NoAuthWithAWS") || m.contains("No AWS Credentials")) {
        return Optional.of(new StorageRefusal(Kind.NO_CREDENTIALS, root, "no credentials"));
      }
      if (t instanceof AccessDeniedException a) {
        denied = true;
        String f = a.getFile();
        if (path == null && f != null && !f.isBlank()) {
          // S3A names a path (s3a://bucket/key) for reads, the bare key for writes
          path = f.contains("://") ? f : "s3a://" + bucket(root) + "/" + f.replaceFirst("^/+", "");
        }
      }
      Matcher s = STATUS.matcher(m);
      if (code == null && s.find()) {
        status = Integer.parseInt(s.group(1));
        code = s.group(2).trim();
      }
    }
    if (code == null) {
      if (!denied) {
        return Optional.empty();
      }
      code = "403 Forbidden";
    } else if (status != 401 && status != 403 && !denied) {
      return Optional.empty();
    }
    String where = path == null ? root : path;
    Kind kind;
    if (BAD_CREDENTIALS.contains(code) || status == 401) {
      kind = Kind.BAD_CREDENTIALS;
    } else if (DENIED.contains(code)) {
      kind = Kind.DENIED;
    } else {
      kind = Kind.FORBIDDEN;
    }
    return Optional.of(new StorageRefusal(kind, where, code));
  }

  /** The bucket of an {@code s3a://bucket/prefix} root ("" when it has none). */
  public static String bucket(String root) {
    String r = root.trim();
    int scheme = r.indexOf("://");
    String rest = scheme < 0 ? r : r.substring(scheme + 3);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  /** The key prefix of an {@code s3a://bucket/prefix} root, without slashes at either end. */
  public static String prefix(String root) {
    String r = root.trim();
    int scheme = r.indexOf("://");
    String rest = scheme < 0 ? r : r.substring(scheme + 3);
    int slash = rest.indexOf('/');
    String p = slash < 0 ? "" : rest.substring(slash + 1);
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** The IAM actions and resources the lakehouse needs, for messages. */
  public static String permissions(String root) {
    String b = bucket(root);
    String p = prefix(root);
    return "s3:ListBucket on arn:aws:s3:::"
        + b
        + " and s3:GetObject, s3:PutObject and s3:DeleteObject on arn:aws:s3:::"
        + b
        + "/"
        + (p.isEmpty() ? "" : p + "/")
        + "*";
  }
}
