package io.ballast.jobs.train;

import io.ballast.features.DefinitionErrors;
import io.ballast.features.build.FeatureBuildPlan;
import io.ballast.features.build.SourceReader;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.Label;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.Source;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.pit.LabelDelays;
import io.ballast.features.pit.LabelMaturity;
import io.ballast.features.pit.TimeSplit;
import io.ballast.features.tracking.Metric;
import io.ballast.features.tracking.ModelVersion;
import io.ballast.jobs.tracking.Tracking;
import io.ballast.scoring.drift.BaselineProfile;
import io.ballast.scoring.drift.TrainingBaseline;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ballast train}: the point-in-time training set of the label window ending at the as-of
 * day, fitted and measured by {@link ModelTrainer}, tracked as a run (params, metrics, lineage),
 * and registered as a new version of the model with alias {@code challenger}.
 *
 * <p>The rule for a failed run: everything that can refuse the input (definition, label maturity
 * and window minimums, labels that are not 0/1 or of one class, feature columns of a wrong type or
 * without values or with infinite values, hyperparameters) is checked before the run is recorded,
 * and such a refusal (exit 2) writes nothing. A failure after that, during the fit, saving or
 * registering, ends the recorded run FAILED with its reason (as MLflow keeps failed runs) and
 * registers nothing.
 */
public final class TrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

  /** The version tag naming the last label day of its windows: {@link TimeSplit#LAST_DAY_TAG}. */
  public static final String LAST_DAY_TAG = TimeSplit.LAST_DAY_TAG;

  private TrainJob() {}

  /**
   * What to train.
   *
   * @param model the model's name; empty means the definition's only (or first) model
   * @param asOf the day the windows end at (its last mature label day); null with {@code windows}
   * @param knownBy use only labels known by the end of this day (default and latest: {@code asOf};
   *     with {@code windows}: the day the test window's labels are mature, and not earlier)
   * @param windows windows chosen by the user instead of derived from {@code asOf}
   */
  public record Params(
      Optional<String> model,
      LocalDate asOf,
      Optional<LocalDate> knownBy,
      Optional<String> reason,
      Optional<String> driftSummary,
      String jarVersion,
      Optional<ChosenWindows> windows) {

    public Params {
      if ((asOf == null) == windows.isEmpty()) {
        throw new IllegalStateException(
            "train needs an as-of day or windows, not both: " + windows);
      }
    }

    /** Windows derived from the as-of day. */
    public Params(
        Optional<String> model,
        LocalDate asOf,
        Optional<LocalDate> knownBy,
        Optional<String> reason,
        Optional<String> driftSummary,
        String jarVersion) {
      this(model, asOf, knownBy, reason, driftSummary, jarVersion, Optional.empty());
    }

    public Params withModel(String name) {
      return new Params(
          Optional.of(name), asOf, knownBy, reason, driftSummary, jarVersion, windows);
    }

    Params withAsOf(LocalDate day) {
      return new Params(model, day, knownBy, reason, driftSummary, jarVersion, Optional.empty());
    }
  }

  /** What was trained. */
  public record Result(
      String model,
      String version,
      String runId,
      String algorithm,
      String asOf,
      String trainFrom,
      String testTo,
      String trainWindow,
      String validationWindow,
      String testWindow,
      long trainRows,
      long validationRows,
      long testRows,
      double validationAuc,
      double testAuc,
      double testPrAuc,
      String calibration,
      Double testEceBefore,
      Double testEceAfter,
      int candidates,
      Map<String, Object> bestParams,
      Map<String, Long> featureTableVersions,
      String modelPath,
      List<String> warnings,
      double seconds) {

    /** The calibration in a few words, e.g. "platt calibration: test ECE 0.3203 -> 0.0410". */
    public String calibrationSummary() {
      return testEceAfter == null
          ? "not calibrated"
          : String.format(
              "%s calibration: test ECE %.4f -> %.4f", calibration, testEceBefore, testEceAfter);
    }
  }

  /** The model to train: {@link PipelineDefinition#modelSpec}. */
  public static ModelSpec spec(PipelineDefinition def, Optional<String> model) {
    return def.modelSpec(model);
  }

  /**
   * The label days a run as of {@code asOf} may use: {@code label.maturity} if declared, else the
   * label source's delays measured on the labels known by then.
   */
  public static LabelMaturity maturity(
      LakehouseTables tables, PipelineDefinition def, LocalDate asOf, Optional<LocalDate> knownBy) {
    Label label = def.label().orElseThrow(() -> DefinitionErrors.noLabel(def.file()));
    LocalDate k = knownBy.orElse(asOf);
    LabelDelays.Measured measured =
        label.maturity().isPresent() || k.isAfter(asOf)
            ? new LabelDelays.Measured(0, 0)
            : LabelDelays.measure(tables, def.source(label.source()), k);
    return LabelMaturity.of(asOf, knownBy, label.maturity(), measured);
  }

  /**
   * The label maturity of a run on chosen windows: {@code label.maturity} if declared, else the
   * label source's delays measured on the labels known by {@code knownBy} (default: the test
   * window's last day).
   */
  public static LabelMaturity maturity(
      LakehouseTables tables,
      PipelineDefinition def,
      ChosenWindows windows,
      Optional<LocalDate> knownBy) {
    Label label = def.label().orElseThrow(() -> DefinitionErrors.noLabel(def.file()));
    LabelDelays.Measured measured =
        label.maturity().isPresent()
            ? new LabelDelays.Measured(0, 0)
            : LabelDelays.measure(
                tables, def.source(label.source()), knownBy.orElse(windows.testTo()));
    return windows.maturity(knownBy, label.maturity(), measured);
  }

  /**
   * {@link PartialWindows}' warnings for the feature tables of the model's features, on the first
   * day of each partitioned source they read (one small Spark job per source).
   */
  private static List<String> partialWindows(
      LakehouseTables tables,
      PipelineDefinition def,
      String model,
      TimeSplit split,
      LocalDate asOf,
      List<String> features) {
    List<FeatureTable> used =
        def.featureTables().stream()
            .filter(t -> t.features().stream().anyMatch(f -> features.contains(f.name())))
            .toList();
    SourceReader reader = new SourceReader(tables);
    Map<String, LocalDate> firstDays = new LinkedHashMap<>();
    for (FeatureTable t : used) {
      for (String name : FeatureBuildPlan.sources(t)) {
        Source s = def.source(name);
        if (!firstDays.containsKey(name) && s.partitionColumn().isPresent()) {
          // up to the test window's end: a source that starts inside the train window counts
          reader.days(s, split.testTo()).stream()
              .findFirst()
              .ifPresent(d -> firstDays.put(name, d));
        }
      }
    }
    return PartialWindows.warnings(model, used, firstDays, split.trainFrom(), asOf);
  }

  public static Result run(
      LakehouseTables tables, PipelineDefinition def, Params given, Tracking tracking) {
    ModelSpec spec = spec(def, given.model());
    Instant t0 = Instant.now();
    // Everything that can refuse the run does so before the run is recorded.
    LabelMaturity maturity;
    TimeSplit split;
    Params p = given;
    if (given.windows().isPresent()) {
      split = given.windows().get().split(spec);
      maturity = maturity(tables, def, given.windows().get(), given.knownBy());
      p = given.withAsOf(maturity.asOf());
    } else {
      maturity = maturity(tables, def, given.asOf(), given.knownBy());
      split = TimeSplit.of(maturity.lastDay(), spec);
    }
    TrainingRun.Input in =
        TrainingRun.prepare(tables, def, spec, split, maturity, Map.of(), "train " + spec.name());
    try {
      List<String> warnings = new ArrayList<>(in.prepared().warnings());
      warnings.addAll(partialWindows(tables, def, spec.name(), split, p.asOf(), in.features()));
      warnings.forEach(w -> LOG.warn("train {}: {}", spec.name(), w));
      return recorded(tables, def, spec, p, tracking, t0, maturity, split, in, warnings);
    } finally {
      in.prepared().release();
    }
  }

  /** The run: recorded from here on, FAILED with its reason when the fit fails. */
  private static Result recorded(
      LakehouseTables tables,
      PipelineDefinition def,
      ModelSpec spec,
      Params p,
      Tracking tracking,
      Instant t0,
      LabelMaturity maturity,
      TimeSplit split,
      TrainingRun.Input in,
      List<String> warnings) {
    LOG.info("train: start {} as of {} with {}", spec.name(), p.asOf(), tracking.description());
    Map<String, String> more = new LinkedHashMap<>();
    p.reason().ifPresent(r -> more.put("ballast.reason", r));
    p.driftSummary().ifPresent(s -> more.put("ballast.drift_summary", s));
    String runId =
        TrainingRun.start(
            tracking, def, spec, p.asOf(), p.jarVersion(), spec.name() + " " + p.asOf(), t0, more);
    Result r =
        TrainingRun.finish(
            tracking,
            runId,
            () ->
                trainAndRegister(
                    tables, def, spec, split, maturity, in, p, tracking, runId, t0, warnings),
            // Spark ML refusing its input during the fit (its require()s:
            // IllegalArgumentException) is the user's to fix; the run stays recorded, FAILED with
            // the reason.
            e ->
                e instanceof IllegalArgumentException
                    ? TrainingErrors.fitRefused(spec.name(), runId, e)
                    : e);
    LOG.info("train: done {}", r);
    return r;
  }

  private static Result trainAndRegister(
      LakehouseTables tables,
      PipelineDefinition def,
      ModelSpec spec,
      TimeSplit split,
      LabelMaturity maturity,
      TrainingRun.Input in,
      Params p,
      Tracking tracking,
      String runId,
      Instant t0,
      List<String> warnings) {
    List<String> features = in.features();
    Map<String, String> params = TrainingRun.params(def, spec, split, maturity, in);
    tracking.tracker().log(runId, params, List.of(), Map.of());
    tables.spark().sparkContext().setJobDescription("train " + spec.name() + " as of " + p.asOf());
    Dataset<Row> rows = in.set().rows();
    ModelTrainer.Fitted fitted = ModelTrainer.fit(in.prepared(), spec);
    long now = System.currentTimeMillis();
    List<Metric> metrics = RunRecords.metrics(fitted, now);
    BaselineProfile baseline =
        TrainingBaseline.profile(def, rows, split, fitted.model(), features, spec.name());
    Map<String, String> best = new LinkedHashMap<>();
    fitted.bestParams().forEach((k, v) -> best.put("best." + k, String.valueOf(v)));
    fitted.calibration().ifPresent(c -> best.put("calibration.curve", c.curve()));
    tracking.tracker().log(runId, best, metrics, RunRecords.candidateTags(fitted));
    ModelVersion v =
        ModelRegistration.register(
            tables, def, spec, p.asOf(), split, maturity, in, params, fitted, baseline, tracking,
            runId);
    tables.spark().sparkContext().setJobDescription(null);
    Evaluation val = fitted.evaluations().get(TimeSplit.VALIDATION);
    Evaluation test = fitted.evaluations().get(TimeSplit.TEST);
    return new Result(
        spec.name(),
        v.version(),
        runId,
        spec.algorithm().key(),
        p.asOf().toString(),
        split.trainFrom().toString(),
        split.testTo().toString(),
        params.get("train_window"),
        params.get("validation_window"),
        params.get("test_window"),
        fitted.windows().get(TimeSplit.TRAIN).rows(),
        fitted.windows().get(TimeSplit.VALIDATION).rows(),
        fitted.windows().get(TimeSplit.TEST).rows(),
        val.auc(),
        test.auc(),
        test.prAuc(),
        spec.calibration().key(),
        fitted.calibration().map(c -> c.testBefore().ece()).orElse(null),
        fitted.calibration().map(c -> c.testAfter().ece()).orElse(null),
        fitted.candidates().size(),
        fitted.bestParams(),
        in.set().versions(),
        v.sparkmlPath(),
        warnings,
        Duration.between(t0, Instant.now()).toMillis() / 1000.0);
  }
}
