package io.ballast.jobs.cli;

import io.ballast.jobs.tracking.Tracking;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --tracking-uri}: MLflow over REST when given (or MLFLOW_TRACKING_URI), else embedded. */
final class TrackingOptions {
  @Option(
      names = "--tracking-uri",
      paramLabel = "URI",
      description =
          "An MLflow server, http(s)://host:port (default: $MLFLOW_TRACKING_URI; unset: the"
              + " embedded tables ballast.runs, ballast.model_versions, ...). Credentials from"
              + " MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN.")
  String trackingUri;

  /** The command this is mixed into, for the global {@code --remote-timeout}. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** The backend; MLflow needs no SparkSession, the embedded store does. */
  Tracking open(Context ctx) {
    return Tracking.open(
        Optional.ofNullable(trackingUri),
        Optional.ofNullable(BallastCommand.remoteTimeout(mixee)),
        System.getenv(),
        ctx.lakehouse(),
        ctx::tables);
  }
}
