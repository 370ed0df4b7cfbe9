package io.ballast.jobs.train;

import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.pit.LabelMaturity;
import io.ballast.features.pit.TimeSplit;
import io.ballast.features.pit.TrainingSetJob;
import io.ballast.features.tracking.RunStatus;
import io.ballast.jobs.tracking.Tracking;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The steps a training ({@link TrainJob}) and a reproduction ({@link Reproduction}) share: prepare
 * the point-in-time training set of a split, record a run with the lineage tags, the params it
 * trains with, and end the run FINISHED or FAILED with its reason.
 */
final class TrainingRun {
  private TrainingRun() {}

  /** The training set of a split, checked against the windows' minimums and ready for the fit. */
  record Input(
      TrainingSetJob.Assembled set, List<String> features, ModelTrainer.Prepared prepared) {}

  /**
   * Assembles the training set of {@code split} (feature tables at {@code versions}, the latest
   * where absent; labels known by the maturity's day), refuses windows under the label minimums and
   * prepares the rows for the fit. Refuses before anything is recorded.
   *
   * @param job how the Spark jobs are described, e.g. "train fraud"
   */
  static Input prepare(
      LakehouseTables tables,
      PipelineDefinition def,
      ModelSpec spec,
      TimeSplit split,
      LabelMaturity maturity,
      Map<String, Long> versions,
      String job) {
    TrainingSetJob.Assembled set =
        TrainingSetJob.assemble(
            tables,
            def,
            TrainingSetJob.Params.of(split, versions, Optional.of(maturity.knownBy())));
    tables.spark().sparkContext().setJobDescription(job + ": count labels");
    maturity.checkMinimums(
        spec.name(), split, ModelTrainer.windowStats(set.labels(), split), def.label().get());
    List<String> features = spec.featuresOr(set.features());
    tables.spark().sparkContext().setJobDescription(job + ": check labels and feature values");
    ModelTrainer.Prepared prepared =
        ModelTrainer.prepare(set.rows(), spec, features, split, featureTables(def, features));
    return new Input(set, features, prepared);
  }

  /** Feature -> the feature table that computes it. */
  static Map<String, String> featureTables(PipelineDefinition def, List<String> features) {
    Map<String, String> out = new LinkedHashMap<>();
    for (var t : def.featureTables()) {
      for (var f : t.features()) {
        if (features.contains(f.name())) {
          out.putIfAbsent(f.name(), "table " + t.name());
        }
      }
    }
    return out;
  }

  /** The params a run trains with: windows, maturity, lineage, the prepared values, the joins. */
  static Map<String, String> params(
      PipelineDefinition def, ModelSpec spec, TimeSplit split, LabelMaturity maturity, Input in) {
    Map<String, String> params =
        RunRecords.params(
            spec, in.features(), split, maturity, def.label().get(), in.set().versions());
    params.putAll(in.prepared().values().params());
    in.set().joins().forEach((t, j) -> params.put("feature_join." + t, j));
    return params;
  }

  /**
   * Starts the run, tagged with its pipeline, model, as-of day, definition hash and jar version,
   * then {@code more}; returns its id.
   */
  static String start(
      Tracking tracking,
      PipelineDefinition def,
      ModelSpec spec,
      LocalDate asOf,
      String jarVersion,
      String runName,
      Instant t0,
      Map<String, String> more) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("ballast.pipeline", def.name());
    tags.put("ballast.model", spec.name());
    tags.put("ballast.as_of", asOf.toString());
    tags.put("ballast.definition_hash", def.hash());
    tags.put("ballast.jar_version", jarVersion);
    tags.putAll(more);
    return tracking.tracker().startRun(def.name(), runName, t0.toEpochMilli(), tags);
  }

  /**
   * The started run's work: the run ends FINISHED with its result, or FAILED with the reason when
   * it throws; {@code failure} turns what it threw into what the caller sees (kept as the cause).
   */
  static <T> T finish(
      Tracking tracking, String runId, Supplier<T> work, UnaryOperator<RuntimeException> failure) {
    try {
      T result = work.get();
      tracking.tracker().endRun(runId, RunStatus.FINISHED, System.currentTimeMillis(), null);
      return result;
    } catch (RuntimeException e) {
      RuntimeException out = failure.apply(e);
      RunRecords.endFailed(tracking, runId, e, out);
      throw out;
    }
  }
}
