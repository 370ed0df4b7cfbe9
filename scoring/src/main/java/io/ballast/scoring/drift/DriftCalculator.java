package io.ballast.scoring.drift;

import io.ballast.features.config.DriftBaseline;
import io.ballast.features.config.DriftCalibration;
import io.ballast.features.config.DriftSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the small grouped result of the one-pass scan into drift rows and summaries: plain Java, no
 * Spark. Each partition is compared with its baseline (same slice) and with the previous day's
 * partition (same slice, same bins). The baseline is the training profile, or ({@code
 * drift.baseline}) the sum of the earlier days' counts of the same scan: the N days before, or the
 * same weekday of the K weeks before; its rows' {@code comparison} names it ({@link
 * DriftBaseline#comparison}).
 */
public final class DriftCalculator {
  /** The comparison against the training profile; see {@link DriftBaseline#comparison}. */
  public static final String BASELINE = DriftBaseline.TRAINING_COMPARISON;

  public static final String PREVIOUS = "previous";

  private DriftCalculator() {}

  /** One grouped cell of {@link BinnedCounts#of}. */
  public record Cell(
      String ds,
      String slice,
      String sliceValue,
      String feature,
      Integer bin,
      long n,
      double sum,
      double sumSquares) {}

  /** What one run produced. */
  public record Output(List<DriftRow> rows, List<DriftSummary> summaries) {}

  private record Key(String ds, String slice, String sliceValue, String feature) {}

  private record SliceKey(String slice, String sliceValue) {}

  private record Value(Double value, String reason) {}

  /**
   * @param calibrated thresholds learned from the calibration days, deciding instead of the
   *     configured ones where it has them ({@link CalibratedThresholds#none}: the configured ones
   *     alone)
   */
  public static Output compute(
      String table,
      BaselineProfile baseline,
      List<String> features,
      List<Cell> cells,
      List<LocalDate> days,
      DriftSpec spec,
      CalibratedThresholds calibrated) {
    Map<String, FeatureProfile> overallOf = new HashMap<>();
    Map<Key, FeatureProfile> profileOf = new HashMap<>();
    for (FeatureProfile p : baseline.profiles()) {
      profileOf.put(new Key("", p.slice(), p.sliceValue(), p.feature()), p);
      if (p.slice().equals(BinnedCounts.ALL)) {
        overallOf.put(p.feature(), p);
      }
    }
    for (String f : features) {
      if (!overallOf.containsKey(f)) {
        throw new IllegalStateException("baseline " + baseline.id() + " has no " + f);
      }
    }
    Map<String, int[]> groupsOf = new HashMap<>();
    overallOf.forEach((f, p) -> groupsOf.put(f, p.groups(spec.bins())));
    Map<Key, Histogram> hists = histograms(cells, overallOf);
    Map<String, Set<SliceKey>> slicesByDay = new HashMap<>();
    for (Cell c : cells) {
      slicesByDay
          .computeIfAbsent(c.ds(), d -> new LinkedHashSet<>())
          .add(new SliceKey(c.slice(), c.sliceValue()));
    }
    List<DriftRow> rows = new ArrayList<>();
    List<DriftSummary> summaries = new ArrayList<>();
    SliceKey all = new SliceKey(BinnedCounts.ALL, BinnedCounts.ALL);
    DriftBaseline seasonal = spec.baseline();
    String against = seasonal.comparison();
    for (LocalDate day : days) {
      String ds = day.toString();
      String prev = day.minusDays(1).toString();
      Set<SliceKey> slices = new LinkedHashSet<>();
      slices.add(all);
      slices.addAll(slicesByDay.getOrDefault(ds, Set.of()));
      for (SliceKey s : slices) {
        for (String comparison : List.of(against, PREVIOUS)) {
          int compared = 0;
          int drifted = 0;
          for (String f : features) {
            FeatureProfile overall = overallOf.get(f);
            Histogram target =
                hists.getOrDefault(
                    new Key(ds, s.slice(), s.sliceValue(), f), Histogram.empty(overall.bins()));
            Histogram reference;
            String missing;
            if (comparison.equals(PREVIOUS)) {
              reference = hists.get(new Key(prev, s.slice(), s.sliceValue(), f));
              missing = "the previous partition (" + prev + ") has no rows in this slice";
            } else if (seasonal.kind() == DriftBaseline.Kind.TRAINING) {
              FeatureProfile bp = profileOf.get(new Key("", s.slice(), s.sliceValue(), f));
              reference = bp == null ? null : bp.histogram();
              missing = "the baseline has no rows in this slice";
            } else {
              reference = null;
              for (LocalDate d : seasonal.referenceDays(day)) {
                Histogram h = hists.get(new Key(d.toString(), s.slice(), s.sliceValue(), f));
                if (h != null) {
                  reference = reference == null ? h : reference.plus(h);
                }
              }
              missing = "the baseline, " + seasonal.describe(day) + ", has no rows in this slice";
            }
            Map<String, Value> values =
                statistics(overall, groupsOf.get(f), reference, target, missing);
            boolean any = false;
            long referenceRows = reference == null ? 0 : reference.nonNull();
            for (Map.Entry<String, Value> e : values.entrySet()) {
              Value v = e.getValue();
              DriftDecision d =
                  DriftDecision.of(
                      spec,
                      overall.kind() == FeatureProfile.Kind.NUMERIC,
                      f,
                      e.getKey(),
                      v.value(),
                      v.reason(),
                      referenceRows,
                      target.nonNull());
              d =
                  calibrated.apply(
                      d,
                      new CalibratedThresholds.Key(
                          comparison, s.slice(), s.sliceValue(), f, e.getKey()),
                      v.value());
              any |= Boolean.TRUE.equals(d.drifted());
              rows.add(
                  new DriftRow(
                      table,
                      ds,
                      comparison,
                      s.slice(),
                      s.sliceValue(),
                      f,
                      e.getKey(),
                      v.value(),
                      d.threshold(),
                      d.drifted(),
                      d.reason()));
            }
            if (target.rows() > 0 && reference != null && reference.rows() > 0) {
              compared++;
              drifted += any ? 1 : 0;
            }
          }
          Double share = compared == 0 ? null : (double) drifted / compared;
          summaries.add(
              new DriftSummary(
                  table,
                  ds,
                  comparison,
                  s.slice(),
                  s.sliceValue(),
                  compared,
                  drifted,
                  share,
                  spec.driftedShareBound(),
                  share != null && share >= spec.driftedShareBound()));
        }
      }
    }
    return new Output(rows, summaries);
  }

  /**
   * The cells summed per (partition, slice, feature) into one histogram each: every cell added in
   * place (a histogram per cell would copy the grid's arrays once per cell: hundreds of thousands
   * of cells of over a thousand bins at 10M rows).
   */
  private static Map<Key, Histogram> histograms(
      List<Cell> cells, Map<String, FeatureProfile> overallOf) {
    Map<Key, HistogramSums> sums = new HashMap<>();
    for (Cell c : cells) {
      sums.computeIfAbsent(
              new Key(c.ds(), c.slice(), c.sliceValue(), c.feature()),
              k -> new HistogramSums(overallOf.get(c.feature()).bins()))
          .add(c.bin(), c.n(), c.sum(), c.sumSquares());
    }
    Map<Key, Histogram> out = new HashMap<>();
    sums.forEach((k, s) -> out.put(k, s.histogram()));
    return out;
  }

  /**
   * The thresholds {@code spec.calibration()} learns from the days of {@code window}: each day's
   * statistics computed as for a tested day, with the configured thresholds, from the same cells.
   */
  public static CalibratedThresholds calibrate(
      String table,
      BaselineProfile baseline,
      List<String> features,
      List<Cell> cells,
      DriftCalibration.Window window,
      DriftSpec spec) {
    List<LocalDate> days = window.from().datesUntil(window.to().plusDays(1)).toList();
    Output quiet =
        compute(
            table,
            baseline,
            features,
            cells,
            days,
            spec.uncalibrated(),
            CalibratedThresholds.none());
    return CalibratedThresholds.learn(quiet.rows(), spec, spec.calibration().orElseThrow(), window);
  }

  /** The statistics of a numeric feature, in the order rows are written. */
  static final List<String> NUMERIC =
      DriftSpec.STATISTICS.stream().filter(s -> !DriftSpec.CATEGORICAL_ONLY.contains(s)).toList();

  /** The statistics of a categorical feature, in the order rows are written. */
  static final List<String> CATEGORICAL =
      DriftSpec.STATISTICS.stream().filter(s -> !DriftSpec.NUMERIC_ONLY.contains(s)).toList();

  /**
   * The statistics of one feature. Numeric: KS and Wasserstein on the baseline's grid cells, the
   * others on the coarse bins ({@link FeatureProfile#groups}); categorical: on the categories.
   */
  private static Map<String, Value> statistics(
      FeatureProfile overall,
      int[] groups,
      Histogram reference,
      Histogram target,
      String missingReference) {
    boolean numeric = overall.kind() == FeatureProfile.Kind.NUMERIC;
    List<String> names = numeric ? NUMERIC : CATEGORICAL;
    Map<String, Value> out = new LinkedHashMap<>();
    String why = null;
    if (target.rows() == 0) {
      why = "no rows in this partition and slice";
    } else if (reference == null || reference.rows() == 0) {
      why = missingReference;
    }
    if (why != null) {
      for (String n : names) {
        out.put(n, new Value(null, why));
      }
      return out;
    }
    if (reference.nonNull() == 0) {
      why = "the reference has only null values (NaN and infinities count as null)";
    } else if (target.nonNull() == 0) {
      why = "the partition has only null values (NaN and infinities count as null)";
    }
    long[] fa = reference.counts();
    long[] fb = target.counts();
    long[] a = numeric ? FeatureProfile.grouped(fa, groups) : fa;
    long[] b = numeric ? FeatureProfile.grouped(fb, groups) : fb;
    DriftStatistics.ChiSquare chi = why == null ? DriftStatistics.chiSquare(a, b, !numeric) : null;
    for (String n : names) {
      if (n.equals("null_rate_delta")) {
        out.put(n, new Value(target.nullRate() - reference.nullRate(), null));
        continue;
      }
      if (why != null) {
        out.put(n, new Value(null, why));
        continue;
      }
      out.put(
          n,
          switch (n) {
            case "psi" -> new Value(DriftStatistics.psi(a, b), null);
            case "js_distance" -> new Value(DriftStatistics.jsDistance(a, b), null);
            case "ks_statistic" -> new Value(DriftStatistics.ksStatistic(fa, fb), null);
            case "ks_pvalue" ->
                new Value(
                    DriftStatistics.ksPValue(
                        DriftStatistics.ksStatistic(fa, fb), reference.nonNull(), target.nonNull()),
                    null);
            case "wasserstein" -> wasserstein(overall, reference, target);
            case "mean_delta" -> new Value(target.mean() - reference.mean(), null);
            case "chi2_statistic" -> new Value(chi.statistic(), null);
            case "chi2_pvalue" -> new Value(chi.pValue(), null);
            case "new_category_share" -> new Value(DriftStatistics.newShare(a, b), null);
            case "linf_distance" -> new Value(DriftStatistics.linf(a, b), null);
            case "tv_distance" -> new Value(DriftStatistics.tvDistance(a, b), null);
            case "hellinger" -> new Value(DriftStatistics.hellinger(a, b), null);
            default -> throw new IllegalStateException("unknown statistic " + n);
          });
    }
    return out;
  }

  /**
   * Wasserstein distance between the grid cells' points (each cell's mean value), divided by the
   * reference's std (the baseline's in this slice, or the previous day's).
   */
  private static Value wasserstein(FeatureProfile overall, Histogram reference, Histogram target) {
    double[] mid = overall.midpoints();
    double w =
        DriftStatistics.wasserstein(
            reference.points(mid), reference.counts(), target.points(mid), target.counts());
    double std = reference.std();
    if (std > 0) {
      return new Value(w / std, null);
    }
    if (w == 0) {
      return new Value(0.0, null);
    }
    return new Value(
        null, "the reference is constant (std 0): the raw distance " + w + " cannot be normalised");
  }
}
