package io.ballast.features.lakehouse;

import io.ballast.features.config.PipelineDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;

/**
 * One Ballast table with a fixed name, defined once: its name in the {@code ballast} catalog, its
 * kind, its partition columns, a one-line description, its columns' meanings and (through {@link
 * #schema()}) the schema Ballast writes it with. Every module names a table by one of these
 * constants, never by a string literal; {@link TableDocs} reads them.
 *
 * <p>Tables named after a pipeline ({@link #predictionsTable}) are derived here too.
 *
 * @param name the table's name in the {@code ballast} catalog
 * @param columns column comments by column name (shared ones are in {@link TableDocs})
 */
public record BallastTable(
    String name,
    Kind kind,
    String description,
    List<String> partitionBy,
    Map<String, String> columns) {

  /** What a table is for; shown as {@code kind} by {@code ballast tables}. */
  public enum Kind {
    SOURCE,
    FEATURE,
    QUALITY,
    DRIFT,
    PREDICTIONS,
    MODEL,
    REGISTRY,
    PIPELINE,
    OTHER;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Suffix of a pipeline's predictions table. */
  public static final String PREDICTIONS_SUFFIX = "_predictions";

  private static final List<BallastTable> ALL = new ArrayList<>();

  public static final BallastTable TRANSACTIONS =
      source(
          "transactions",
          List.of("ds"),
          "Demo card payments, one row per transaction, partitioned by payment day",
          "amount",
          "Payment amount",
          "currency",
          "ISO currency code",
          "channel",
          "Payment channel (online, card_present, ...)");
  public static final BallastTable FRAUD_LABELS =
      source(
          "fraud_labels",
          List.of("ds"),
          "Fraud labels by arrival day: they arrive 1-10 days after the payment",
          "label_ts",
          "When the label arrived",
          "is_fraud",
          "1 = the payment was fraud");
  public static final BallastTable CUSTOMERS =
      source("customers", List.of(), "Demo customer dimension");
  public static final BallastTable MERCHANTS =
      source("merchants", List.of(), "Demo merchant dimension");
  public static final BallastTable CARDS = source("cards", List.of(), "Demo card dimension");
  public static final BallastTable INJECTED_FAULTS =
      source(
          "injected_faults",
          List.of(),
          "Faults the demo generator injected: kind, days, table, columns",
          "fault",
          "quality_incident, distribution_shift or concept_drift",
          "first_day",
          "First day of the fault",
          "last_day",
          "Last day of the fault",
          "description",
          "What was injected");
  public static final BallastTable QUALITY_RESULTS =
      define(
          "quality_results",
          Kind.QUALITY,
          List.of("table_name"),
          "One row per (table, day, check): the check's status and measured value",
          "table_version",
          "Delta version of the checked table",
          "check_name",
          "Check name from the definition",
          "check_type",
          "Check type (completeness, range, anomaly, ...)",
          "constraint",
          "The constraint as text",
          "severity",
          "error (gates the pipeline) or warning",
          "status",
          "passed, failed or skipped",
          "message",
          "Why a check failed",
          "metric_value",
          "The measured metric",
          "checked_at",
          "When the check ran");
  public static final BallastTable QUALITY_METRICS =
      define(
          "quality_metrics",
          Kind.QUALITY,
          List.of("table_name"),
          "Deequ metric history: one row per (table, day, metric, column)",
          "table_version",
          "Delta version of the measured table",
          "metric",
          "Deequ metric name (Completeness, Size, Mean, ...)",
          "instance",
          "Column (or '*' for the whole table)",
          "computed_at",
          "When the metric was computed");
  public static final BallastTable DRIFT =
      define(
          "drift",
          Kind.DRIFT,
          List.of(),
          "Distribution drift: one row per (table, partition, comparison, slice, feature,"
              + " statistic)",
          "feature",
          "Feature (column) compared",
          "statistic",
          "psi, js_distance, ks_statistic, ks_pvalue, wasserstein, chi2_statistic, ...;"
              + " attribution_share and attribution_share_change for explained predictions",
          "threshold",
          "Threshold the value is compared with (null if none)",
          "drifted",
          "true if the value crossed the threshold",
          "baseline_id",
          "Which baseline profile was compared");
  public static final BallastTable DRIFT_SUMMARY =
      define(
          "drift_summary",
          Kind.DRIFT,
          List.of(),
          "Drift per (table, partition, comparison, slice): how many features drifted",
          "features",
          "Features compared",
          "drifted_features",
          "Features that drifted",
          "drifted_share",
          "drifted_features / features",
          "bound",
          "Share above which the partition counts as drifted",
          "drifted",
          "true if drifted_share > bound");
  public static final BallastTable MODEL_METRICS =
      define(
          "model_metrics",
          Kind.MODEL,
          List.of(),
          "Model quality: one row per (model version, dataset, slice, metric)",
          "dataset",
          "'test' (held-out window), 'live' (a scored day with labels), 'training',"
              + " 'calibration' or 'importance' (mean |attribution| per feature, slice 'feature')",
          "window_from",
          "First day of the evaluated window",
          "window_to",
          "Last day of the evaluated window",
          "metric",
          "roc_auc, pr_auc, log_loss, brier, precision, recall, f1, rows, positives, ...");
  public static final BallastTable MODEL_VALIDATIONS =
      define(
          "model_validations",
          Kind.MODEL,
          List.of(),
          "Validation gate decisions: champion vs challenger, per gate");
  public static final BallastTable RUNS =
      define(
          "runs",
          Kind.REGISTRY,
          List.of(),
          "Tracking runs (embedded tracking store)",
          "experiment",
          "Experiment name",
          "run_name",
          "Run name",
          "status",
          "RUNNING, FINISHED or FAILED",
          "start_time",
          "Run start",
          "end_time",
          "Run end",
          "error",
          "Error of a failed run",
          "tags",
          "Run tags");
  public static final BallastTable RUN_PARAMS =
      define(
          "run_params",
          Kind.REGISTRY,
          List.of(),
          "Parameters and tags of tracking runs",
          "kind",
          "param or tag",
          "key",
          "Name",
          "logged_at",
          "When logged");
  public static final BallastTable RUN_METRICS =
      define(
          "run_metrics",
          Kind.REGISTRY,
          List.of(),
          "Metrics of tracking runs",
          "key",
          "Metric name",
          "step",
          "Step",
          "timestamp",
          "When logged");
  public static final BallastTable MODEL_VERSIONS =
      define(
          "model_versions",
          Kind.REGISTRY,
          List.of(),
          "Registered model versions (embedded registry)",
          "version",
          "Version number",
          "source",
          "Where the Spark ML model is stored",
          "status",
          "Registration status",
          "created_at",
          "When registered",
          "tags",
          "Version tags: feature table versions, features, as_of");
  public static final BallastTable MODEL_ALIASES =
      define(
          "model_aliases",
          Kind.REGISTRY,
          List.of(),
          "Current aliases (champion, challenger) of each model",
          "alias",
          "Alias name",
          "version",
          "Version the alias points to",
          "updated_at",
          "When the alias was last set");
  public static final BallastTable MODEL_ALIAS_EVENTS =
      define(
          "model_alias_events",
          Kind.REGISTRY,
          List.of(),
          "Every promotion and rollback of an alias (embedded registry), oldest first",
          "action",
          "promote or rollback",
          "from_version",
          "Version the alias pointed to before (null: none)",
          "to_version",
          "Version the alias points to after",
          "reason",
          "Why, as given (e.g. the validation that passed)",
          "at",
          "When the alias moved");
  public static final BallastTable PIPELINE_TASK_RUNS =
      define(
          "pipeline_task_runs",
          Kind.PIPELINE,
          List.of(),
          "Task runs of the local runner (pipeline run / backfill), one row per attempt");

  public BallastTable {
    partitionBy = List.copyOf(partitionBy);
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /**
   * The schema Ballast writes this table with; none for tables whose schema comes from data. Kept
   * in {@link TableSchemas}, loaded only when asked for, so that modules without Spark on their
   * class path (orchestration) can name tables.
   */
  public Optional<StructType> schema() {
    return TableSchemas.of(name);
  }

  /** The schema Ballast writes this table with; a bug to ask for it on a table without one. */
  public StructType requireSchema() {
    return schema()
        .orElseThrow(() -> new IllegalStateException("ballast." + name + " has no fixed schema"));
  }

  /** This table's name qualified with the catalog, e.g. {@code ballast.drift}. */
  public String qualified() {
    return Lakehouse.qualified(name);
  }

  /** The tables with fixed names, in documentation order. */
  public static List<BallastTable> all() {
    return Collections.unmodifiableList(ALL);
  }

  /** The fixed-name table called {@code name}, if there is one. */
  public static Optional<BallastTable> named(String name) {
    return ALL.stream().filter(t -> t.name.equals(name)).findFirst();
  }

  /** The predictions table of a pipeline: {@code <pipeline>_predictions}. */
  public static String predictionsTable(PipelineDefinition def) {
    return def.name() + PREDICTIONS_SUFFIX;
  }

  private static BallastTable source(
      String name, List<String> partitionBy, String description, String... columns) {
    return define(name, Kind.SOURCE, partitionBy, description, columns);
  }

  private static BallastTable define(
      String name, Kind kind, List<String> partitionBy, String description, String... columns) {
    return register(new BallastTable(name, kind, description, partitionBy, pairs(columns)));
  }

  private static BallastTable register(BallastTable t) {
    ALL.add(t);
    return t;
  }

  static Map<String, String> pairs(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
