package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.BallastException;
import io.ballast.features.TestSpark;
import io.ballast.features.config.DriftBaseline;
import io.ballast.features.config.DriftCalibration;
import io.ballast.features.config.DriftSpec;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Baseline profile and one-pass drift on a fixture table whose distributions we control. */
class DriftJobTest {
  static final LakehouseTables TABLES = TestSpark.tables();
  static final String TABLE = "drift_fx";
  static final LocalDate D1 = LocalDate.of(2026, 8, 1);

  /**
   * 400 rows a day, 2026-08-01 .. 08-04 (08-05 has none). x is the same every day; y moves up by 50
   * from 08-03; cat gets a new value 'd' on 08-04; gone is all null from 08-03; odd holds NaN and
   * infinities; konst is always 5.
   */
  static final String FIXTURE =
      "SELECT date_format(date_add(DATE'2026-08-01', CAST(id DIV 400 AS INT)), 'yyyy-MM-dd') AS ds,"
          + " CAST(id % 400 % 100 AS DOUBLE) AS x,"
          + " CAST(id % 400 % 100 + CASE WHEN id >= 800 THEN 50 ELSE 0 END AS DOUBLE) AS y,"
          + " CASE WHEN id >= 1200 AND id % 2 = 0 THEN 'd'"
          + "  ELSE element_at(array('a', 'b', 'c'), CAST(id % 3 AS INT) + 1) END AS cat,"
          + " CASE WHEN id >= 800 THEN CAST(NULL AS DOUBLE) ELSE CAST(id % 7 AS DOUBLE) END AS gone,"
          + " CASE WHEN id % 10 = 0 THEN double('NaN') WHEN id % 10 = 1 THEN double('Infinity')"
          + "  ELSE CAST(id % 5 AS DOUBLE) END AS odd,"
          + " 5 AS konst FROM range(1600)";

  static BaselineProfile baseline;

  @BeforeAll
  static void prepare() {
    Dataset<Row> fx = TestSpark.spark().sql(FIXTURE);
    TABLES.overwrite(fx, TABLE, "fixture", "ds");
    baseline =
        BaselineProfiler.profile(
            TABLES.read(TABLE).where("ds = '2026-08-01'"),
            "fx_model",
            "1",
            List.of("x", "y", "cat", "gone", "odd", "konst"),
            List.of("cat", "no_such_column > 1"),
            10);
    new BaselineStore(TABLES).write(baseline);
  }

  static DriftSpec spec() {
    DriftSpec d = DriftSpec.defaults();
    return new DriftSpec(Optional.empty(), List.of("cat"), d.thresholds(), 0.3, 10, List.of());
  }

  @Test
  void baselineProfilesEveryFeatureAndRoundTrips() {
    FeatureProfile x = baseline.overall("x");
    assertThat(x.kind()).isEqualTo(FeatureProfile.Kind.NUMERIC);
    // the grid: 10 bins x 50 cells asked, x has 100 distinct values: one cell per value
    assertThat(x.edges()).hasSize(100);
    assertThat(x.histogram().nonNull()).isEqualTo(400);
    assertThat(x.histogram().mean()).isCloseTo(49.5, within(1e-9));
    FeatureProfile cat = baseline.overall("cat");
    assertThat(cat.categories()).containsExactly("a", "b", "c");
    assertThat(cat.histogram().counts()).containsExactly(134, 133, 133, 0);
    FeatureProfile odd = baseline.overall("odd");
    assertThat(odd.histogram().nulls()).as("NaN and infinities count as null").isEqualTo(80);
    assertThat(baseline.overall("konst").edges()).containsExactly(5.0);
    assertThat(baseline.profile("cat", "a", "x")).isPresent();
    assertThat(baseline.profiles()).noneMatch(p -> p.slice().startsWith("no_such"));

    BaselineProfile back = new BaselineStore(TABLES).read("fx_model", "1").orElseThrow();
    assertThat(back.id()).isEqualTo("fx_model/1");
    assertThat(back.profiles()).hasSameSizeAs(baseline.profiles());
    FeatureProfile x2 = back.overall("x");
    assertThat(x2.edges()).containsExactly(x.edges());
    assertThat(x2.histogram().counts()).containsExactly(x.histogram().counts());
    assertThat(x2.histogram().std()).isCloseTo(x.histogram().std(), within(1e-9));
  }

  @Test
  void oneRunComparesEveryPartitionWithTheBaselineAndThePreviousDay() {
    DriftJob.Result r =
        DriftJob.run(
            TABLES,
            baseline,
            new DriftJob.Params(
                TABLE,
                LocalDate.of(2026, 8, 2),
                LocalDate.of(2026, 8, 5),
                Optional.empty(),
                List.of(),
                spec()));
    assertThat(r.features()).containsExactly("x", "y", "cat", "gone", "odd", "konst");
    assertThat(r.slices()).containsExactly("cat");
    assertThat(r.emptyPartitions()).containsExactly("2026-08-05");
    assertThat(r.rows()).isEqualTo(1200);

    Dataset<Row> drift =
        TABLES.read(BallastTable.DRIFT.name()).where("table_name = '" + TABLE + "'");
    assertThat(drift.where("isnan(value)").count()).isZero();
    assertThat(drift.where("value IS NULL AND reason IS NULL").count()).isZero();

    // identical distribution: exactly 0
    for (String stat : List.of("psi", "js_distance", "ks_statistic", "wasserstein", "mean_delta")) {
      assertThat(value(drift, "2026-08-02", "baseline", "all", "x", stat)).as(stat).isZero();
    }
    assertThat(value(drift, "2026-08-02", "baseline", "all", "x", "ks_pvalue")).isEqualTo(1.0);
    assertThat(value(drift, "2026-08-04", "baseline", "all", "konst", "wasserstein")).isZero();
    // the shift of y from 08-03, against the baseline; not against 08-03 on 08-04
    assertThat(value(drift, "2026-08-03", "baseline", "all", "y", "psi")).isGreaterThan(0.2);
    assertThat(value(drift, "2026-08-03", "baseline", "all", "y", "mean_delta"))
        .isCloseTo(50, within(1e-9));
    assertThat(value(drift, "2026-08-03", "baseline", "all", "y", "ks_pvalue")).isLessThan(0.01);
    assertThat(value(drift, "2026-08-04", "previous", "all", "y", "psi")).isZero();
    // numeric chi-square is reported but flags nothing (KS is the numeric test)
    Row yChi = row(drift, "2026-08-03", "baseline", "all", "y", "chi2_pvalue");
    assertThat(yChi.<Double>getAs("value")).isLessThan(0.01);
    assertThat(yChi.isNullAt(yChi.fieldIndex("drifted"))).as(yChi.toString()).isTrue();
    assertThat(yChi.isNullAt(yChi.fieldIndex("threshold"))).as(yChi.toString()).isTrue();
    // the new category: its own signal; chi-square only over the baseline's categories (the
    // other half of the rows keeps a, b, c at a third each)
    assertThat(value(drift, "2026-08-04", "baseline", "all", "cat", "new_category_share"))
        .isCloseTo(0.5, within(1e-9));
    assertThat(
            row(drift, "2026-08-04", "baseline", "all", "cat", "new_category_share")
                .<Boolean>getAs("drifted"))
        .isTrue();
    assertThat(value(drift, "2026-08-04", "baseline", "all", "cat", "chi2_pvalue"))
        .isGreaterThan(0.01);
    assertThat(value(drift, "2026-08-04", "baseline", "all", "cat", "linf_distance"))
        .isCloseTo(0.5, within(1e-9));
    // all null from 08-03: distribution statistics undefined, null rate up by 1
    Row gone = row(drift, "2026-08-03", "baseline", "all", "gone", "psi");
    assertThat(gone.isNullAt(gone.fieldIndex("value"))).isTrue();
    assertThat(gone.<String>getAs("reason")).contains("only null values");
    assertThat(value(drift, "2026-08-03", "baseline", "all", "gone", "null_rate_delta"))
        .isCloseTo(1.0, within(1e-12));
    assertThat(
            row(drift, "2026-08-03", "baseline", "all", "gone", "null_rate_delta")
                .<Boolean>getAs("drifted"))
        .isTrue();
    // empty partition: rows with a reason, never a number
    Row empty = row(drift, "2026-08-05", "baseline", "all", "x", "psi");
    assertThat(empty.<String>getAs("reason")).contains("no rows");
    // slices: cat = 'a' is compared with the baseline's cat = 'a' (a third of the rows, close)
    assertThat(value(drift, "2026-08-02", "baseline", "cat", "x", "psi", "a"))
        .isGreaterThan(0)
        .isLessThan(0.05);
    assertThat(row(drift, "2026-08-04", "baseline", "cat", "y", "psi", "d").<String>getAs("reason"))
        .isEqualTo("the baseline has no rows in this slice");

    List<String> driftedDays = r.driftedPartitions().stream().map(DriftSummary::ds).toList();
    assertThat(driftedDays).containsExactly("2026-08-03", "2026-08-04");
    Row s =
        TABLES
            .read(BallastTable.DRIFT_SUMMARY.name())
            .where(
                "table_name = '"
                    + TABLE
                    + "' AND ds = '2026-08-02' AND comparison = 'baseline' AND slice = 'all'")
            .first();
    assertThat(s.<Integer>getAs("features")).isEqualTo(6);
    assertThat(s.<Integer>getAs("drifted_features")).isZero();
    assertThat(s.<Boolean>getAs("drifted")).isFalse();

    // a rerun replaces, never appends
    long before = drift.count();
    DriftJob.run(
        TABLES,
        baseline,
        new DriftJob.Params(
            TABLE,
            LocalDate.of(2026, 8, 2),
            LocalDate.of(2026, 8, 5),
            Optional.empty(),
            List.of(),
            spec()));
    assertThat(TABLES.read(BallastTable.DRIFT.name()).where("table_name = '" + TABLE + "'").count())
        .isEqualTo(before);
  }

  @Test
  void calibrationDaysOutsideTheTestedRangeAreCountedInTheSameScan() {
    // 12 days of x: quiet days alternate between two shapes, both far from the baseline's
    String table = "drift_fx_calibrated";
    TABLES.overwrite(
        TestSpark.spark()
            .sql(
                "SELECT date_format(date_add(DATE'2026-08-01', CAST(id DIV 100 AS INT)),"
                    + " 'yyyy-MM-dd') AS ds, CAST(id % 100 % (CASE WHEN id DIV 100 % 2 = 0 THEN"
                    + " 40 ELSE 60 END) AS DOUBLE) AS x FROM range(1200)"),
        table,
        "fixture",
        "ds");
    DriftSpec configured = spec();
    DriftSpec calibrated =
        new DriftSpec(
            Optional.empty(),
            List.of(),
            configured.thresholds(),
            0.3,
            10,
            List.of(),
            Map.of(),
            OptionalLong.of(10),
            Map.of(),
            DriftBaseline.TRAINING,
            Optional.of(DriftCalibration.training()));
    LocalDate day = LocalDate.of(2026, 8, 12);
    DriftCalibration.Window quiet =
        new DriftCalibration.Window(LocalDate.of(2026, 8, 1), LocalDate.of(2026, 8, 9));
    DriftJob.Result plain =
        DriftJob.run(
            TABLES,
            baseline,
            new DriftJob.Params(table, day, day, Optional.empty(), List.of("x"), configured));
    assertThat(plain.driftedPartitions()).hasSize(1);
    DriftJob.Result r =
        DriftJob.run(
            TABLES,
            baseline,
            new DriftJob.Params(
                table,
                day,
                day,
                Optional.empty(),
                List.of("x"),
                calibrated,
                Optional.empty(),
                Optional.of(quiet)));
    assertThat(r.calibrated().describe("baseline", 1))
        .as("the 9 quiet days were read in the one scan although the run tests 08-12 only")
        .startsWith("thresholds calibrated on 2026-08-01..2026-08-09");
    assertThat(r.driftedPartitions()).as("08-12 looks like the quiet days").isEmpty();
    assertThatThrownBy(
            () ->
                DriftJob.run(
                    TABLES,
                    baseline,
                    new DriftJob.Params(
                        table, day, day, Optional.empty(), List.of("x"), calibrated)))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("Cannot calibrate the drift thresholds of drift_fx_calibrated");
  }

  @Test
  void aTableWithoutTheModelsFeaturesIsAClearError() {
    TABLES.overwrite(
        TestSpark.spark().sql("SELECT '2026-08-10' AS ds, 1 AS other"),
        "drift_fx_other",
        "fx",
        "ds");
    assertThatThrownBy(
            () ->
                DriftJob.run(
                    TABLES,
                    baseline,
                    new DriftJob.Params(
                        "drift_fx_other",
                        LocalDate.of(2026, 8, 10),
                        LocalDate.of(2026, 8, 10),
                        Optional.empty(),
                        List.of(),
                        spec())))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("does not hold the features of baseline fx_model/1");
  }

  @Test
  void aRollingBaselineIsCountedInTheSameScanFromItsFirstDay() {
    String table = "drift_fx_rolling";
    TABLES.overwrite(TestSpark.spark().sql(FIXTURE), table, "fixture", "ds");
    DriftSpec d = DriftSpec.defaults();
    DriftSpec rolling =
        new DriftSpec(
            Optional.empty(),
            List.of(),
            d.thresholds(),
            0.3,
            10,
            List.of(),
            Map.of(),
            OptionalLong.of(10),
            Map.of(),
            DriftBaseline.rolling(2),
            Optional.empty());
    LocalDate day = LocalDate.of(2026, 8, 3);
    DriftJob.Result r =
        DriftJob.run(
            TABLES,
            baseline,
            new DriftJob.Params(
                table, day, day.plusDays(1), Optional.empty(), List.of("x", "y"), rolling));
    assertThat(r.comparison()).isEqualTo("rolling_2d");
    assertThat(r.rows()).as("only the tested days count as the run's rows").isEqualTo(800);
    Dataset<Row> drift =
        TABLES.read(BallastTable.DRIFT.name()).where("table_name = '" + table + "'");
    // 08-03 against 08-01 and 08-02: the scan starts two days before the first tested day
    assertThat(
            row(drift, "2026-08-03", "rolling_2d", "all", "x", "ks_pvalue").<String>getAs("reason"))
        .contains("of 800 reference and 400 partition rows");
    assertThat(value(drift, "2026-08-03", "rolling_2d", "all", "x", "psi")).isZero();
    assertThat(value(drift, "2026-08-03", "rolling_2d", "all", "y", "psi")).isGreaterThan(0.2);
    assertThat(value(drift, "2026-08-03", "previous", "all", "y", "psi")).isGreaterThan(0.2);
    assertThat(drift.select("comparison").distinct().as(Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("rolling_2d", "previous");
    assertThat(r.driftedPartitions()).extracting(DriftSummary::ds).contains("2026-08-03");
    assertThat(
            TABLES
                .read(BallastTable.DRIFT_SUMMARY.name())
                .where("table_name = '" + table + "' AND comparison = 'rolling_2d'")
                .count())
        .isEqualTo(2);
  }

  static double value(Dataset<Row> d, String ds, String cmp, String slice, String f, String stat) {
    return value(d, ds, cmp, slice, f, stat, "all");
  }

  static double value(
      Dataset<Row> d, String ds, String cmp, String slice, String f, String stat, String sv) {
    Row r = row(d, ds, cmp, slice, f, stat, sv);
    assertThat(r.isNullAt(r.fieldIndex("value"))).as(r.toString()).isFalse();
    return r.getAs("value");
  }

  static Row row(Dataset<Row> d, String ds, String cmp, String slice, String f, String stat) {
    return row(d, ds, cmp, slice, f, stat, "all");
  }

  static Row row(
      Dataset<Row> d, String ds, String cmp, String slice, String f, String stat, String sv) {
    List<Row> rows =
        d.where(
                String.format(
                    "ds = '%s' AND comparison = '%s' AND slice = '%s' AND slice_value = '%s'"
                        + " AND feature = '%s' AND statistic = '%s'",
                    ds, cmp, slice, sv, f, stat))
            .collectAsList();
    assertThat(rows).as(ds + " " + cmp + " " + f + " " + stat).hasSize(1);
    return rows.get(0);
  }
}
