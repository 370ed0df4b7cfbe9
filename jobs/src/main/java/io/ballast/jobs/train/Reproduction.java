package io.ballast.jobs.train;

import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.pit.LabelMaturity;
import io.ballast.features.pit.TimeSplit;
import io.ballast.features.tracking.Metric;
import io.ballast.features.tracking.ModelVersion;
import io.ballast.features.tracking.RecordedRun;
import io.ballast.features.tracking.RunStatus;
import io.ballast.jobs.tracking.Tracking;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ballast train --reproduce RUN_ID}: a finished training run rebuilt from what it recorded
 * (the feature-table versions, read by Delta time travel; the labels known by its {@code
 * labels_known_by}; its windows, label maturity, seed and the definition's params, the definition
 * checked by its hash), trained again, and compared with the original: params exactly, metrics and
 * the probabilities both models give the test window's rows within a tolerance (exactly equal where
 * the fit is deterministic). Recorded as a run of its own, tagged {@value #REPRODUCES_TAG}; it
 * registers no model version (an audit, not a candidate).
 *
 * <p>Everything that can refuse (unknown or unfinished run, inputs an older run did not record, a
 * changed definition, a feature-table version that VACUUM or log retention removed, exit 2) does so
 * before the reproduction's run is recorded.
 */
public final class Reproduction {
  private static final Logger LOG = LoggerFactory.getLogger(Reproduction.class);

  /** The reproduction run's tag naming the run it reproduces. */
  public static final String REPRODUCES_TAG = "ballast.reproduces";

  /** The reproduction run's tag with its verdict: equal, within_tolerance or differs. */
  public static final String VERDICT_TAG = "ballast.reproduction_verdict";

  /** The default tolerance on metrics and predictions (absolute). */
  public static final double DEFAULT_TOLERANCE = 1e-9;

  /** The params a run must have recorded to be rebuilt. */
  static final List<String> REQUIRED =
      List.of(
          "algorithm",
          "train_window",
          "validation_window",
          "test_window",
          "labels_known_by",
          "label_maturity_days",
          "label_maturity_source",
          "label_last_mature_day");

  private Reproduction() {}

  /** The verdict. */
  public enum Verdict {
    /** Params identical, metrics and predictions bit for bit. */
    EQUAL,
    /** Params identical, metrics and predictions within the tolerance. */
    WITHIN_TOLERANCE,
    /** A param differs, or a metric or prediction beyond the tolerance. */
    DIFFERS;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One compared value, original against reproduction.
   *
   * @param kind param, metric or predictions
   * @param diff the absolute difference (null for params and for a value missing on one side)
   */
  public record Line(
      String kind, String name, String original, String reproduction, Double diff, boolean ok) {}

  /** What the reproduction found. */
  public record Result(
      String originalRun,
      String runId,
      String model,
      String algorithm,
      double tolerance,
      String verdict,
      int paramsCompared,
      List<String> paramsDiffering,
      int metricsCompared,
      double maxMetricDiff,
      long testRows,
      double maxPredictionDiff,
      List<Line> lines,
      List<String> notes,
      double seconds) {

    public boolean differs() {
      return verdict.equals(Verdict.DIFFERS.key());
    }
  }

  public static Result run(
      LakehouseTables tables,
      PipelineDefinition def,
      String runId,
      double tolerance,
      String jarVersion,
      Tracking tracking) {
    Instant t0 = Instant.now();
    RecordedRun original =
        tracking
            .registry()
            .run(runId)
            .orElseThrow(() -> TrainingErrors.unknownRun(runId, tracking.description()));
    Map<String, String> p = original.params();
    Map<String, String> tags = original.tags();
    if (!RunStatus.FINISHED.name().equals(original.status())) {
      throw TrainingErrors.notReproducible(
          runId,
          "it is " + original.status() + ", not FINISHED",
          "Reproduce a training run that finished (its model registered)");
    }
    if (tags.containsKey(REPRODUCES_TAG)) {
      throw TrainingErrors.notReproducible(
          runId,
          "it is itself a reproduction of run " + tags.get(REPRODUCES_TAG),
          "Reproduce the original run " + tags.get(REPRODUCES_TAG));
    }
    List<String> missing = new ArrayList<>();
    for (String k : REQUIRED) {
      if (!p.containsKey(k)) {
        missing.add("param " + k);
      }
    }
    for (String t : List.of("ballast.model", "ballast.as_of", "ballast.definition_hash")) {
      if (!tags.containsKey(t)) {
        missing.add("tag " + t);
      }
    }
    if (!tags.containsKey("ballast.model_version")) {
      missing.add("tag ballast.model_version (no model was registered)");
    }
    Map<String, Long> versions = new TreeMap<>();
    for (var t : def.featureTables()) {
      String v = p.get("feature_table_version." + t.name());
      if (v == null) {
        missing.add("param feature_table_version." + t.name());
      } else {
        versions.put(t.name(), Long.parseLong(v));
      }
    }
    if (!missing.isEmpty() && !tags.containsKey("ballast.definition_hash")) {
      throw TrainingErrors.notReproducible(
          runId,
          "it did not record " + String.join(", ", missing),
          "Runs recorded before Ballast recorded these cannot be rebuilt; train again instead");
    }
    if (!def.hash().equals(tags.get("ballast.definition_hash"))) {
      throw TrainingErrors.notReproducible(
          runId,
          "it was trained on definition hash "
              + tags.get("ballast.definition_hash")
              + " (pipeline "
              + tags.getOrDefault("ballast.pipeline", "?")
              + "), but "
              + def.file()
              + " now hashes to "
              + def.hash()
              + ", so its features, algorithm or params may differ",
          "Pass the definition as it was when the run trained (e.g. from version control)");
    }
    if (!missing.isEmpty()) {
      throw TrainingErrors.notReproducible(
          runId,
          "it did not record " + String.join(", ", missing),
          "Runs recorded before Ballast recorded these cannot be rebuilt; train again instead");
    }
    List<String> notes = new ArrayList<>();
    String seed = p.get("seed");
    if (seed == null) {
      notes.add(
          "the run did not record its seed (older run): used "
              + SearchSpace.SEED
              + ", the seed every Ballast version has trained with");
    } else if (!seed.equals(String.valueOf(SearchSpace.SEED))) {
      throw TrainingErrors.notReproducible(
          runId,
          "it trained with seed "
              + seed
              + ", and this Ballast trains with seed "
              + SearchSpace.SEED,
          "Reproduce it with the Ballast version that trained it (tag ballast.jar_version)");
    }
    if (!jarVersion.equals(tags.getOrDefault("ballast.jar_version", jarVersion))) {
      notes.add(
          "trained by Ballast "
              + tags.get("ballast.jar_version")
              + ", reproduced by "
              + jarVersion
              + ": a difference may come from the code");
    }
    ModelSpec spec = TrainJob.spec(def, Optional.of(tags.get("ballast.model")));
    TimeSplit split =
        TimeSplit.parse(p.get("train_window"), p.get("validation_window"), p.get("test_window"));
    LabelMaturity maturity =
        new LabelMaturity(
            LocalDate.parse(tags.get("ballast.as_of")),
            LocalDate.parse(p.get("labels_known_by")),
            Integer.parseInt(p.get("label_maturity_days")),
            p.get("label_maturity_source"),
            LocalDate.parse(p.get("label_last_mature_day")));
    versions.forEach((t, v) -> checkReadable(tables, runId, t, v));
    ModelVersion version =
        tracking.registry().version(spec.name(), tags.get("ballast.model_version"));
    TrainingRun.Input in =
        TrainingRun.prepare(tables, def, spec, split, maturity, versions, "reproduce " + runId);
    try {
      Map<String, String> more = new LinkedHashMap<>();
      more.put("ballast.reason", "reproduce run " + runId);
      more.put(REPRODUCES_TAG, runId);
      String reproduction =
          TrainingRun.start(
              tracking,
              def,
              spec,
              maturity.asOf(),
              jarVersion,
              spec.name() + " reproduce " + runId,
              t0,
              more);
      Result r =
          TrainingRun.finish(
              tracking,
              reproduction,
              () ->
                  compared(
                      tables,
                      def,
                      spec,
                      original,
                      tolerance,
                      tracking,
                      t0,
                      split,
                      maturity,
                      in,
                      version,
                      notes,
                      reproduction),
              e -> e);
      LOG.info("reproduce: done {} -> {}: {}", runId, reproduction, r.verdict());
      return r;
    } finally {
      in.prepared().release();
      tables.spark().sparkContext().setJobDescription(null);
    }
  }

  /** The recorded reproduction: trained again, compared with the original, logged. */
  private static Result compared(
      LakehouseTables tables,
      PipelineDefinition def,
      ModelSpec spec,
      RecordedRun original,
      double tolerance,
      Tracking tracking,
      Instant t0,
      TimeSplit split,
      LabelMaturity maturity,
      TrainingRun.Input in,
      ModelVersion version,
      List<String> notes,
      String runId) {
    Map<String, String> params = TrainingRun.params(def, spec, split, maturity, in);
    tables.spark().sparkContext().setJobDescription("reproduce " + original.runId() + ": fit");
    ModelTrainer.Fitted fitted = ModelTrainer.fit(in.prepared(), spec);
    fitted.bestParams().forEach((k, v) -> params.put("best." + k, String.valueOf(v)));
    fitted.calibration().ifPresent(c -> params.put("calibration.curve", c.curve()));
    long now = System.currentTimeMillis();
    List<Metric> metrics = RunRecords.metrics(fitted, now);
    RunComparison c = new RunComparison(tolerance);
    c.params(original.params(), params);
    c.metrics(original.metrics(), metrics);
    tables
        .spark()
        .sparkContext()
        .setJobDescription("reproduce " + original.runId() + ": compare test predictions");
    c.predictions(in.prepared().data(), version, fitted.model());
    Verdict verdict = c.verdict();
    List<Metric> compared = new ArrayList<>(metrics);
    compared.add(new Metric("reproduce_max_abs_metric_diff", c.maxMetricDiff(), 0, now));
    compared.add(new Metric("reproduce_max_abs_prediction_diff", c.maxPredictionDiff(), 0, now));
    compared.add(new Metric("reproduce_params_differing", c.differing().size(), 0, now));
    Map<String, String> outTags = new LinkedHashMap<>();
    outTags.put(VERDICT_TAG, verdict.key());
    outTags.put("ballast.reproduction_tolerance", String.valueOf(tolerance));
    tracking.tracker().log(runId, params, compared, outTags);
    return new Result(
        original.runId(),
        runId,
        spec.name(),
        spec.algorithm().key(),
        tolerance,
        verdict.key(),
        c.paramsCompared(),
        c.differing(),
        original.metrics().size(),
        c.maxMetricDiff(),
        c.testRows(),
        c.maxPredictionDiff(),
        c.lines(),
        notes,
        Duration.between(t0, Instant.now()).toMillis() / 1000.0);
  }

  /**
   * Refuses a feature-table version that can no longer be read: its log entries are gone (time
   * travel fails) or data files of its snapshot are (VACUUM). One recursive listing of the table's
   * folder, compared with the snapshot's files.
   */
  static void checkReadable(LakehouseTables tables, String runId, String table, long version) {
    String path = tables.lakehouse().tablePath(table);
    String[] files;
    try {
      files =
          tables
              .spark()
              .read()
              .format("delta")
              .option("versionAsOf", version)
              .load(path)
              .inputFiles();
    } catch (Exception e) {
      String m = String.valueOf(e.getMessage());
      throw TrainingErrors.versionUnreadable(
          runId, table, version, "time travel to it fails: " + m.lines().findFirst().orElse(m));
    }
    Set<String> present = new HashSet<>();
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(tables.spark().sessionState().newHadoopConf());
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        present.add(it.next().getPath().toUri().getPath());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of feature table " + table, e);
    }
    List<String> gone = new ArrayList<>();
    for (String f : files) {
      if (!present.contains(new Path(f).toUri().getPath())) {
        gone.add(new Path(f).getName());
      }
    }
    if (!gone.isEmpty()) {
      throw TrainingErrors.versionUnreadable(
          runId,
          table,
          version,
          gone.size() + " of its " + files.length + " data files are gone, e.g. " + gone.get(0));
    }
  }
}
