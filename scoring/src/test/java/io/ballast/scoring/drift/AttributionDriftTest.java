package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.TestSpark;
import io.ballast.features.config.DriftSpec;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attribution drift on a fixture predictions table scored with explanations, against training
 * shares a 0.5, b 0.3, c 0.2.
 */
class AttributionDriftTest {
  static final LakehouseTables TABLES = TestSpark.tables();
  static final String TABLE = "attr_predictions_fx";
  static final Map<String, Double> TRAINING = Map.of("a", 0.5, "b", 0.3, "c", 0.2);

  /**
   * 20 rows a day of version 1, 2026-09-01 .. 09-03, channel online / pos alternating, signs
   * alternating (shares use |attribution|). 09-01: |a|, |b|, |c| = 1.0, 0.6, 0.4 (the training
   * shares; one row in ten scored without explanations); 09-02: 1.4, 0.3, 0.3 (shares 0.7, 0.15,
   * 0.15: a and b move by +0.2 and -0.15, c by -0.05); 09-03: only the top 2 features per row. On
   * 09-02 version 2 also has rows, all attribution on c, which version 1's drift leaves out.
   */
  static final String FIXTURE =
      "SELECT ds, score, model_name, model_version, false AS shadow, channel,"
          + " CASE WHEN ds = '2026-09-03' THEN slice(e, 1, 2) ELSE e END AS explanation FROM ("
          + " SELECT date_format(date_add(DATE'2026-09-01', CAST(id DIV 20 AS INT)), 'yyyy-MM-dd')"
          + " AS ds, CAST(id % 20 AS DOUBLE) / 20 AS score, 'attr_model' AS model_name,"
          + " CASE WHEN id >= 60 THEN '2' ELSE '1' END AS model_version,"
          + " CASE WHEN id % 2 = 0 THEN 'online' ELSE 'pos' END AS channel,"
          + " CASE WHEN id % 10 = 9 AND id < 20 THEN NULL"
          + " WHEN id >= 60 THEN array(named_struct('feature', 'c', 'attribution', 5.0D),"
          + "  named_struct('feature', 'a', 'attribution', 0.1D),"
          + "  named_struct('feature', 'b', 'attribution', 0.1D))"
          + " WHEN id DIV 20 = 1 THEN array(named_struct('feature', 'a', 'attribution',"
          + "  1.4D * sign), named_struct('feature', 'b', 'attribution', -0.3D * sign),"
          + "  named_struct('feature', 'c', 'attribution', 0.3D))"
          + " ELSE array(named_struct('feature', 'a', 'attribution', 1.0D * sign),"
          + "  named_struct('feature', 'b', 'attribution', 0.6D),"
          + "  named_struct('feature', 'c', 'attribution', -0.4D * sign)) END AS e"
          + " FROM (SELECT id, CASE WHEN id % 2 = 0 THEN 1.0D ELSE -1.0D END AS sign"
          + " FROM range(70)) s) t";

  static BaselineProfile baseline;

  @BeforeAll
  static void prepare() {
    // version 2's rows (ids 60..69, 09-04 by id DIV 20) move to 09-02
    Dataset<Row> fx =
        TestSpark.spark()
            .sql(FIXTURE)
            .selectExpr(
                "CASE WHEN model_version = '2' THEN '2026-09-02' ELSE ds END AS ds",
                "score",
                "model_name",
                "model_version",
                "shadow",
                "channel",
                "explanation");
    TABLES.overwrite(fx, TABLE, "fixture", "ds");
    baseline =
        BaselineProfiler.profile(
            TABLES.read(TABLE).where("ds = '2026-09-01'"),
            "attr_model",
            "1",
            List.of("score"),
            List.of(),
            10);
  }

  static DriftJob.Result run(Optional<Map<String, Double>> training) {
    DriftSpec d = DriftSpec.defaults();
    return DriftJob.run(
        TABLES,
        baseline,
        new DriftJob.Params(
            TABLE,
            LocalDate.of(2026, 9, 1),
            LocalDate.of(2026, 9, 3),
            Optional.empty(),
            List.of("score"),
            new DriftSpec(Optional.empty(), List.of("channel"), d.thresholds(), 0.5, 10, List.of()),
            training,
            Optional.empty()));
  }

  @Test
  void aShareShiftIsFlaggedAndNoShiftIsNot() {
    DriftJob.Result r = run(Optional.of(TRAINING));
    Dataset<Row> drift =
        TABLES.read(BallastTable.DRIFT.name()).where("table_name = '" + TABLE + "'");
    // 09-01: the training shares exactly (plain rows without explanations left out): no flag
    for (String f : List.of("a", "b", "c")) {
      Row x = row(drift, "2026-09-01", "all", "all", f, DriftSpec.ATTRIBUTION_SHARE_CHANGE);
      assertThat(x.getDouble(0)).as(f).isCloseTo(0.0, within(1e-12));
      assertThat(x.getBoolean(2)).as(f).isFalse();
      assertThat(x.getDouble(1)).isEqualTo(0.1);
      assertThat(x.getString(3)).contains("18 explained rows");
    }
    assertThat(
            row(drift, "2026-09-01", "all", "all", "a", DriftSpec.ATTRIBUTION_SHARE).getDouble(0))
        .isCloseTo(0.5, within(1e-12));
    // 09-02: a +0.2 and b -0.15 flagged, c -0.05 not; version 2's rows left out
    Row a = row(drift, "2026-09-02", "all", "all", "a", DriftSpec.ATTRIBUTION_SHARE_CHANGE);
    assertThat(a.getDouble(0)).isCloseTo(0.2, within(1e-12));
    assertThat(a.getBoolean(2)).isTrue();
    assertThat(a.getString(3))
        .isEqualTo("share 0.7000 vs 0.5000 on the test window (20 explained rows)");
    Row b = row(drift, "2026-09-02", "all", "all", "b", DriftSpec.ATTRIBUTION_SHARE_CHANGE);
    assertThat(b.getDouble(0)).isCloseTo(-0.15, within(1e-12));
    assertThat(b.getBoolean(2)).isTrue();
    Row c = row(drift, "2026-09-02", "all", "all", "c", DriftSpec.ATTRIBUTION_SHARE_CHANGE);
    assertThat(c.getDouble(0)).isCloseTo(-0.05, within(1e-12));
    assertThat(c.getBoolean(2)).isFalse();
    // per slice too: each channel has the same shares here
    Row online = row(drift, "2026-09-02", "channel", "online", "a", DriftSpec.ATTRIBUTION_SHARE);
    assertThat(online.getDouble(0)).isCloseTo(0.7, within(1e-12));
    assertThat(online.getString(3)).contains("10 explained rows");
    // 09-03: only the top 2 features per row: no share, the reason says how to get one
    Row partial = row(drift, "2026-09-03", "all", "all", "a", DriftSpec.ATTRIBUTION_SHARE_CHANGE);
    assertThat(partial.isNullAt(0)).isTrue();
    assertThat(partial.isNullAt(2)).isTrue();
    assertThat(partial.getString(3))
        .isEqualTo(
            "none of the 20 explained rows lists every feature (scored with --top below the"
                + " model's 3 features): score with --explain --top 3");
    // flagged rows are in the result, apart from the distribution drift of the score
    assertThat(
            r.attributionRows().stream()
                .filter(x -> Boolean.TRUE.equals(x.drifted()) && x.slice().equals("all"))
                .map(x -> x.ds() + " " + x.feature()))
        .containsExactlyInAnyOrder("2026-09-02 a", "2026-09-02 b");
    assertThat(r.driftedRows()).noneMatch(x -> x.statistic().startsWith("attribution"));
    assertThat(r.summaries()).allMatch(s -> s.features() <= 1);
  }

  @Test
  void withoutTheTrainingSharesNothingRuns() {
    DriftJob.Result r = run(Optional.empty());
    assertThat(r.attributionRows()).isEmpty();
    assertThat(
            TABLES
                .read(BallastTable.DRIFT.name())
                .where("table_name = '" + TABLE + "' AND statistic LIKE 'attribution%'")
                .count())
        .isZero();
  }

  /** value, threshold, drifted, reason of one row. */
  static Row row(Dataset<Row> drift, String ds, String slice, String value, String f, String s) {
    List<Row> rows =
        drift
            .where(
                String.format(
                    "ds = '%s' AND comparison = 'baseline' AND slice = '%s' AND slice_value = '%s'"
                        + " AND feature = '%s' AND statistic = '%s'",
                    ds, slice, value, f, s))
            .select("value", "threshold", "drifted", "reason")
            .collectAsList();
    assertThat(rows).as(ds + " " + slice + " " + f + " " + s).hasSize(1);
    return rows.get(0);
  }
}
