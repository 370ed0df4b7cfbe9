package io.ballast.jobs.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a model folder into a run's artifacts the way MLflow's client does for {@code
 * log_artifacts}: through the server's artifact proxy when the run's artifact URI is {@code
 * mlflow-artifacts:/...} (one {@code PUT /api/2.0/mlflow-artifacts/artifacts/<path>} a file), else
 * straight into the store the URI names ({@code s3://} as {@code s3a://}, {@code file:}, any scheme
 * Hadoop has a file system for), as MLflow's client writes such stores itself.
 */
final class MlflowArtifacts {
  private static final Logger LOG = LoggerFactory.getLogger(MlflowArtifacts.class);
  static final String SCHEME = "mlflow-artifacts";
  static final String API = "/api/2.0/mlflow-artifacts/artifacts";

  private final MlflowHttp http;
  private final Supplier<Configuration> conf;

  MlflowArtifacts(MlflowHttp http, Supplier<Configuration> conf) {
    this.http = http;
    this.conf = conf;
  }

  Configuration conf() {
    return conf.get();
  }

  /**
   * Copies every file of {@code folder} under {@code <artifactUri>/<artifactPath>} and returns that
   * URI (the model version's source, as {@code register_model("runs:/<run>/<path>")} resolves it).
   */
  String upload(String model, String folder, String artifactUri, String artifactPath) {
    Configuration c = conf.get();
    List<String> files = ModelFiles.list(c, folder);
    String target = strip(artifactUri) + "/" + artifactPath;
    String scheme = scheme(artifactUri);
    long t0 = System.nanoTime();
    long bytes = 0;
    if (scheme.equals(SCHEME) || scheme.equals("http") || scheme.equals("https")) {
      for (String f : files) {
        byte[] data = ModelFiles.read(c, folder, f);
        bytes += data.length;
        String action = "upload " + artifactPath + "/" + f + " of " + model;
        MlflowHttp.Response r =
            http.upload(action, httpUri(http.url(), target, f), data, contentType(f));
        if (!r.ok()) {
          throw TrackingErrors.trackingRefused(
              action, http.url(), r.status(), r.errorCode(), r.message());
        }
      }
    } else {
      String dst = hadoopUri(target);
      try {
        FileSystem src = new Path(folder).getFileSystem(c);
        FileSystem out = new Path(dst).getFileSystem(c);
        for (String f : files) {
          bytes += src.getFileStatus(new Path(folder, f)).getLen();
          FileUtil.copy(src, new Path(folder, f), out, new Path(dst, f), false, true, c);
        }
      } catch (IOException | RuntimeException e) {
        throw TrackingErrors.modelUploadFailed(
            model, target, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
      }
    }
    LOG.info(
        "MLflow: put {} files ({} bytes) of {} into {} in {} ms",
        files.size(),
        bytes,
        model,
        target,
        (System.nanoTime() - t0) / 1_000_000);
    return target;
  }

  /**
   * The URL of a file under an artifact URI: {@code mlflow-artifacts:/<p>} is the tracking server's
   * {@code /api/2.0/mlflow-artifacts/artifacts/<p>} ({@code mlflow-artifacts://host:port/<p>}: that
   * host's, with the tracking server's scheme); an http(s) URI is used as it is.
   */
  static URI httpUri(String trackingUrl, String artifactUri, String relative) {
    URI a = parse(artifactUri);
    String path = a.getRawPath() == null ? "" : a.getRawPath();
    String base;
    if (scheme(artifactUri).equals(SCHEME)) {
      URI t = URI.create(trackingUrl);
      base =
          a.getRawAuthority() == null
              ? trackingUrl + API
              : t.getScheme() + "://" + a.getRawAuthority() + API;
    } else {
      base = a.getScheme() + "://" + a.getRawAuthority();
    }
    String rel =
        Stream.of(relative.split("/"))
            .map(MlflowArtifacts::enc)
            .collect(Collectors.joining("/", "/", ""));
    return URI.create(base + strip(path) + rel);
  }

  /** A Hadoop path for a store URI: {@code s3://} and {@code s3n://} as {@code s3a://}. */
  static String hadoopUri(String uri) {
    String s = scheme(uri);
    if (s.equals("s3") || s.equals("s3n")) {
      return "s3a" + uri.substring(s.length());
    }
    return s.isEmpty() ? "file:" + uri : uri;
  }

  static String contentType(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    if (name.endsWith(".yaml") || name.equals(ModelFiles.MLMODEL)) {
      return "application/x-yaml";
    }
    if (file.endsWith(".txt")) {
      return "text/plain";
    }
    if (file.endsWith(".json")) {
      return "application/json";
    }
    return "application/octet-stream";
  }

  static String scheme(String uri) {
    int colon = uri.indexOf(':');
    int slash = uri.indexOf('/');
    if (colon <= 0 || (slash >= 0 && slash < colon)) {
      return "";
    }
    return uri.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  private static URI parse(String uri) {
    try {
      return new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("not a URI: " + uri, e);
    }
  }

  private static String strip(String s) {
    String t = s;
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }

  private static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
