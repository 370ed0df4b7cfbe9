package io.ballast.features.lakehouse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every Ballast table is: its kind, a one-line description and its columns' meanings, read
 * from {@link BallastTable} for the tables with fixed names. The catalog comments ({@link
 * CatalogComments}), {@code ballast tables} and the README's table list all come from here, so a
 * table documented once is documented everywhere.
 *
 * <p>Tables named by the user (feature tables, {@code <pipeline>_predictions}, quarantine tables,
 * training sets) are recognised by their name's suffix; any other table is {@link
 * BallastTable.Kind#OTHER}.
 */
public final class TableDocs {
  private TableDocs() {}

  /** One table's documentation: kind, description and column comments (by column name). */
  public record Doc(BallastTable.Kind kind, String description, Map<String, String> columns) {
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

  /** The documentation of {@code table} (a name in the {@code ballast} catalog). */
  public static Doc of(String table) {
    Optional<BallastTable> fixed = BallastTable.named(table);
    if (fixed.isPresent()) {
      BallastTable t = fixed.get();
      return new Doc(t.kind(), t.description(), t.columns());
    }
    if (table.endsWith(BallastTable.PREDICTIONS_SUFFIX)) {
      return new Doc(
          BallastTable.Kind.PREDICTIONS,
          "Batch predictions of pipeline "
              + table.substring(0, table.length() - BallastTable.PREDICTIONS_SUFFIX.length())
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
          BallastTable.Kind.QUALITY,
          "Rows of "
              + table.substring(0, table.length() - "_quarantine".length())
              + " that failed row-level checks",
          map("_failed_checks", "Names of the checks the row failed"));
    }
    if (table.endsWith("_training_set")) {
      return new Doc(
          BallastTable.Kind.FEATURE,
          "Point-in-time training set: label events with their features",
          Map.of());
    }
    if (table.endsWith("_features")) {
      return new Doc(
          BallastTable.Kind.FEATURE,
          "Feature table: one row per source event with its features (see the pipeline"
              + " definition)",
          Map.of());
    }
    return new Doc(BallastTable.Kind.OTHER, "", Map.of());
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
    return BallastTable.all().stream().map(BallastTable::name).toList();
  }

  private static Map<String, String> map(String... kv) {
    return BallastTable.pairs(kv);
  }
}
