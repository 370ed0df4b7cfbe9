package io.ballast.jobs.tracking;

import java.util.List;
import java.util.Map;

/**
 * One registered version of a model.
 *
 * @param version a number as text (MLflow's form)
 * @param source the folder holding {@code MLmodel} and {@code sparkml/}
 */
public record ModelVersion(
    String name,
    String version,
    String runId,
    String source,
    String status,
    long createdMillis,
    Map<String, String> tags,
    List<String> aliases) {

  /** Where {@code PipelineModel.load} finds the model. */
  public String sparkmlPath() {
    return source + "/" + ModelFiles.SPARKML;
  }
}
