package io.ballast.scoring.drift;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.pit.TimeSplit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The drift baseline saved with every model version: its raw features over the training window,
 * plus the model's score on those rows ({@link #SCORE}, the positive class probability).
 */
public final class TrainingBaseline {
  /** The score's name in baselines and in the predictions table. */
  public static final String SCORE = "score";

  /** The model's class probabilities (Spark ML's default {@code probabilityCol}). */
  public static final String PROBABILITY = "probability";

  private TrainingBaseline() {}

  /** Profiles the training window (two Spark jobs); the version is filled in once registered. */
  public static BaselineProfile profile(
      PipelineDefinition def,
      Dataset<Row> trainingSet,
      TimeSplit split,
      PipelineModel model,
      List<String> features,
      String modelName) {
    Dataset<Row> train =
        split.assign(trainingSet).where(col(TimeSplit.COLUMN).equalTo(TimeSplit.TRAIN));
    Dataset<Row> scored =
        model
            .transform(train)
            .withColumn(SCORE, element_at(vector_to_array(col(PROBABILITY), "float64"), 2));
    List<String> columns = new ArrayList<>(features);
    columns.add(SCORE);
    return BaselineProfiler.profile(
        scored, modelName, "pending", columns, def.drift().slices(), def.drift().bins());
  }

  /** The same profile under the registered version. */
  public static BaselineProfile registered(BaselineProfile p, String version) {
    return new BaselineProfile(
        BaselineProfile.id(p.modelName(), version), p.modelName(), version, p.profiles());
  }
}
