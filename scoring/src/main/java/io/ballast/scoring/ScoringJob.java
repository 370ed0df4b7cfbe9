package io.ballast.scoring;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.features.ArgumentErrors;
import io.ballast.features.build.BuildCommit;
import io.ballast.features.build.FeatureBuilder;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.Source;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.Lakehouse;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.pit.TrainingSetJob;
import io.ballast.scoring.explain.Explanations;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ballast score}: a model version's predictions for the events of days {@code from..to},
 * written to {@code ballast.<pipeline>_predictions} in one Delta commit that replaces exactly the
 * rows of those days for that model and shadow flag (a rerun replaces, never appends).
 *
 * <p>The events are joined to the feature tables by the same point-in-time code path a training set
 * uses ({@link TrainingSetJob#joinFeatures}), reading the current version of each feature table and
 * only the model's feature columns; the model's Spark ML pipeline then scores them. Every input row
 * gets exactly one prediction: the input count and the commit's written-row count are compared and
 * recorded in {@code ballast.scoring_runs}.
 *
 * <p>Nothing is written when the model's features are missing or of another type than it was
 * trained on, or a feature table has not been built for a scored day. Days with no events give no
 * predictions: a range without any event replaces the model's predictions of those days with none
 * and reports 0 rows (exit 0).
 */
public final class ScoringJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScoringJob() {}

  /**
   * What to score.
   *
   * @param shadow write the rows as a shadow model's (a challenger scored next to the serving one)
   * @param source the source whose events are scored (default: the first feature table's source)
   * @param explainTop with every prediction, its {@code explainTop} most important features and the
   *     base value ({@link Explanations}); 0: no explanations (the default)
   */
  public record Params(
      LocalDate from, LocalDate to, boolean shadow, Optional<String> source, int explainTop) {
    public Params {
      if (explainTop < 0 || explainTop > MAX_TOP) {
        throw ScoringErrors.badExplainTop(explainTop);
      }
    }

    public Params(LocalDate from, LocalDate to, boolean shadow, Optional<String> source) {
      this(from, to, shadow, source, 0);
    }

    public boolean explain() {
      return explainTop > 0;
    }
  }

  /** The most features an explanation may list per prediction. */
  public static final int MAX_TOP = 1000;

  /** What was scored. */
  public record Result(
      String runId,
      String table,
      String model,
      String version,
      String reference,
      boolean shadow,
      String from,
      String to,
      long inputRows,
      long predictions,
      Map<String, Long> rowsByDay,
      Map<String, Long> featureTableVersions,
      long predictionsVersion,
      String status,
      Map<String, Long> nanValues,
      Map<String, Long> infiniteValues,
      List<String> warnings,
      double seconds) {}

  public static Result run(
      LakehouseTables tables, PipelineDefinition def, ScoringModel model, Params p) {
    Instant t0 = Instant.now();
    if (p.from().isAfter(p.to())) {
      throw ArgumentErrors.badDateRange(p.from().toString(), p.to().toString());
    }
    LOG.info("score: start {} v{} {}", model.reference(), model.version(), p);
    String runId = UUID.randomUUID().toString();
    Source source = ScoringSpine.source(def, p.source());

    // Check before any Spark job: the model's features exist, from metadata only.
    Map<String, List<String>> columns = new LinkedHashMap<>();
    def.featureTables().stream()
        .filter(t -> tables.exists(t.name()))
        .forEach(t -> columns.put(t.name(), List.of(tables.read(t.name()).columns())));
    ModelInputs inputs = ModelInputs.resolve(def, model.features(), columns);
    if (!inputs.missing().isEmpty()) {
      throw ScoringErrors.modelFeaturesMissing(
          model.name(), model.version(), def.file(), inputs.missing());
    }
    checkTypes(tables, def, model, inputs);
    Map<String, Long> versions = new LinkedHashMap<>();
    Map<String, BuiltDays> built = new LinkedHashMap<>();
    for (String t : inputs.byTable().keySet()) {
      List<BuildCommit> history = BuildCommit.history(tables, t);
      versions.put(t, history.get(0).version());
      built.put(t, BuiltDays.of(history));
    }

    Dataset<Row> spine = ScoringSpine.read(tables, def, source, p.from(), p.to());
    tables.spark().sparkContext().setJobDescription("score: count input rows " + p);
    Map<String, Long> rowsByDay = new TreeMap<>();
    spine
        .groupBy(FeatureBuilder.DS)
        .count()
        .collectAsList()
        .forEach(r -> rowsByDay.put(r.getString(0), r.getLong(1)));
    long input = rowsByDay.values().stream().mapToLong(Long::longValue).sum();
    List<LocalDate> days = rowsByDay.keySet().stream().map(LocalDate::parse).toList();
    for (Map.Entry<String, BuiltDays> b : built.entrySet()) {
      List<String> notBuilt = b.getValue().missing(days);
      if (!notBuilt.isEmpty()) {
        throw ScoringErrors.featureDaysNotBuilt(
            b.getKey(), notBuilt, b.getValue().describe(), def.file());
      }
    }

    String table = BallastTable.predictionsTable(def);
    Timestamp scoredAt = Timestamp.from(t0);
    Map<String, String> joins =
        io.ballast.features.pit.FeatureJoin.describe(
            io.ballast.features.pit.FeatureJoin.plan(def, List.of(spine.columns())));
    String note = note(runId, def, model, p, input, versions, joins);
    String predicate = predicate(p, model.name());
    long written = 0;
    long commit = -1;
    String status;
    Optional<ScoredValues> values = Optional.empty();
    Optional<ScoredValues.Counts> counts = Optional.empty();
    if (input == 0 && !tables.exists(table)) {
      status = "empty";
    } else {
      Dataset<Row> rows;
      if (input == 0) {
        rows = tables.spark().createDataFrame(List.<Row>of(), tables.read(table).schema());
      } else {
        Dataset<Row> joined =
            TrainingSetJob.joinFeatures(
                tables, def, spine, p.from(), p.to(), versions, model.features());
        values = ScoredValues.of(joined, model.features());
        Dataset<Row> observed = values.isPresent() ? values.get().observe(joined) : joined;
        rows = scored(def, model, p, observed, versions, scoredAt);
      }
      tables
          .spark()
          .sparkContext()
          .setJobDescription(
              "score "
                  + model.reference()
                  + " v"
                  + model.version()
                  + " "
                  + p.from()
                  + ".."
                  + p.to());
      try {
        // explanations add their columns to the table's schema on first use; a plain run writes
        // them as null, so tables that never saw --explain keep their schema
        tables.replaceWhere(rows, table, FeatureBuilder.DS, predicate, note, p.explain());
        counts = values.flatMap(v -> v.counts(REPORT_WAIT));
      } finally {
        values.ifPresent(ScoredValues::close);
      }
      commit = commit(tables, table, runId).orElse(-1L);
      written = commit < 0 ? 0 : written(tables, table, commit, predicate);
      status = input == 0 ? "empty" : written == input ? "ok" : "count_mismatch";
    }
    tables.spark().sparkContext().setJobDescription(null);
    List<String> warnings = new ArrayList<>();
    if (values.isPresent() && counts.isEmpty()) {
      warnings.add(
          "could not count NaN and infinite feature values of run "
              + runId
              + ": Spark did not report them within "
              + REPORT_WAIT.toSeconds()
              + " s; nan_values and infinite_values are null in ballast.scoring_runs");
    }
    counts.filter(ScoredValues.Counts::any).ifPresent(c -> warnings.add(invalidValues(c, input)));
    Result r =
        new Result(
            runId,
            Lakehouse.qualified(table),
            model.name(),
            model.version(),
            model.reference(),
            p.shadow(),
            p.from().toString(),
            p.to().toString(),
            input,
            written,
            rowsByDay,
            versions,
            commit,
            status,
            counts.map(ScoredValues.Counts::nan).orElse(null),
            counts.map(ScoredValues.Counts::infinite).orElse(null),
            List.copyOf(warnings),
            Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    ScoringRuns.record(tables, def.name(), r, scoredAt);
    if (status.equals("count_mismatch")) {
      throw new IllegalStateException(
          "scoring wrote "
              + written
              + " predictions for "
              + input
              + " input rows (run "
              + runId
              + ", "
              + table
              + " version "
              + commit
              + "): every input row must get exactly one prediction");
    }
    warnings.forEach(w -> LOG.warn("score {} v{}: {}", model.name(), model.version(), w));
    LOG.info("score: done {}", r);
    return r;
  }

  /**
   * Refuses features whose column type is not the one the model was trained on (from the tables'
   * schemas: no Spark job), naming each with both types.
   */
  private static void checkTypes(
      LakehouseTables tables, PipelineDefinition def, ScoringModel model, ModelInputs inputs) {
    Map<String, String> now = new LinkedHashMap<>();
    Map<String, String> tableOf = new LinkedHashMap<>();
    inputs
        .byTable()
        .forEach(
            (t, fs) -> {
              StructType schema = tables.read(t).schema();
              for (String f : fs) {
                now.put(f, schema.apply(f).dataType().simpleString());
                tableOf.put(f, t);
              }
            });
    List<String> categorical = def.model(model.name()).map(m -> m.categorical()).orElse(List.of());
    List<String> changed = ModelInputs.typeChanges(model.featureTypes(), now, tableOf, categorical);
    if (!changed.isEmpty()) {
      throw ScoringErrors.featureTypesChanged(model.name(), model.version(), def.file(), changed);
    }
  }

  /** How long a write's NaN and infinite counts may take to be reported after it ends. */
  static final Duration REPORT_WAIT = Duration.ofSeconds(30);

  /**
   * The warning for NaN and infinite feature values: each feature's counts, what the model does
   * with them and where they are recorded.
   */
  static String invalidValues(ScoredValues.Counts c, long rows) {
    List<String> each = new ArrayList<>();
    c.nan()
        .forEach(
            (f, n) -> {
              long inf = c.infinite().getOrDefault(f, 0L);
              if (n > 0 || inf > 0) {
                each.add(f + ": " + n + " NaN, " + inf + " infinite");
              }
            });
    return "of "
        + rows
        + " scored rows, "
        + String.join("; ", each)
        + ". The model imputes NaN like a null (the training median); an infinite value reaches it"
        + " as it is. Fix the source or the feature's expr; the counts are in ballast.scoring_runs"
        + " (nan_values, infinite_values)";
  }

  /** The model's predictions for the joined rows (lazy: runs when written). */
  private static Dataset<Row> scored(
      PipelineDefinition def,
      ScoringModel model,
      Params p,
      Dataset<Row> joined,
      Map<String, Long> versions,
      Timestamp scoredAt) {
    List<String> keys = ScoringSpine.keys(def, ScoringSpine.source(def, p.source()));
    return Predictions.score(
        joined,
        keys,
        model,
        new Predictions.Labels(model.name(), model.version(), p.shadow(), versions, scoredAt),
        p.explainTop());
  }

  /** The rows a run owns: its days, its model, its shadow flag. */
  static String predicate(Params p, String modelName) {
    return String.format(
        "%s >= '%s' AND %s <= '%s' AND %s = '%s' AND %s = %s",
        FeatureBuilder.DS,
        p.from(),
        FeatureBuilder.DS,
        p.to(),
        Predictions.MODEL_NAME,
        modelName.replace("'", "\\'"),
        Predictions.SHADOW,
        p.shadow());
  }

  private static String note(
      String runId,
      PipelineDefinition def,
      ScoringModel model,
      Params p,
      long input,
      Map<String, Long> versions,
      Map<String, String> joins) {
    ObjectNode n = JSON.createObjectNode();
    n.put("writer", "ballast score");
    n.put("run_id", runId);
    n.put("pipeline", def.name());
    n.put("model_name", model.name());
    n.put("model_version", model.version());
    n.put("model_reference", model.reference());
    n.put("shadow", p.shadow());
    n.put("from", p.from().toString());
    n.put("to", p.to().toString());
    n.put("input_rows", input);
    n.put("explain_top", p.explainTop());
    ObjectNode v = n.putObject("feature_table_versions");
    versions.forEach(v::put);
    ObjectNode j = n.putObject("feature_joins");
    joins.forEach(j::put);
    return n.toString();
  }

  /** The version of the run's commit; writing no rows over no matching rows makes none. */
  private static Optional<Long> commit(LakehouseTables tables, String table, String runId) {
    return DeltaTable.forPath(tables.spark(), tables.lakehouse().tablePath(table))
        .history(20)
        .where(
            org.apache
                .spark
                .sql
                .functions
                .get_json_object(col("userMetadata"), "$.run_id")
                .equalTo(runId))
        .select("version")
        .collectAsList()
        .stream()
        .map(r -> r.getLong(0))
        .findFirst();
  }

  /**
   * The rows the run owns in the version it committed: exactly one per input row, or a bug.
   * (Counted in the table rather than taken from the commit's numOutputRows, which also counts rows
   * Delta copies when a replaced file held other models' rows, e.g. after OPTIMIZE.)
   */
  private static long written(
      LakehouseTables tables, String table, long version, String predicate) {
    return tables
        .spark()
        .read()
        .format("delta")
        .option("versionAsOf", version)
        .load(tables.lakehouse().tablePath(table))
        .where(predicate)
        .count();
  }
}
