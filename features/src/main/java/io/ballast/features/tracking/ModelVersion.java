package io.ballast.features.tracking;

import java.util.List;
import java.util.Map;

/**
 * One registered version of a model.
 *
 * @param version a number as text (MLflow's form)
 * @param source the registry's source of the version: the folder holding {@code MLmodel} and {@code
 *     sparkml/}, or with MLflow the run's artifact URI of that folder (e.g. {@code
 *     mlflow-artifacts:/1/<run>/artifacts/model}), whose lakehouse copy is tag {@link
 *     #MODEL_PATH_TAG}
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

  /** The model folder's {@code PipelineModel.save} output, as {@code mlflow.spark} lays it out. */
  public static final String SPARKML = "sparkml";

  /** The version tag naming the model's folder in the lakehouse when the source is elsewhere. */
  public static final String MODEL_PATH_TAG = "ballast.model_path";

  /** The model's folder that Spark reads: the lakehouse copy, else the source. */
  public String modelPath() {
    return tags.getOrDefault(MODEL_PATH_TAG, source);
  }

  /** Where {@code PipelineModel.load} finds the model. */
  public String sparkmlPath() {
    return modelPath() + "/" + SPARKML;
  }
}
