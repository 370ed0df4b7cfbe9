package io.ballast.scoring.drift;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.ballast.features.config.DriftSpec;
import io.ballast.scoring.explain.AttributionShares;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Attribution drift of a predictions table scored with {@code --explain}: per day, slice and input
 * feature, the feature's share of the summed |attribution| (its mean |attribution| over the sum of
 * all features' means) against its share on the model's test window ({@link
 * io.ballast.scoring.explain.GlobalImportance}). The sums come from one grouped aggregation ({@link
 * #sums}); the rows are plain Java ({@link #rows}).
 *
 * <p>Shares need every feature's attribution in a row: a row scored with {@code --top K} below the
 * number of features lists only its K largest, which would overstate them. Such rows are left out
 * and counted; a day with none complete gets rows with a null value and the reason.
 */
public final class AttributionDrift {
  private AttributionDrift() {}

  private record Group(String ds, String slice, String sliceValue) {}

  /** The summed |attribution| of one feature over the complete explained rows of one group. */
  public record Sum(
      String ds, String slice, String sliceValue, String feature, double absSum, long rows) {}

  /**
   * The sums per (day, slice, slice value, feature), collected: one Spark job. {@code rows} holds
   * only the days to compare and the rows of the model version whose baseline is used.
   *
   * @param features how many features a complete explanation lists (the baseline's)
   */
  public static List<Sum> sums(
      Dataset<Row> rows, String partition, List<String> slices, int features) {
    List<Column> sliceStructs = new ArrayList<>();
    sliceStructs.add(
        struct(lit(BinnedCounts.ALL).as("slice"), lit(BinnedCounts.ALL).as("slice_value")));
    for (String s : slices) {
      sliceStructs.add(
          struct(
              lit(s).as("slice"),
              coalesce(expr(s).cast("string"), lit(BinnedCounts.NULL_SLICE_VALUE))
                  .as("slice_value")));
    }
    Dataset<Row> sliced =
        rows.withColumn("_slice", explode(array(sliceStructs.toArray(Column[]::new))));
    List<Row> out =
        AttributionShares.sums(
                sliced,
                List.of(
                    col(partition).cast("string"), col("_slice.slice"), col("_slice.slice_value")),
                features)
            .collectAsList();
    List<Sum> sums = new ArrayList<>(out.size());
    for (Row r : out) {
      sums.add(
          new Sum(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getString(3),
              r.getDouble(4),
              r.getLong(5)));
    }
    return sums;
  }

  /**
   * Two rows per (day, slice, slice value, feature) with explained rows, comparison {@code
   * baseline}: {@link DriftSpec#ATTRIBUTION_SHARE} (the day's share, no threshold) and {@link
   * DriftSpec#ATTRIBUTION_SHARE_CHANGE} (share minus baseline share, flagged when its absolute
   * value exceeds the threshold). Features are the baseline's, then any new ones; a feature absent
   * on one side has share 0 there.
   *
   * @param baseline feature -> share on the test window
   */
  public static List<DriftRow> rows(
      String table,
      List<Sum> sums,
      Map<String, Double> baseline,
      List<LocalDate> days,
      DriftSpec spec) {
    Map<Group, Map<String, Double>> abs = new LinkedHashMap<>();
    Map<Group, long[]> counts = new LinkedHashMap<>(); // complete, partial
    for (Sum s : sums) {
      Group g = new Group(s.ds(), s.slice(), s.sliceValue());
      long[] c = counts.computeIfAbsent(g, k -> new long[2]);
      Map<String, Double> a = abs.computeIfAbsent(g, k -> new LinkedHashMap<>());
      if (s.feature().equals(AttributionShares.PARTIAL)) {
        c[1] += s.rows();
      } else {
        c[0] += s.rows();
        a.merge(s.feature(), s.absSum(), Double::sum);
      }
    }
    List<DriftRow> out = new ArrayList<>();
    List<String> order = days.stream().map(LocalDate::toString).toList();
    List<Group> groups =
        counts.keySet().stream()
            .filter(g -> order.contains(g.ds()))
            .sorted(
                java.util.Comparator.comparing((Group g) -> g.ds())
                    .thenComparing(g -> !g.slice().equals(BinnedCounts.ALL))
                    .thenComparing(Group::slice)
                    .thenComparing(Group::sliceValue))
            .toList();
    for (Group g : groups) {
      long complete = counts.get(g)[0];
      long partial = counts.get(g)[1];
      Map<String, Double> a = abs.get(g);
      double total = a.values().stream().mapToDouble(Double::doubleValue).sum();
      Set<String> features = new LinkedHashSet<>(baseline.keySet());
      features.addAll(a.keySet());
      Optional<String> undefined =
          complete == 0
              ? Optional.of(
                  String.format(
                      Locale.ROOT,
                      "none of the %,d explained rows lists every feature (scored with --top"
                          + " below the model's %d features): score with --explain --top %d",
                      partial,
                      baseline.size(),
                      baseline.size()))
              : total <= 0
                  ? Optional.of(
                      String.format(
                          Locale.ROOT,
                          "every attribution of the %,d explained rows is 0",
                          complete))
                  : Optional.empty();
      String left =
          partial == 0
              ? ""
              : String.format(
                  Locale.ROOT, "; %,d rows listing only their top features left out", partial);
      for (String f : features) {
        double base = baseline.getOrDefault(f, 0.0);
        Optional<Double> threshold = spec.threshold(f, DriftSpec.ATTRIBUTION_SHARE_CHANGE);
        if (undefined.isPresent()) {
          out.add(row(table, g, f, DriftSpec.ATTRIBUTION_SHARE, null, null, null, undefined.get()));
          out.add(
              row(
                  table,
                  g,
                  f,
                  DriftSpec.ATTRIBUTION_SHARE_CHANGE,
                  null,
                  threshold.orElse(null),
                  null,
                  undefined.get()));
          continue;
        }
        double share = a.getOrDefault(f, 0.0) / total;
        double change = share - base;
        String why =
            String.format(
                Locale.ROOT,
                "share %.4f vs %.4f on the test window (%,d explained rows%s)",
                share,
                base,
                complete,
                left);
        out.add(row(table, g, f, DriftSpec.ATTRIBUTION_SHARE, share, null, null, why));
        out.add(
            row(
                table,
                g,
                f,
                DriftSpec.ATTRIBUTION_SHARE_CHANGE,
                change,
                threshold.orElse(null),
                spec.drifted(f, DriftSpec.ATTRIBUTION_SHARE_CHANGE, change).orElse(null),
                why));
      }
    }
    return out;
  }

  private static DriftRow row(
      String table,
      Group g,
      String feature,
      String statistic,
      Double value,
      Double threshold,
      Boolean drifted,
      String reason) {
    return new DriftRow(
        table,
        g.ds(),
        DriftCalculator.BASELINE,
        g.slice(),
        g.sliceValue(),
        feature,
        statistic,
        value,
        threshold,
        drifted,
        reason);
  }
}
