package io.ballast.scoring.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.ballast.features.config.DriftBaseline;
import io.ballast.features.config.DriftCalibration;
import io.ballast.features.config.DriftSpec;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.scoring.explain.Explanations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift of one table's partitions {@code from..to} against a baseline and against each previous
 * day, per slice and feature, in ONE Spark job (plus the two writes): the partitions and the days
 * before the first that the comparisons need (the previous day; for a rolling or same-weekday
 * baseline, {@link DriftBaseline#lookbackDays} days) are binned together and counted in one pass
 * ({@link BinTally}); the statistics are computed on the driver from that small result, a seasonal
 * baseline as a sum of the earlier days' counts.
 */
public final class DriftJob {
  private static final Logger LOG = LoggerFactory.getLogger(DriftJob.class);
  public static final String PARTITION = "ds";

  private DriftJob() {}

  /**
   * @param rowFilter a SQL predicate applied first (e.g. the serving model's rows of a predictions
   *     table)
   * @param features the features to compare; empty: every baseline feature the table has
   * @param attributionBaseline feature -> its share of the model's attribution on its test window
   *     ({@link io.ballast.scoring.explain.GlobalImportance}); with it, a table that has {@link
   *     Explanations#EXPLANATION} also gets attribution drift rows ({@link AttributionDrift})
   * @param trainingWindow the model version's training window: the calibration days when {@code
   *     drift.calibration} names none
   */
  public record Params(
      String table,
      LocalDate from,
      LocalDate to,
      Optional<String> rowFilter,
      List<String> features,
      DriftSpec spec,
      Optional<Map<String, Double>> attributionBaseline,
      Optional<DriftCalibration.Window> trainingWindow) {

    /** Without attribution drift or a training window. */
    public Params(
        String table,
        LocalDate from,
        LocalDate to,
        Optional<String> rowFilter,
        List<String> features,
        DriftSpec spec) {
      this(table, from, to, rowFilter, features, spec, Optional.empty(), Optional.empty());
    }

    /**
     * The calibration days, when {@code drift.calibration} is on: its own, or the training window.
     */
    Optional<DriftCalibration.Window> calibrationDays() {
      if (spec.calibration().isEmpty()) {
        return Optional.empty();
      }
      Optional<DriftCalibration.Window> w =
          spec.calibration().get().days().or(() -> trainingWindow);
      if (w.isEmpty()) {
        throw DriftErrors.driftNoCalibrationDays(table);
      }
      return w;
    }
  }

  /**
   * What a run found.
   *
   * @param comparison the {@code comparison} of the rows against the baseline ({@link
   *     DriftBaseline#comparison}: {@code baseline} for the training profile)
   * @param attributionRows the attribution drift rows written (empty when the table has no
   *     explanations or the model no global importance); not counted in {@code summaries}
   * @param calibrated the thresholds learned from the calibration days ({@link
   *     CalibratedThresholds#none} without {@code drift.calibration})
   */
  public record Result(
      String table,
      String baselineId,
      String comparison,
      String from,
      String to,
      List<String> features,
      List<String> slices,
      List<String> emptyPartitions,
      List<DriftSummary> summaries,
      List<DriftRow> driftedRows,
      long rows,
      double seconds,
      List<DriftRow> attributionRows,
      CalibratedThresholds calibrated) {

    /**
     * Summaries of the whole partition against the baseline (training, rolling or same weekday)
     * that crossed the bound.
     */
    public List<DriftSummary> driftedPartitions() {
      return summaries.stream()
          .filter(
              s ->
                  s.drifted()
                      && s.comparison().equals(comparison)
                      && s.slice().equals(BinnedCounts.ALL))
          .toList();
    }
  }

  public static Result run(LakehouseTables tables, BaselineProfile training, Params p) {
    Instant t0 = Instant.now();
    // the grid with narrow cells past the baseline's range on both sides, for every comparison
    BaselineProfile baseline = training.withTails(p.spec().bins());
    LOG.info(
        "drift: start {} {}..{} vs {} ({})",
        p.table(),
        p.from(),
        p.to(),
        baseline.id(),
        p.spec().baseline().comparison());
    Dataset<Row> df = tables.read(p.table());
    List<String> columns = List.of(df.columns());
    if (!columns.contains(PARTITION)) {
      throw DriftErrors.driftNoPartitionColumn(p.table(), PARTITION, columns);
    }
    List<String> features = features(p, baseline, df);
    // one scan from the earliest day a comparison needs: the previous day, or the seasonal
    // baseline's first day; with calibration, its days too (and the days their comparisons need)
    int lookback = Math.max(1, p.spec().baseline().lookbackDays());
    Optional<DriftCalibration.Window> calibration = p.calibrationDays();
    Column scanned = days(p.from().minusDays(lookback), p.to());
    if (calibration.isPresent()) {
      scanned =
          scanned.or(days(calibration.get().from().minusDays(lookback), calibration.get().to()));
    }
    Dataset<Row> rows = df.where(scanned);
    if (p.rowFilter().isPresent()) {
      rows = rows.where(expr(p.rowFilter().get()));
    }
    List<String> slices = Slices.resolvable(rows, p.spec().slices());
    List<BinnedCounts.Binner> binners = new ArrayList<>();
    for (String f : features) {
      FeatureProfile o = baseline.overall(f);
      binners.add(
          new BinnedCounts.Binner(
              f,
              o.kind(),
              o.edges(),
              o.kind() == FeatureProfile.Kind.CATEGORICAL
                  ? Optional.of(o.categories())
                  : Optional.empty()));
    }
    DriftStore store = new DriftStore(tables);
    List<Thread> snapshots = store.prepare();
    tables
        .spark()
        .sparkContext()
        .setJobDescription("drift " + p.table() + " " + p.from() + ".." + p.to());
    Instant counting = Instant.now();
    List<DriftCalculator.Cell> cells = BinTally.of(rows, PARTITION, slices, binners);
    LOG.info(
        "drift: {} features binned and counted in {} ms ({} cells)",
        features.size(),
        Duration.between(counting, Instant.now()).toMillis(),
        cells.size());
    Instant computing = Instant.now();
    List<LocalDate> days = p.from().datesUntil(p.to().plusDays(1)).toList();
    List<DriftRow> attribution = attribution(p, baseline, rows, slices, days);
    tables.spark().sparkContext().setJobDescription(null);
    CalibratedThresholds calibrated =
        calibration.isEmpty()
            ? CalibratedThresholds.none()
            : DriftCalculator.calibrate(
                p.table(), baseline, features, cells, calibration.get(), p.spec());
    if (calibration.isPresent()) {
      LOG.info("drift: {}", calibrated.describe(p.spec().baseline().comparison(), 3));
    }
    DriftCalculator.Output calculated =
        DriftCalculator.compute(p.table(), baseline, features, cells, days, p.spec(), calibrated);
    List<DriftRow> all = new ArrayList<>(calculated.rows());
    all.addAll(attribution);
    DriftCalculator.Output out = new DriftCalculator.Output(all, calculated.summaries());
    Instant writing = Instant.now();
    LOG.info(
        "drift: {} rows and {} summaries computed in {} ms",
        all.size(),
        out.summaries().size(),
        Duration.between(computing, writing).toMillis());
    DriftStore.join(snapshots);
    store.write(p.table(), p.from(), p.to(), baseline, out);
    LOG.info(
        "drift: {} and {} written in {} ms",
        BallastTable.DRIFT.name(),
        BallastTable.DRIFT_SUMMARY.name(),
        Duration.between(writing, Instant.now()).toMillis());
    Map<String, Long> rowsByDay =
        cells.stream()
            .filter(c -> c.slice().equals(BinnedCounts.ALL) && c.feature().equals(features.get(0)))
            .collect(
                Collectors.groupingBy(
                    DriftCalculator.Cell::ds, Collectors.summingLong(DriftCalculator.Cell::n)));
    List<String> empty =
        days.stream().map(LocalDate::toString).filter(d -> !rowsByDay.containsKey(d)).toList();
    long total =
        days.stream().map(LocalDate::toString).mapToLong(d -> rowsByDay.getOrDefault(d, 0L)).sum();
    Result r =
        new Result(
            p.table(),
            baseline.id(),
            p.spec().baseline().comparison(),
            p.from().toString(),
            p.to().toString(),
            features,
            slices,
            empty,
            out.summaries(),
            calculated.rows().stream().filter(x -> Boolean.TRUE.equals(x.drifted())).toList(),
            total,
            Duration.between(t0, Instant.now()).toMillis() / 1000.0,
            attribution,
            calibrated);
    LOG.info(
        "drift: done {} {} partitions, {} rows, {} drifted partitions, {} s",
        p.table(),
        days.size(),
        total,
        r.driftedPartitions().size(),
        r.seconds());
    return r;
  }

  private static Column days(LocalDate first, LocalDate last) {
    return col(PARTITION).geq(first.toString()).and(col(PARTITION).leq(last.toString()));
  }

  /**
   * Attribution drift rows of {@code from..to} (one grouped aggregation), only when the table has
   * explanations and the run has the model's attribution baseline; rows of other model versions
   * than the baseline's are left out.
   */
  private static List<DriftRow> attribution(
      Params p,
      BaselineProfile baseline,
      Dataset<Row> rows,
      List<String> slices,
      List<LocalDate> days) {
    List<String> columns = List.of(rows.columns());
    if (p.attributionBaseline().isEmpty()
        || p.attributionBaseline().get().isEmpty()
        || !columns.contains(Explanations.EXPLANATION)) {
      return List.of();
    }
    Dataset<Row> explained =
        rows.where(col(PARTITION).geq(p.from().toString()))
            .where(col(Explanations.EXPLANATION).isNotNull());
    if (columns.contains("model_version")) {
      explained = explained.where(col("model_version").equalTo(baseline.modelVersion()));
    }
    Instant t = Instant.now();
    Map<String, Double> shares = p.attributionBaseline().get();
    List<AttributionDrift.Sum> sums =
        AttributionDrift.sums(explained, PARTITION, slices, shares.size());
    List<DriftRow> out = AttributionDrift.rows(p.table(), sums, shares, days, p.spec());
    LOG.info(
        "drift: attribution shares of {} features in {} ms ({} rows)",
        shares.size(),
        Duration.between(t, Instant.now()).toMillis(),
        out.size());
    return out;
  }

  /** The features to compare: checked against the baseline and the table's columns. */
  static List<String> features(Params p, BaselineProfile baseline, Dataset<Row> df) {
    List<String> columns = List.of(df.columns());
    List<String> inBaseline = baseline.features();
    List<String> wanted =
        p.features().isEmpty()
            ? inBaseline.stream()
                .filter(columns::contains)
                .filter(f -> !p.spec().exclude().contains(f))
                .toList()
            : p.features();
    if (wanted.isEmpty()) {
      throw DriftErrors.driftNoFeatures(p.table(), baseline.id(), inBaseline, columns);
    }
    List<String> missing =
        wanted.stream().filter(f -> !columns.contains(f) || !inBaseline.contains(f)).toList();
    if (!missing.isEmpty()) {
      throw DriftErrors.driftNoFeatures(p.table(), baseline.id(), inBaseline, columns);
    }
    Map<String, StructField> fields =
        java.util.Arrays.stream(df.schema().fields())
            .collect(Collectors.toMap(StructField::name, Function.identity()));
    for (String f : wanted) {
      FeatureProfile.Kind expected = baseline.overall(f).kind();
      Optional<FeatureProfile.Kind> actual = BaselineProfiler.kind(fields.get(f).dataType());
      if (actual.isEmpty() || actual.get() != expected) {
        throw DriftErrors.driftKindMismatch(
            p.table(), f, fields.get(f).dataType().simpleString(), expected.key(), baseline.id());
      }
    }
    return wanted;
  }
}
