package io.ballast.orchestration;

import io.ballast.features.config.ExpressionParser;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import java.nio.file.Path;

/** The demo definition, loaded without Spark. */
public final class Demo {
  public static final Path DEFINITION = Path.of("pipelines/card_fraud.yaml");
  public static final Path DAGS = Path.of("dags");

  private Demo() {}

  public static PipelineDefinition definition() {
    return new PipelineLoader(ExpressionParser.NONE).load(DEFINITION);
  }
}
