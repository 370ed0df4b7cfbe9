package io.ballast.scoring.explain;

import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.lakehouse.ModelMetricRows;
import io.ballast.scoring.ScoringModel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A model version's global importance: each input feature's mean absolute attribution over its test
 * window (the model's own explainer, as {@code score --explain} uses it, every feature per row) and
 * its share of the sum over features, the training baseline of attribution drift. Computed in one
 * Spark job ({@link AttributionShares#sums}) and kept in {@code ballast.model_metrics} as dataset
 * {@code importance}: slice {@code feature}, one slice value per feature, metrics {@code
 * mean_abs_attribution} and {@code attribution_share}; slice {@code all} metric {@code
 * explained_rows}. A retrain of the same version number replaces its rows.
 */
public final class GlobalImportance {
  public static final String DATASET = "importance";
  public static final String SLICE = "feature";
  public static final String MEAN_ABS = "mean_abs_attribution";
  public static final String SHARE = "attribution_share";
  public static final String ROWS = "explained_rows";

  private GlobalImportance() {}

  /**
   * What was measured.
   *
   * @param features largest mean |attribution| first
   * @param rows the explained rows
   */
  public record Measured(List<AttributionShares.Importance> features, long rows) {
    /** Feature -> share of the total mean |attribution|. */
    public Map<String, Double> shares() {
      return AttributionShares.shares(features);
    }
  }

  /**
   * The importance of {@code model} over {@code rows} (one Spark job). A model Ballast cannot
   * explain fails as {@code score --explain} does.
   */
  public static Measured of(ScoringModel model, Dataset<Row> rows) {
    try {
      Dataset<Row> explained = Explanations.transform(model, rows, Integer.MAX_VALUE);
      Map<String, Double> sums = new LinkedHashMap<>();
      long n = 0;
      for (Row r : AttributionShares.sums(explained, List.of(), 0).collectAsList()) {
        sums.merge(r.getString(0), r.getDouble(1), Double::sum);
        n += r.getLong(2);
      }
      return new Measured(AttributionShares.importance(sums, n), n);
    } finally {
      Explanations.stopContributions(model);
    }
  }

  public static void write(
      LakehouseTables tables,
      String model,
      String version,
      String windowFrom,
      String windowTo,
      Measured m) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    rows.add(
        ModelMetricRows.row(
            model, version, DATASET, windowFrom, windowTo, "all", "all", ROWS, m.rows(), now));
    for (AttributionShares.Importance i : m.features()) {
      for (Map.Entry<String, Double> e :
          Map.of(MEAN_ABS, i.meanAbsolute(), SHARE, i.share()).entrySet()) {
        rows.add(
            ModelMetricRows.row(
                model,
                version,
                DATASET,
                windowFrom,
                windowTo,
                SLICE,
                i.feature(),
                e.getKey(),
                e.getValue(),
                now));
      }
    }
    ModelMetricRows.replace(tables, model, version, DATASET, rows, "ballast train");
  }

  /** The version's stored importance; empty when it has none (trained before it was measured). */
  public static Optional<Measured> read(LakehouseTables tables, String model, String version) {
    List<Row> rows = ModelMetricRows.read(tables, model, version, DATASET);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Double> mean = new LinkedHashMap<>();
    Map<String, Double> share = new LinkedHashMap<>();
    long n = 0;
    for (Row r : rows) {
      double v = r.isNullAt(3) ? 0.0 : r.getDouble(3);
      if (r.getString(0).equals(SLICE)) {
        (r.getString(2).equals(MEAN_ABS) ? mean : share).put(r.getString(1), v);
      } else if (r.getString(2).equals(ROWS)) {
        n = (long) v;
      }
    }
    List<AttributionShares.Importance> out = new ArrayList<>();
    mean.forEach(
        (f, v) -> out.add(new AttributionShares.Importance(f, v, share.getOrDefault(f, 0.0))));
    out.sort(
        java.util.Comparator.comparingDouble((AttributionShares.Importance i) -> -i.meanAbsolute())
            .thenComparing(AttributionShares.Importance::feature));
    return Optional.of(new Measured(List.copyOf(out), n));
  }
}
