package io.ballast.jobs.train;

import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.pit.LabelMaturity;
import io.ballast.features.pit.TimeSplit;
import io.ballast.features.tracking.FeatureTypesTag;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.features.tracking.ModelVersion;
import io.ballast.jobs.calibration.CalibrationStore;
import io.ballast.jobs.tracking.ModelFiles;
import io.ballast.jobs.tracking.Tracking;
import io.ballast.scoring.drift.BaselineProfile;
import io.ballast.scoring.drift.BaselineStore;
import io.ballast.scoring.drift.TrainingBaseline;
import io.ballast.scoring.explain.GlobalImportance;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fitted model registered as a new version: tagged with its lineage (definition, feature-table
 * versions, features and their types, windows, labels known by), its files saved, its drift
 * baseline, calibration and global importance written under the version, alias {@code challenger}
 * set and the version logged on the run.
 */
final class ModelRegistration {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistration.class);

  private ModelRegistration() {}

  static ModelVersion register(
      LakehouseTables tables,
      PipelineDefinition def,
      ModelSpec spec,
      LocalDate asOf,
      TimeSplit split,
      LabelMaturity maturity,
      TrainingRun.Input in,
      Map<String, String> params,
      ModelTrainer.Fitted fitted,
      BaselineProfile baseline,
      Tracking tracking,
      String runId) {
    List<String> features = in.features();
    Map<String, String> versionTags = new LinkedHashMap<>();
    versionTags.put("ballast.pipeline", def.name());
    versionTags.put("ballast.definition_hash", def.hash());
    versionTags.put("ballast.as_of", asOf.toString());
    in.set()
        .versions()
        .forEach((t, v) -> versionTags.put("ballast.feature_table." + t, String.valueOf(v)));
    versionTags.put("ballast.features", String.join(",", features));
    FeatureTypesTag.of(in.set().rows().schema(), features)
        .ifPresent(t -> versionTags.put(FeatureTypesTag.NAME, t));
    versionTags.put("ballast.train_window", params.get("train_window"));
    versionTags.put("ballast.validation_window", params.get("validation_window"));
    versionTags.put("ballast.test_window", params.get("test_window"));
    versionTags.put("ballast.labels_known_by", params.get("labels_known_by"));
    versionTags.put(TrainJob.LAST_DAY_TAG, maturity.lastDay().toString());
    GlobalImportance.Measured importance =
        TrainingImportance.measure(spec.name(), features, in.prepared(), fitted);
    ModelVersion v =
        tracking
            .registry()
            .register(
                spec.name(),
                runId,
                versionTags,
                folder -> save(tables, spec, features, fitted, runId, folder));
    new BaselineStore(tables).write(TrainingBaseline.registered(baseline, v.version()));
    String testFrom = split.testFrom().toString();
    String testTo = split.testTo().toString();
    fitted
        .calibration()
        .ifPresent(
            c -> new CalibrationStore(tables).write(spec.name(), v.version(), testFrom, testTo, c));
    GlobalImportance.write(tables, spec.name(), v.version(), testFrom, testTo, importance);
    tracking.registry().setAlias(spec.name(), ModelRegistry.CHALLENGER, v.version());
    tracking
        .tracker()
        .log(runId, Map.of(), List.of(), Map.of("ballast.model_version", v.version()));
    return v;
  }

  /**
   * Saves the pipeline under {@code sparkml/} and writes MLflow's model files next to it (MLmodel
   * with both flavors and the signature, the environment files), in the embedded store and with
   * MLflow alike.
   */
  private static void save(
      LakehouseTables tables,
      ModelSpec spec,
      List<String> features,
      ModelTrainer.Fitted fitted,
      String runId,
      String folder) {
    try {
      fitted.model().write().overwrite().save(folder + "/" + ModelFiles.SPARKML);
    } catch (IOException e) {
      throw new IllegalStateException("cannot save the model to " + folder, e);
    }
    var conf = tables.spark().sessionState().newHadoopConf();
    List<String> jvmOnly =
        ModelFiles.jvmOnlyStages(
            Arrays.stream(fitted.model().stages()).map(st -> st.getClass().getName()).toList());
    if (!jvmOnly.isEmpty()) {
      LOG.info(
          "train {}: stages {} have no PySpark class: mlflow models serve and"
              + " mlflow.pyfunc.spark_udf cannot load this model (Ballast's scoring can)",
          spec.name(),
          jvmOnly);
    }
    ModelFiles.write(
        conf,
        folder,
        new ModelFiles.Description(
            spec.name(),
            runId,
            Instant.now(),
            tables.spark().version(),
            ModelFiles.inputs(features, spec.categorical()),
            ModelFiles.size(conf, folder + "/" + ModelFiles.SPARKML),
            jvmOnly));
  }
}
