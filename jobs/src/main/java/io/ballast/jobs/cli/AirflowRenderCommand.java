package io.ballast.jobs.cli;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.orchestration.dag.DagOptions;
import io.ballast.orchestration.dag.DagRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ballast airflow render}: the daily and retraining DAG files of a definition. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description =
        "Write the definition's Airflow DAG files (ballast_<name>_daily.py,"
            + " ballast_<name>_retrain.py) into a folder; same input, same bytes.")
final class AirflowRenderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PipelineOption pipeline;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write.")
  Path out;

  @Option(
      names = "--jar",
      paramLabel = "PATH",
      description =
          "The spark-submit jar on the Airflow workers (default: Airflow Variable ballast_jar, or "
              + DagOptions.DEFAULT_JAR
              + ").")
  String jar;

  @Option(
      names = "--conn-id",
      paramLabel = "ID",
      defaultValue = DagOptions.DEFAULT_CONN_ID,
      description = "The Airflow connection of the Spark master (default: ${DEFAULT-VALUE}).")
  String connId;

  @Option(
      names = "--pipeline-path",
      paramLabel = "PATH",
      description =
          "The definition's path on the workers (default: Airflow Variable ballast_pipelines, or "
              + DagOptions.DEFAULT_PIPELINES_DIR
              + ", then the file name).")
  String pipelinePath;

  @Option(
      names = "--lakehouse-uri",
      paramLabel = "URI",
      defaultValue = DagOptions.DEFAULT_LAKEHOUSE,
      description =
          "The lakehouse the tasks use and the written tables' Dataset URIs point into (default:"
              + " ${DEFAULT-VALUE}).")
  String lakehouseUri;

  @Override
  public Integer call() {
    PipelineDefinition def = pipeline.load();
    DagOptions options =
        DagOptions.defaults(Path.of(pipeline.file).getFileName().toString())
            .withConnId(connId)
            .withLakehouse(lakehouseUri);
    if (jar != null) {
      options = options.withApplication(jar);
    }
    if (pipelinePath != null) {
      options = options.withPipeline(pipelinePath);
    }
    Map<String, String> files = new DagRenderer(options).render(def);
    var printer = spec.commandLine().getOut();
    for (var f : files.entrySet()) {
      Path target = out.resolve(f.getKey());
      try {
        Files.createDirectories(out);
        Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw CliErrors.cannotWriteFile(target.toString(), e);
      }
      printer.println("wrote " + target);
    }
    printer.flush();
    return Exits.OK;
  }
}
