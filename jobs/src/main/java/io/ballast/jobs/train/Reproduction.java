package io.ballast.jobs.train;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.ballast.features.TrainingErrors;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.pit.TrainingSetJob;
import io.ballast.jobs.tracking.Metric;
import io.ballast.jobs.tracking.ModelVersion;
import io.ballast.jobs.tracking.RecordedRun;
import io.ballast.jobs.tracking.RunStatus;
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
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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

  /** Params that are model outputs, compared through the predictions rather than as text. */
  static final Set<String> NOT_COMPARED = Set.of("calibration.curve");

  /**
   * Params recorded only since reproduction exists (and {@code feature_join.*}, since event-keyed
   * joins): absent from older runs, not a difference.
   */
  static final Set<String> RECORDED_SINCE = Set.of("seed");

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
    TimeSplit split = split(p);
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
    TrainingSetJob.Assembled set =
        TrainingSetJob.assemble(
            tables,
            def,
            new TrainingSetJob.Params(
                split.trainFrom(),
                split.testTo(),
                versions,
                Optional.empty(),
                Optional.of(maturity.knownBy()),
                ""));
    tables.spark().sparkContext().setJobDescription("reproduce " + runId + ": count labels");
    maturity.checkMinimums(
        spec.name(), split, ModelTrainer.windowStats(set.labels(), split), def.label().get());
    List<String> features = spec.featuresOr(set.features());
    ModelTrainer.Prepared prepared =
        ModelTrainer.prepare(
            set.rows(), spec, features, split, TrainJob.featureTables(def, features));
    try {
      return recorded(
          tables,
          def,
          spec,
          original,
          tolerance,
          jarVersion,
          tracking,
          t0,
          split,
          maturity,
          set,
          features,
          prepared,
          version,
          notes);
    } finally {
      prepared.release();
      tables.spark().sparkContext().setJobDescription(null);
    }
  }

  private static Result recorded(
      LakehouseTables tables,
      PipelineDefinition def,
      ModelSpec spec,
      RecordedRun original,
      double tolerance,
      String jarVersion,
      Tracking tracking,
      Instant t0,
      TimeSplit split,
      LabelMaturity maturity,
      TrainingSetJob.Assembled set,
      List<String> features,
      ModelTrainer.Prepared prepared,
      ModelVersion version,
      List<String> notes) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("ballast.pipeline", def.name());
    tags.put("ballast.model", spec.name());
    tags.put("ballast.as_of", maturity.asOf().toString());
    tags.put("ballast.definition_hash", def.hash());
    tags.put("ballast.jar_version", jarVersion);
    tags.put("ballast.reason", "reproduce run " + original.runId());
    tags.put(REPRODUCES_TAG, original.runId());
    String runId =
        tracking
            .tracker()
            .startRun(
                def.name(),
                spec.name() + " reproduce " + original.runId(),
                t0.toEpochMilli(),
                tags);
    try {
      Map<String, String> params =
          RunRecords.params(spec, features, split, maturity, def.label().get(), set.versions());
      params.putAll(prepared.values().params());
      set.joins().forEach((t, j) -> params.put("feature_join." + t, j));
      tables.spark().sparkContext().setJobDescription("reproduce " + original.runId() + ": fit");
      ModelTrainer.Fitted fitted = ModelTrainer.fit(prepared, spec);
      fitted.bestParams().forEach((k, v) -> params.put("best." + k, String.valueOf(v)));
      fitted.calibration().ifPresent(c -> params.put("calibration.curve", c.curve()));
      long now = System.currentTimeMillis();
      List<Metric> metrics = RunRecords.metrics(fitted, now);

      List<Line> lines = new ArrayList<>();
      List<String> differing = new ArrayList<>();
      int paramsCompared = 0;
      Set<String> keys = new TreeSet<>(original.params().keySet());
      keys.addAll(params.keySet());
      for (String k : keys) {
        String a = original.params().get(k);
        String b = params.get(k);
        if (NOT_COMPARED.contains(k)
            || (a == null && (RECORDED_SINCE.contains(k) || k.startsWith("feature_join.")))) {
          continue;
        }
        paramsCompared++;
        if (a == null || !a.equals(b)) {
          differing.add(k);
          lines.add(new Line("param", k, String.valueOf(a), String.valueOf(b), null, false));
        }
      }
      Map<String, Double> mine = new TreeMap<>();
      metrics.forEach(m -> mine.put(RecordedRun.metricKey(m.key(), m.step()), m.value()));
      double maxMetric = 0;
      boolean metricsOk = true;
      boolean metricsExact = true;
      for (var e : original.metrics().entrySet()) {
        Double b = mine.get(e.getKey());
        double a = e.getValue();
        Double diff = b == null ? null : difference(a, b);
        boolean ok = diff != null && diff <= tolerance;
        metricsOk &= ok;
        metricsExact &= diff != null && diff == 0.0;
        if (diff != null) {
          maxMetric = Math.max(maxMetric, diff);
        }
        lines.add(new Line("metric", e.getKey(), String.valueOf(a), String.valueOf(b), diff, ok));
      }
      tables
          .spark()
          .sparkContext()
          .setJobDescription("reproduce " + original.runId() + ": compare test predictions");
      Row pred = predictionDifference(prepared.data(), version, fitted.model());
      long testRows = pred.getLong(1);
      double maxPred = pred.isNullAt(0) ? Double.NaN : pred.getDouble(0);
      boolean predOk = maxPred <= tolerance;
      lines.add(
          new Line(
              "predictions",
              "P(label = 1), " + testRows + " test rows: max |diff|",
              "version " + version.version(),
              "reproduction",
              maxPred,
              predOk));
      Verdict verdict =
          !differing.isEmpty() || !metricsOk || !predOk
              ? Verdict.DIFFERS
              : metricsExact && maxPred == 0.0 ? Verdict.EQUAL : Verdict.WITHIN_TOLERANCE;
      List<Metric> compared = new ArrayList<>(metrics);
      compared.add(new Metric("reproduce_max_abs_metric_diff", maxMetric, 0, now));
      compared.add(new Metric("reproduce_max_abs_prediction_diff", maxPred, 0, now));
      compared.add(new Metric("reproduce_params_differing", differing.size(), 0, now));
      Map<String, String> outTags = new LinkedHashMap<>();
      outTags.put(VERDICT_TAG, verdict.key());
      outTags.put("ballast.reproduction_tolerance", String.valueOf(tolerance));
      tracking.tracker().log(runId, params, compared, outTags);
      tracking.tracker().endRun(runId, RunStatus.FINISHED, System.currentTimeMillis(), null);
      Result r =
          new Result(
              original.runId(),
              runId,
              spec.name(),
              spec.algorithm().key(),
              tolerance,
              verdict.key(),
              paramsCompared,
              differing,
              original.metrics().size(),
              maxMetric,
              testRows,
              maxPred,
              lines,
              notes,
              Duration.between(t0, Instant.now()).toMillis() / 1000.0);
      LOG.info("reproduce: done {} -> {}: {}", original.runId(), runId, verdict.key());
      return r;
    } catch (RuntimeException e) {
      RunRecords.endFailed(tracking, runId, e, e);
      throw e;
    }
  }

  /** |a - b|, 0 when both are NaN (an undefined metric reproduced as undefined). */
  static double difference(double a, double b) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return 0.0;
    }
    return Math.abs(a - b);
  }

  /**
   * The largest absolute difference between the probabilities the original version and the
   * reproduction give the test window's rows, and the row count: one Spark job, both models applied
   * one after the other to the same rows (no join).
   */
  static Row predictionDifference(Dataset<Row> data, ModelVersion version, PipelineModel repro) {
    PipelineModel original = PipelineModel.load(version.sparkmlPath());
    Dataset<Row> test = data.where(col(TimeSplit.COLUMN).equalTo(TimeSplit.TEST));
    List<Column> keep = new ArrayList<>();
    for (String c : test.columns()) {
      keep.add(col("`" + c.replace("`", "``") + "`"));
    }
    keep.add(score().as("_p_original"));
    Dataset<Row> first = original.transform(test).select(keep.toArray(Column[]::new));
    return repro
        .transform(first)
        .select(max(abs(score().minus(col("_p_original")))), count(lit(1)))
        .first();
  }

  private static Column score() {
    return element_at(vector_to_array(col(ModelPipelines.PROBABILITY), "float64"), 2);
  }

  /** The windows a run recorded (params {@code train_window} ... {@code test_window}). */
  static TimeSplit split(Map<String, String> p) {
    String[] a = p.get("train_window").split("\\.\\.");
    String[] b = p.get("validation_window").split("\\.\\.");
    String[] c = p.get("test_window").split("\\.\\.");
    return new TimeSplit(
        LocalDate.parse(a[0]),
        LocalDate.parse(a[1]),
        LocalDate.parse(b[0]),
        LocalDate.parse(b[1]),
        LocalDate.parse(c[0]),
        LocalDate.parse(c[1]));
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
