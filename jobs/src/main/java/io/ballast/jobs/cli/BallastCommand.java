package io.ballast.jobs.cli;

import io.ballast.jobs.bench.BenchCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options shared by every subcommand. */
@Command(
    name = "ballast",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Batch MLOps on Apache Spark: versioned Delta feature tables, data quality, point-in-time"
          + " training sets, training and registry, batch scoring and drift, chained locally or"
          + " by Airflow.",
      "",
      "Start with: ballast demo   (generates data and runs every stage on ./lakehouse)"
    },
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      SourceCommand.class,
      InitCommand.class,
      FeaturesCommand.class,
      ValidateCommand.class,
      QualityCommand.class,
      TrainCommand.class,
      ModelCommand.class,
      ScoreCommand.class,
      DriftCommand.class,
      PipelineCommand.class,
      AirflowCommand.class,
      SqlCommand.class,
      TablesCommand.class,
      ReportCommand.class,
      SqlServerCommand.class,
      ShellCommand.class,
      BenchCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 2 user error (bad input, failed gate), 3 drift found, 1 bug.",
      "Run 'ballast COMMAND --help' for a command's options."
    })
public final class BallastCommand implements Callable<Integer> {
  @Option(
      names = "--lakehouse",
      scope = ScopeType.INHERIT,
      paramLabel = "URI",
      defaultValue = "${env:BALLAST_LAKEHOUSE:-./lakehouse}",
      description =
          "Lakehouse root: a folder or s3a://bucket/prefix (default: $BALLAST_LAKEHOUSE or"
              + " ./lakehouse).")
  String lakehouse;

  @Option(
      names = "--conf",
      scope = ScopeType.INHERIT,
      paramLabel = "KEY=VALUE",
      description = "A Spark setting, repeatable (e.g. --conf spark.sql.shuffle.partitions=16).")
  List<String> conf = new ArrayList<>();

  @Option(
      names = "--remote-timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "TIME",
      description =
          "The longest one call to Airflow or MLflow may take, retries included, e.g. 30s or 2m"
              + " (default: $BALLAST_REMOTE_TIMEOUT or 60s).")
  String remoteTimeout;

  @Spec CommandSpec spec;

  /** The {@code --remote-timeout} given anywhere on the command line (null: none). */
  static String remoteTimeout(CommandSpec any) {
    return any.root().userObject() instanceof BallastCommand root ? root.remoteTimeout : null;
  }

  private Context context;

  /** Makes the context on another lakehouse than --lakehouse (the benchmarks' own); before use. */
  public void useLakehouse(String uri) {
    lakehouse = uri;
  }

  @Override
  public Integer call() {
    return Exits.usage(spec, "missing command.");
  }

  /** The process's one context (lakehouse and SparkSession), made on first use. */
  public synchronized Context context() {
    if (context == null) {
      context = Context.create(lakehouse, conf);
    }
    return context;
  }
}
