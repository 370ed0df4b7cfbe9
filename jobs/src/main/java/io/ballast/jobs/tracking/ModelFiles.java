package io.ballast.jobs.tracking;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model folder in MLflow's {@code spark} flavor: {@code MLmodel} (YAML) next to {@code sparkml/}
 * (a {@code PipelineModel.save} output). Written through Hadoop, so local and s3a:// alike.
 */
public final class ModelFiles {
  public static final String SPARKML = "sparkml";
  public static final String MLMODEL = "MLmodel";

  private ModelFiles() {}

  /** The MLmodel text for a Spark ML pipeline model saved by {@code runId}. */
  public static String mlmodel(String runId, Instant created, String sparkVersion) {
    return "artifact_path: model\n"
        + "flavors:\n"
        + "  spark:\n"
        + "    model_class: pyspark.ml.pipeline.PipelineModel\n"
        + "    model_data: "
        + SPARKML
        + "\n"
        + "    pyspark_version: "
        + sparkVersion
        + "\n"
        + "mlflow_version: 2.16.0\n"
        + "model_uuid: "
        + UUID.randomUUID().toString().replace("-", "")
        + "\n"
        + "run_id: "
        + runId
        + "\n"
        + "utc_time_created: '"
        + created.toString().replace('T', ' ').replace("Z", "")
        + "'\n";
  }

  public static void writeMlmodel(Configuration conf, String folder, String text) {
    Path p = new Path(folder, MLMODEL);
    try (OutputStream out = p.getFileSystem(conf).create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + p, e);
    }
  }

  public static boolean exists(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      return fs.exists(p);
    } catch (IOException e) {
      return false;
    }
  }
}
