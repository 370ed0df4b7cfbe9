package io.ballast.features.lakehouse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession of a process, with the lakehouse catalog, Delta, and defaults that
 * suit both {@code local[*]} and a cluster. Anything given with {@code --conf} (or by spark-submit)
 * wins over these defaults.
 */
public final class BallastSession {
  private BallastSession() {}

  /** The settings Ballast adds, before the user's {@code --conf} values are applied on top. */
  public static Map<String, String> defaults(Lakehouse lakehouse, boolean local) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    c.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    c.put("spark.sql.catalog." + Lakehouse.CATALOG, LakehouseCatalog.class.getName());
    c.put(
        "spark.sql.catalog." + Lakehouse.CATALOG + "." + LakehouseCatalog.ROOT_OPTION,
        lakehouse.root());
    c.put("spark.sql.session.timeZone", "UTC");
    c.put("spark.sql.adaptive.enabled", "true");
    c.put("spark.databricks.delta.optimizeMetadataOnlyQueries.enabled", "true");
    // Window frames over one busy entity (a popular merchant) stay in memory instead of
    // switching to the spillable buffer after 4096 rows.
    c.put("spark.sql.windowExec.buffer.in.memory.threshold", "131072");
    if (local) {
      c.put("spark.master", "local[*]");
      c.put("spark.driver.host", "127.0.0.1");
      c.put("spark.driver.bindAddress", "127.0.0.1");
      c.put("spark.sql.shuffle.partitions", "8");
      c.put("spark.databricks.delta.snapshotPartitions", "4");
      c.put("spark.ui.showConsoleProgress", String.valueOf(System.console() != null));
    }
    // No web UI unless asked (--conf spark.ui.enabled=true, or the same given to spark-submit or as
    // -Dspark.ui.enabled=true): a command is over before anyone opens it, and commands on one
    // machine at once would each print "Service 'SparkUI' could not bind on port 404x".
    c.put("spark.ui.enabled", "false");
    // S3A: keep directory markers. Without it every file write ends with a bulk delete of parent
    // markers, which some S3 servers answer only after ~10 s (measured: 5 writes went from 100 s to
    // 0.3 s).
    c.put("spark.hadoop.fs.s3a.directory.marker.retention", "keep");
    c.put("spark.hadoop.fs.s3a.attempts.maximum", "5");
    c.put("spark.hadoop.fs.s3a.retry.limit", "5");
    c.put("spark.hadoop.fs.s3a.connection.establish.timeout", "10000");
    String endpoint = System.getenv("AWS_ENDPOINT_URL");
    if (endpoint != null && !endpoint.isBlank()) {
      c.put("spark.hadoop.fs.s3a.endpoint", endpoint);
      c.put("spark.hadoop.fs.s3a.path.style.access", "true");
      c.put(
          "spark.hadoop.fs.s3a.connection.ssl.enabled",
          String.valueOf(endpoint.startsWith("https")));
    }
    return c;
  }

  /**
   * Ballast's defaults fill only settings not given already: a step of a pipeline run reuses the
   * running session and never resets what the run was started with (its master, or a {@code --conf}
   * such as {@code spark.sql.shuffle.partitions}), and a setting given to spark-submit or as a
   * {@code -Dspark.*} system property is kept. The catalog root still follows the lakehouse.
   */
  static Map<String, String> keepRunningSettings(
      Map<String, String> defaults, Predicate<String> runningHas) {
    String root = "spark.sql.catalog." + Lakehouse.CATALOG + "." + LakehouseCatalog.ROOT_OPTION;
    defaults.keySet().removeIf(k -> !k.equals(root) && runningHas.test(k));
    return defaults;
  }

  /**
   * Whether the process was launched with a setting: spark-submit's {@code --conf} values and
   * {@code -Dspark.*} system properties, as a new {@link SparkConf} reads them.
   */
  static Predicate<String> launchedWith() {
    return new SparkConf()::contains;
  }

  /**
   * Returns the process's session, creating it on first use. Runs {@code local[*]} unless a master
   * was given (spark-submit sets {@code spark.master}).
   */
  public static SparkSession getOrCreate(Lakehouse lakehouse, Map<String, String> userConf) {
    boolean local =
        !new SparkConf().contains("spark.master") && !userConf.containsKey("spark.master");
    Map<String, String> conf = defaults(lakehouse, local);
    // What the process was launched with (spark-submit's --conf, -Dspark.* system properties)
    // wins over Ballast's defaults, and so does a running session's setting.
    Predicate<String> preset = launchedWith();
    scala.Option<SparkSession> running = SparkSession.getDefaultSession();
    if (running.isDefined()) {
      preset = preset.or(running.get().conf()::contains);
    }
    keepRunningSettings(conf, preset);
    conf.putAll(userConf);
    SparkSession.Builder b = SparkSession.builder().appName("ballast");
    conf.forEach(b::config);
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
