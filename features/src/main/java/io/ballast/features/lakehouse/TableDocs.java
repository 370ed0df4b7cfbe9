package io.ballast.features.lakehouse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every Ballast table is: its kind, a one-line description and its columns' meanings. The
 * catalog comments ({@link CatalogComments}), {@code ballast tables} and the README's table list
 * all come from here, so a table documented once is documented everywhere.
 *
 * <p>Tables named by the user (feature tables, {@code <pipeline>_predictions}, quarantine tables,
 * training sets) are recognised by their name's suffix; any other table is {@link Kind#OTHER}.
 */
public final class TableDocs {
  private TableDocs() {}

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
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One table's documentation: kind, description and column comments (by column name). */
  public record Doc(Kind kind, String description, Map<String, String> columns) {
    /** The comment for a column: its own, else a shared one for a common column name. */
    public Optional<String> column(String name) {
      return Optional.ofNullable(columns.get(name)).or(() -> Optional.ofNullable(COMMON.get(name)));
    }
  }

  /** Columns that mean the same in every table that has them. */
  static final Map<String, String> COMMON =
      map(
          "ds", "Day partition, yyyy-MM-dd (UTC)",
          "event_ts", "When the event happened (UTC)",
          "_ingested_at", "When the row was written to the lakehouse",
          "txn_id", "Transaction id",
          "card_id", "Card id",
          "customer_id", "Customer id (entity key)",
          "merchant_id", "Merchant id (entity key)",
          "merchant_category", "Merchant category code name",
          "table_name", "The table a result is about (ballast.<name>)",
          "model_name", "Registered model name",
          "model_version", "Registered model version",
          "slice", "Slice expression ('all' = the whole population)",
          "slice_value", "Value of the slice expression ('all' = the whole population)",
          "comparison", "'baseline' (training reference) or 'previous' (the previous partition)",
          "_computed_at", "When the row was computed",
          "run_id", "Tracking run id",
          "value", "The value",
          "label", "Training label (1 = positive)",
          "label_known_at", "When the label became known");

  private static final Map<String, Doc> BY_NAME = new LinkedHashMap<>();

  static {
    doc(
        "transactions",
        Kind.SOURCE,
        "Demo card payments, one row per transaction, partitioned by payment day",
        "amount",
        "Payment amount",
        "currency",
        "ISO currency code",
        "channel",
        "Payment channel (online, card_present, ...)");
    doc(
        "fraud_labels",
        Kind.SOURCE,
        "Fraud labels by arrival day: they arrive 1-10 days after the payment",
        "label_ts",
        "When the label arrived",
        "is_fraud",
        "1 = the payment was fraud");
    doc("customers", Kind.SOURCE, "Demo customer dimension");
    doc("merchants", Kind.SOURCE, "Demo merchant dimension");
    doc("cards", Kind.SOURCE, "Demo card dimension");
    doc(
        "injected_faults",
        Kind.SOURCE,
        "Faults the demo generator injected: kind, days, table, columns",
        "fault",
        "quality_incident, distribution_shift or concept_drift",
        "first_day",
        "First day of the fault",
        "last_day",
        "Last day of the fault",
        "description",
        "What was injected");
    doc(
        "quality_results",
        Kind.QUALITY,
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
    doc(
        "quality_metrics",
        Kind.QUALITY,
        "Deequ metric history: one row per (table, day, metric, column)",
        "table_version",
        "Delta version of the measured table",
        "metric",
        "Deequ metric name (Completeness, Size, Mean, ...)",
        "instance",
        "Column (or '*' for the whole table)",
        "computed_at",
        "When the metric was computed");
    doc(
        "drift",
        Kind.DRIFT,
        "Distribution drift: one row per (table, partition, comparison, slice, feature,"
            + " statistic)",
        "feature",
        "Feature (column) compared",
        "statistic",
        "psi, js_distance, ks_statistic, ks_pvalue, wasserstein, chi2_statistic, ...",
        "threshold",
        "Threshold the value is compared with (null if none)",
        "drifted",
        "true if the value crossed the threshold",
        "baseline_id",
        "Which baseline profile was compared");
    doc(
        "drift_summary",
        Kind.DRIFT,
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
    doc(
        "model_metrics",
        Kind.MODEL,
        "Model quality: one row per (model version, dataset, slice, metric)",
        "dataset",
        "'test' (held-out window), 'live' (a scored day with labels) or 'training'",
        "window_from",
        "First day of the evaluated window",
        "window_to",
        "Last day of the evaluated window",
        "metric",
        "roc_auc, pr_auc, log_loss, brier, precision, recall, f1, rows, positives, ...");
    doc(
        "model_validations",
        Kind.MODEL,
        "Validation gate decisions: champion vs challenger, per gate");
    doc(
        "runs",
        Kind.REGISTRY,
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
    doc(
        "run_params",
        Kind.REGISTRY,
        "Parameters and tags of tracking runs",
        "kind",
        "param or tag",
        "key",
        "Name",
        "logged_at",
        "When logged");
    doc(
        "run_metrics",
        Kind.REGISTRY,
        "Metrics of tracking runs",
        "key",
        "Metric name",
        "step",
        "Step",
        "timestamp",
        "When logged");
    doc(
        "model_versions",
        Kind.REGISTRY,
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
    doc(
        "model_aliases",
        Kind.REGISTRY,
        "Current aliases (champion, challenger) of each model",
        "alias",
        "Alias name",
        "version",
        "Version the alias points to",
        "updated_at",
        "When the alias was last set");
    doc(
        "pipeline_task_runs",
        Kind.PIPELINE,
        "Task runs of the local runner (pipeline run / backfill), one row per attempt");
  }

  /** The documentation of {@code table} (a name in the {@code ballast} catalog). */
  public static Doc of(String table) {
    Doc d = BY_NAME.get(table);
    if (d != null) {
      return d;
    }
    if (table.endsWith("_predictions")) {
      return new Doc(
          Kind.PREDICTIONS,
          "Batch predictions of pipeline "
              + table.substring(0, table.length() - "_predictions".length())
              + ": one row per scored event, model and day",
          map(
              "score", "Probability of the positive class",
              "prediction", "Predicted label",
              "shadow", "false = the serving model, true = a challenger scored next to it",
              "feature_table_versions", "Feature table versions the scores were computed from",
              "_scored_at", "When the row was scored"));
    }
    if (table.endsWith("_quarantine")) {
      return new Doc(
          Kind.QUALITY,
          "Rows of "
              + table.substring(0, table.length() - "_quarantine".length())
              + " that failed row-level checks",
          map("_failed_checks", "Names of the checks the row failed"));
    }
    if (table.endsWith("_training_set")) {
      return new Doc(
          Kind.FEATURE, "Point-in-time training set: label events with their features", Map.of());
    }
    if (table.endsWith("_features")) {
      return new Doc(
          Kind.FEATURE,
          "Feature table: one row per source event with its features (see the pipeline"
              + " definition)",
          Map.of());
    }
    return new Doc(Kind.OTHER, "", Map.of());
  }

  /**
   * Column comments of a definition's feature tables, by table: each feature's expression, or its
   * aggregate, window and filter, as the definition declares it.
   */
  public static Map<String, Map<String, String>> featureColumns(
      io.ballast.features.config.PipelineDefinition def) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (io.ballast.features.config.FeatureTable t : def.featureTables()) {
      Map<String, String> cols = new LinkedHashMap<>();
      for (io.ballast.features.config.Feature f : t.features()) {
        cols.put(f.name(), featureComment(f));
      }
      out.put(t.name(), cols);
    }
    return out;
  }

  static String featureComment(io.ballast.features.config.Feature f) {
    if (f.aggregate().isEmpty()) {
      return "Feature: " + f.expr().orElse("");
    }
    io.ballast.features.config.Aggregate a = f.aggregate().get();
    return "Feature: "
        + a.function().key()
        + ("*".equals(a.of()) || a.of() == null || a.of().isEmpty() ? "" : " of " + a.of())
        + " over the trailing "
        + window(a.window())
        + " per entity"
        + a.source().map(s -> " from " + s).orElse("")
        + a.filter().map(x -> " where " + x).orElse("")
        + (a.includeCurrent() ? ", including the row itself" : "");
  }

  private static String window(java.time.Duration d) {
    if (d.toDays() > 0 && d.equals(java.time.Duration.ofDays(d.toDays()))) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0 && d.equals(java.time.Duration.ofHours(d.toHours()))) {
      return d.toHours() + "h";
    }
    return d.toMinutes() + "m";
  }

  /** The tables with fixed names, in documentation order. */
  public static List<String> knownTables() {
    return List.copyOf(BY_NAME.keySet());
  }

  private static void doc(String name, Kind kind, String description, String... columns) {
    BY_NAME.put(name, new Doc(kind, description, map(columns)));
  }

  private static Map<String, String> map(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
