package io.ballast.jobs.tracking;

import io.ballast.features.lakehouse.Lakehouse;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.EmbeddedRegistry;
import io.ballast.features.tracking.EmbeddedTracker;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.features.tracking.Tracker;
import io.ballast.orchestration.http.Timer;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/**
 * The tracking backend of a process: MLflow over REST when a tracking URI is given ({@code
 * --tracking-uri} or {@code MLFLOW_TRACKING_URI}), else the embedded Delta tables.
 *
 * <p>Scoring resolves a model with {@code Tracking.open(uri, System.getenv(),
 * tables).registry().resolve("fraud_model@champion")} and loads {@code
 * PipelineModel.load(version.sparkmlPath())}.
 */
public record Tracking(Tracker tracker, ModelRegistry registry, String description) {

  public static Tracking open(
      Optional<String> trackingUri, Map<String, String> env, LakehouseTables tables) {
    return open(trackingUri, env, tables.lakehouse(), () -> tables);
  }

  /** As above; the SparkSession behind {@code tables} is started only for the embedded store. */
  public static Tracking open(
      Optional<String> trackingUri,
      Map<String, String> env,
      Lakehouse lakehouse,
      Supplier<LakehouseTables> tables) {
    return open(trackingUri, Optional.empty(), env, lakehouse, tables);
  }

  /**
   * As above, each MLflow call bounded by {@code remoteTimeout} (a {@code --remote-timeout} value;
   * empty: {@code $BALLAST_REMOTE_TIMEOUT} or 60 s).
   */
  public static Tracking open(
      Optional<String> trackingUri,
      Optional<String> remoteTimeout,
      Map<String, String> env,
      Lakehouse lakehouse,
      Supplier<LakehouseTables> tables) {
    Optional<String> uri =
        trackingUri
            .or(() -> Optional.ofNullable(env.get("MLFLOW_TRACKING_URI")))
            .filter(u -> !u.isBlank());
    if (uri.isPresent()) {
      return mlflow(
          MlflowSettings.of(uri.get(), env, remoteTimeout.orElse(null)),
          lakehouse.modelsRoot(),
          () -> tables.get().spark().sessionState().newHadoopConf(),
          Timer.SYSTEM);
    }
    return embedded(tables.get());
  }

  public static Tracking embedded(LakehouseTables tables) {
    return new Tracking(
        EmbeddedTracker.on(tables),
        EmbeddedRegistry.on(tables),
        "embedded (" + tables.lakehouse().root() + ")");
  }

  /**
   * MLflow; model files are read (for the upload to the run's artifacts) with a default Hadoop
   * configuration.
   */
  public static Tracking mlflow(MlflowSettings settings, String modelsRoot) {
    return mlflow(settings, modelsRoot, Configuration::new, Timer.SYSTEM);
  }

  /** For tests: MLflow with a given timer (no real sleeps). */
  static Tracking mlflow(MlflowSettings settings, String modelsRoot, Timer timer) {
    return mlflow(settings, modelsRoot, Configuration::new, timer);
  }

  /** MLflow; {@code conf} (the session's, for s3a:// credentials) reads the model's files. */
  static Tracking mlflow(
      MlflowSettings settings, String modelsRoot, Supplier<Configuration> conf, Timer timer) {
    MlflowHttp http = new MlflowHttp(settings, MlflowHttp.defaultClient(), timer);
    return new Tracking(
        new MlflowTracker(http),
        new MlflowRegistry(http, modelsRoot, conf),
        "MLflow " + settings.url());
  }
}
