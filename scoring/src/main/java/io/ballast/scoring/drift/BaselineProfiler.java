package io.ballast.scoring.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles the training rows of a model version in two Spark jobs: ONE {@code approxQuantile} over
 * every numeric column (grid edges, min, max), then ONE grouped count (bins, category frequencies,
 * nulls, sums for mean and std) over all features and slices.
 */
public final class BaselineProfiler {
  private static final Logger LOG = LoggerFactory.getLogger(BaselineProfiler.class);

  /** Categories kept per categorical feature; the rest fall in the "other" bin. */
  public static final int MAX_CATEGORIES = 50;

  static final double RELATIVE_ERROR = 0.001;

  /**
   * Grid cells per coarse bin: numeric features are binned on {@link #cells} baseline quantiles
   * (1,000 for 20 bins), fine enough for KS and Wasserstein (README, "Drift"); the other statistics
   * group the cells back into {@code bins} bins.
   */
  public static final int CELLS_PER_BIN = 50;

  /** The most grid cells per feature (the counting pass keeps three numbers per cell). */
  public static final int MAX_CELLS = 1000;

  /** Grid cells for {@code bins} coarse bins: bins x 50, at most 1,000, at least bins. */
  public static int cells(int bins) {
    return Math.max(bins, Math.min(MAX_CELLS, bins * CELLS_PER_BIN));
  }

  private BaselineProfiler() {}

  /** The kind of a column, or empty when drift does not apply to its type (dates, arrays...). */
  public static Optional<FeatureProfile.Kind> kind(DataType t) {
    if (t instanceof NumericType) {
      return Optional.of(FeatureProfile.Kind.NUMERIC);
    }
    if (t instanceof StringType || t instanceof BooleanType) {
      return Optional.of(FeatureProfile.Kind.CATEGORICAL);
    }
    return Optional.empty();
  }

  /**
   * The profile of {@code features} over {@code rows}, overall and per slice.
   *
   * @param slices SQL expressions; those that do not resolve on {@code rows} are left out (logged)
   */
  public static BaselineProfile profile(
      Dataset<Row> rows,
      String model,
      String version,
      List<String> features,
      List<String> slices,
      int bins) {
    Map<String, FeatureProfile.Kind> kinds = new LinkedHashMap<>();
    for (String f : features) {
      StructField field = rows.schema().apply(f);
      kind(field.dataType())
          .ifPresentOrElse(
              k -> kinds.put(f, k),
              () ->
                  LOG.info("baseline: {} ({}) is not binned", f, field.dataType().simpleString()));
    }
    List<String> usable = Slices.resolvable(rows, slices);
    List<String> numeric =
        kinds.entrySet().stream()
            .filter(e -> e.getValue() == FeatureProfile.Kind.NUMERIC)
            .map(Map.Entry::getKey)
            .toList();
    int cells = cells(bins);
    double[] probs = new double[cells + 1];
    for (int i = 0; i <= cells; i++) {
      probs[i] = (double) i / cells;
    }
    Map<String, double[]> quantiles = new HashMap<>();
    if (!numeric.isEmpty()) {
      rows.sparkSession()
          .sparkContext()
          .setJobDescription("drift baseline " + model + "/" + version + ": quantiles");
      List<Column> clean = new ArrayList<>();
      for (String f : numeric) {
        Column v = col("`" + f + "`").cast("double");
        clean.add(
            when(
                    v.isNaN()
                        .or(v.equalTo(Double.POSITIVE_INFINITY))
                        .or(v.equalTo(Double.NEGATIVE_INFINITY)),
                    lit(null).cast(DataTypes.DoubleType))
                .otherwise(v)
                .as(f));
      }
      double[][] q =
          rows.select(clean.toArray(Column[]::new))
              .stat()
              .approxQuantile(numeric.toArray(String[]::new), probs, RELATIVE_ERROR);
      for (int i = 0; i < numeric.size(); i++) {
        quantiles.put(numeric.get(i), q[i]);
      }
    }
    List<BinnedCounts.Binner> binners = new ArrayList<>();
    List<String> ordered = List.copyOf(kinds.keySet());
    for (String f : ordered) {
      if (kinds.get(f) == FeatureProfile.Kind.NUMERIC) {
        binners.add(
            new BinnedCounts.Binner(
                f, FeatureProfile.Kind.NUMERIC, edges(quantiles.get(f)), Optional.empty()));
      } else {
        binners.add(
            new BinnedCounts.Binner(
                f, FeatureProfile.Kind.CATEGORICAL, new double[0], Optional.empty()));
      }
    }
    rows.sparkSession()
        .sparkContext()
        .setJobDescription("drift baseline " + model + "/" + version + ": bins");
    List<Row> grouped = BinnedCounts.of(rows, Optional.empty(), usable, binners).collectAsList();
    rows.sparkSession().sparkContext().setJobDescription(null);
    return assemble(model, version, binners, quantiles, grouped);
  }

  /** Interior quantiles (not min and max), distinct and sorted: the bin edges. */
  static double[] edges(double[] quantiles) {
    if (quantiles == null || quantiles.length < 3) {
      return new double[0];
    }
    return Arrays.stream(Arrays.copyOfRange(quantiles, 1, quantiles.length - 1))
        .distinct()
        .sorted()
        .toArray();
  }

  private record Key(String slice, String value, int feature) {}

  private static BaselineProfile assemble(
      String model,
      String version,
      List<BinnedCounts.Binner> binners,
      Map<String, double[]> quantiles,
      List<Row> grouped) {
    // categories: the most frequent values over the whole window
    Map<Integer, Map<String, Long>> overallCats = new HashMap<>();
    for (Row r : grouped) {
      if (r.getString(1).equals(BinnedCounts.ALL) && !r.isNullAt(5)) {
        overallCats
            .computeIfAbsent(r.getInt(3), k -> new HashMap<>())
            .merge(r.getString(5), r.getLong(6), Long::sum);
      }
    }
    Map<Integer, List<String>> kept = new HashMap<>();
    overallCats.forEach(
        (f, freq) ->
            kept.put(
                f,
                freq.entrySet().stream()
                    .sorted(
                        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(MAX_CATEGORIES)
                    .map(Map.Entry::getKey)
                    .toList()));
    Map<Key, HistogramSums> hists = new LinkedHashMap<>();
    for (Row r : grouped) {
      int f = r.getInt(3);
      BinnedCounts.Binner b = binners.get(f);
      Key k = new Key(r.getString(1), r.getString(2), f);
      Integer bin;
      int nBins;
      if (b.kind() == FeatureProfile.Kind.NUMERIC) {
        nBins = b.edges().length + 1;
        bin = r.isNullAt(4) ? null : r.getInt(4);
      } else {
        List<String> cats = kept.getOrDefault(f, List.of());
        nBins = cats.size() + 1;
        if (r.isNullAt(5)) {
          bin = null;
        } else {
          int i = cats.indexOf(r.getString(5));
          bin = i < 0 ? cats.size() : i;
        }
      }
      hists
          .computeIfAbsent(k, x -> new HistogramSums(nBins))
          .add(bin, r.getLong(6), r.getDouble(7), r.getDouble(8));
    }
    List<FeatureProfile> out = new ArrayList<>();
    hists.forEach(
        (k, h) -> {
          BinnedCounts.Binner b = binners.get(k.feature());
          double[] q = quantiles.get(b.feature());
          boolean hasQ = q != null && q.length > 0;
          out.add(
              new FeatureProfile(
                  k.slice(),
                  k.value(),
                  b.feature(),
                  b.kind(),
                  b.edges(),
                  b.kind() == FeatureProfile.Kind.NUMERIC
                      ? List.of()
                      : kept.getOrDefault(k.feature(), List.of()),
                  h.histogram(),
                  hasQ ? q[0] : 0.0,
                  hasQ ? q[q.length - 1] : 0.0));
        });
    out.sort(
        Comparator.comparing((FeatureProfile p) -> !p.slice().equals(BinnedCounts.ALL))
            .thenComparing(FeatureProfile::slice)
            .thenComparing(FeatureProfile::sliceValue)
            .thenComparing(p -> binners.indexOf(binnerOf(binners, p.feature()))));
    return new BaselineProfile(BaselineProfile.id(model, version), model, version, out);
  }

  private static BinnedCounts.Binner binnerOf(List<BinnedCounts.Binner> binners, String f) {
    return binners.stream().filter(b -> b.feature().equals(f)).findFirst().orElseThrow();
  }
}
