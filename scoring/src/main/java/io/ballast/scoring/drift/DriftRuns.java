package io.ballast.scoring.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.ballast.features.DefinitionErrors;
import io.ballast.features.LakehouseErrors;
import io.ballast.features.build.SourceReader;
import io.ballast.features.config.DriftCalibration;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.Label;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.Source;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.pit.LabelMaturity;
import io.ballast.features.pit.TimeSplit;
import io.ballast.features.pit.TrainingSetJob;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.features.tracking.ModelVersion;
import io.ballast.scoring.explain.Explanations;
import io.ballast.scoring.explain.GlobalImportance;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Drift as the CLI and the demo run it: resolves the model version and its baseline from the
 * registry, then one {@link DriftJob} per table (each one Spark pass over all its partitions).
 */
public final class DriftRuns {
  private final LakehouseTables tables;
  private final ModelRegistry registry;
  private final Consumer<String> note;

  public DriftRuns(LakehouseTables tables, ModelRegistry registry, Consumer<String> note) {
    this.tables = tables;
    this.registry = registry;
    this.note = note;
  }

  /**
   * The version to compare with: {@code M/V} or {@code M@ALIAS} as given; else the definition's
   * drift model (or first model) at champion, else challenger, else its newest version.
   */
  public ModelVersion resolve(PipelineDefinition def, Optional<String> ref) {
    if (ref.isPresent() && (ref.get().contains("@") || ref.get().contains("/"))) {
      return registry.resolve(ref.get());
    }
    String name =
        ref.or(() -> def.drift().model()).orElseGet(() -> def.modelSpec(Optional.empty()).name());
    if (!registry.models().contains(name)) {
      throw DriftErrors.driftNoModel(name, "it is not registered");
    }
    Map<String, String> aliases = registry.aliases(name);
    for (String alias : List.of(ModelRegistry.CHAMPION, ModelRegistry.CHALLENGER)) {
      if (aliases.containsKey(alias)) {
        if (!alias.equals(ModelRegistry.CHAMPION)) {
          note.accept(
              "note: "
                  + name
                  + " has no champion; comparing with its "
                  + alias
                  + " (version "
                  + aliases.get(alias)
                  + ")");
        }
        return registry.version(name, aliases.get(alias));
      }
    }
    List<ModelVersion> versions = registry.versions(name);
    note.accept(
        "note: "
            + name
            + " has no champion or challenger; comparing with its latest version "
            + versions.get(0).version());
    return versions.get(0);
  }

  public BaselineProfile baseline(ModelVersion v) {
    return new BaselineStore(tables)
        .read(v.name(), v.version())
        .orElseThrow(() -> DriftErrors.driftNoBaseline(v.name(), v.version()));
  }

  /**
   * Drift of each table over {@code from..to}.
   *
   * @param strict fail when a table lacks the model's features (else skip it with a note)
   */
  public List<DriftJob.Result> run(
      PipelineDefinition def,
      List<String> tableNames,
      LocalDate from,
      LocalDate to,
      Optional<String> model,
      boolean predictions,
      boolean strict) {
    ModelVersion v = resolve(def, model);
    BaselineProfile baseline = baseline(v);
    List<String> featureTables = def.featureTables().stream().map(FeatureTable::name).toList();
    List<DriftJob.Result> out = new ArrayList<>();
    for (String t : tableNames) {
      if (!tables.exists(t)) {
        if (strict) {
          throw LakehouseErrors.tableNotFound("ballast." + t, tables.list());
        }
        note.accept("note: " + t + " is not in the lakehouse yet; skipped");
        continue;
      }
      List<String> features = List.of();
      Optional<String> filter = Optional.empty();
      Optional<Map<String, Double>> attribution = Optional.empty();
      if (predictions) {
        features = List.of(TrainingBaseline.SCORE);
        filter =
            Optional.of("shadow = false AND model_name = '" + v.name().replace("'", "''") + "'");
        attribution = attributionBaseline(t, v);
      } else if (!strict && featureTables.contains(t)) {
        List<String> cols = List.of(tables.read(t).columns());
        List<String> mine =
            baseline.features().stream()
                .filter(cols::contains)
                .filter(f -> !f.equals(TrainingBaseline.SCORE))
                .filter(f -> !def.drift().exclude().contains(f))
                .toList();
        if (mine.isEmpty()) {
          note.accept("note: " + t + " holds none of " + baseline.id() + "'s features; skipped");
          continue;
        }
        features = mine;
      }
      out.add(
          DriftJob.run(
              tables,
              baseline,
              new DriftJob.Params(
                  t, from, to, filter, features, def.drift(), attribution, trainingWindow(v))));
    }
    return out;
  }

  /** The version's training window (tag {@code ballast.train_window}); empty when not recorded. */
  static Optional<DriftCalibration.Window> trainingWindow(ModelVersion v) {
    String w = v.tags().get("ballast.train_window");
    if (w == null || !w.contains("..")) {
      return Optional.empty();
    }
    String[] a = w.split("\\.\\.");
    return Optional.of(new DriftCalibration.Window(LocalDate.parse(a[0]), LocalDate.parse(a[1])));
  }

  /**
   * The version's attribution shares on its test window when {@code table} holds explanations
   * (scored with {@code --explain}); empty, with a note, when the version has none recorded.
   */
  private Optional<Map<String, Double>> attributionBaseline(String table, ModelVersion v) {
    if (!List.of(tables.read(table).columns()).contains(Explanations.EXPLANATION)) {
      return Optional.empty();
    }
    Optional<GlobalImportance.Measured> m = GlobalImportance.read(tables, v.name(), v.version());
    if (m.isEmpty() || m.get().features().isEmpty()) {
      note.accept(
          "note: "
              + table
              + " holds explanations but "
              + v.name()
              + " version "
              + v.version()
              + " has no global importance recorded (trained before it was measured):"
              + " no attribution drift");
      return Optional.empty();
    }
    return Optional.of(m.get().shares());
  }

  /**
   * The scored days whose labels became mature on {@code day}: {@code day} minus the declared
   * {@code label.maturity} in whole days (rounded up, as training rounds it); without a declared
   * maturity, {@code day} itself with the labels known so far.
   */
  public static LocalDate scoredDayMaturedOn(PipelineDefinition def, LocalDate day) {
    return def.label()
        .flatMap(Label::maturity)
        .map(m -> day.minusDays(LabelMaturity.days(m)))
        .orElse(day);
  }

  /** Live performance of the serving model on the scored days {@code from..to}, in one job. */
  public PerformanceJob.Result performance(
      PipelineDefinition def, Optional<String> model, LocalDate from, LocalDate to) {
    return performance(def, model, from, to, Optional.empty());
  }

  /**
   * Live performance with only the labels known by the end of {@code knownBy} (by their arrival
   * column, else partition): a replay whose label table already holds later arrivals (the demo)
   * measures what the day itself saw. Empty: every label in the table.
   */
  public PerformanceJob.Result performance(
      PipelineDefinition def,
      Optional<String> model,
      LocalDate from,
      LocalDate to,
      Optional<LocalDate> knownBy) {
    ModelVersion v = resolve(def, model);
    Label label = def.label().orElseThrow(() -> DefinitionErrors.noLabel(def.file()));
    String preds = BallastTable.predictionsTable(def);
    Dataset<Row> predictions = tables.read(preds);
    Source ls = def.source(label.source());
    Dataset<Row> labels = new SourceReader(tables).readAll(ls);
    if (knownBy.isPresent()) {
      String arrived = ls.knownAt().orElse(ls.eventTime());
      labels =
          labels.where(
              col(arrived).lt(expr("timestamp'" + knownBy.get().plusDays(1) + " 00:00:00'")));
    }
    List<String> keys = joinKeys(def, List.of(predictions.columns()), List.of(labels.columns()));
    return PerformanceJob.run(
        tables,
        new PerformanceJob.Params(
            preds,
            v.name(),
            v.version(),
            from,
            to,
            labels,
            def.source(label.source()).location(),
            label.column(),
            keys,
            trainingMetrics(v),
            def.monitoring().minLabels()));
  }

  /**
   * The columns joining predictions to labels: the feature tables' passthrough columns both have
   * (e.g. txn_id), else every entity key both have plus event_ts.
   */
  static List<String> joinKeys(PipelineDefinition def, List<String> preds, List<String> labels) {
    List<String> pass =
        def.featureTables().stream()
            .flatMap(t -> t.passthrough().stream())
            .distinct()
            .filter(c -> preds.contains(c) && labels.contains(c))
            .toList();
    if (!pass.isEmpty()) {
      return pass;
    }
    List<String> keys = new ArrayList<>();
    def.entities().values().forEach(e -> keys.addAll(e.keys()));
    keys.add("event_ts");
    List<String> both =
        keys.stream().distinct().filter(c -> preds.contains(c) && labels.contains(c)).toList();
    if (both.isEmpty()) {
      throw LakehouseErrors.missingColumns(
          "join predictions to labels", "the label source", keys, labels);
    }
    return both;
  }

  /** The run's test-window metrics, renamed as model_metrics names (embedded tracking only). */
  Map<String, Double> trainingMetrics(ModelVersion v) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (!tables.exists(BallastTable.RUN_METRICS.name())) {
      return out;
    }
    Map<String, String> names =
        Map.of(
            "test_auc", "roc_auc",
            "test_pr_auc", "pr_auc",
            "test_log_loss", "log_loss",
            "test_rows", "rows",
            "test_label_rate", "positive_rate");
    for (Row r :
        tables
            .read(BallastTable.RUN_METRICS.name())
            .where(col("run_id").equalTo(v.runId()).and(col("key").isin(names.keySet().toArray())))
            .select("key", "value")
            .collectAsList()) {
      out.put(names.get(r.getString(0)), r.getDouble(1));
    }
    return out;
  }

  /** Profiles an existing version's training window (versions trained before baselines). */
  public String profileExisting(PipelineDefinition def, String ref) {
    ModelVersion v =
        ref.contains("@") || ref.contains("/")
            ? registry.resolve(ref)
            : resolve(def, Optional.of(ref));
    var spec = def.modelSpec(Optional.of(v.name()));
    TimeSplit split = TimeSplit.of(v, spec);
    TrainingSetJob.Assembled set =
        TrainingSetJob.assemble(
            tables, def, TrainingSetJob.Params.of(split, Map.of(), LabelMaturity.knownBy(v)));
    List<String> features = List.of(v.tags().getOrDefault("ballast.features", "").split(","));
    BaselineProfile p =
        TrainingBaseline.profile(
            def, set.rows(), split, PipelineModel.load(v.sparkmlPath()), features, v.name());
    BaselineProfile registered = TrainingBaseline.registered(p, v.version());
    new BaselineStore(tables).write(registered);
    return registered.id();
  }
}
