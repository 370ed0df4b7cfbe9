package io.ballast.jobs.cli;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --pipeline FILE}, required: the pipeline definition a command works on. */
public final class PipelineOption {
  @Option(
      names = "--pipeline",
      required = true,
      paramLabel = "FILE",
      description = "The pipeline definition (YAML).")
  String file;

  /** The definition, loaded and checked. */
  PipelineDefinition load() {
    return load(file);
  }

  public static PipelineDefinition load(String file) {
    return new PipelineLoader(new SparkExpressionParser()).load(Path.of(file));
  }
}
