package io.ballast.features.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import io.ballast.features.TestSpark;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class TransactionGeneratorTest {
  static final LocalDate START = LocalDate.of(2026, 3, 1);
  static final LocalDate QUALITY = START.plusDays(3);
  static final LocalDate SHIFT = START.plusDays(5);
  static final LocalDate CONCEPT = START.plusDays(6);

  static GeneratorParams params(long seed) {
    return new GeneratorParams(
        8_000, 8, START, seed, Optional.of(QUALITY), Optional.of(SHIFT), Optional.of(CONCEPT));
  }

  private final SparkSession spark = TestSpark.spark();

  @Test
  void rowsPerDayFollowTheWeekAndSumExactly() {
    long[] perDay = new TransactionGenerator(params(1)).rowsPerDay();
    assertThat(Arrays.stream(perDay).sum()).isEqualTo(8_000);
    // 2026-03-07 is a Saturday, 2026-03-08 a Sunday: the busiest and the quietest day.
    assertThat(perDay[6]).isGreaterThan(perDay[0]).isGreaterThan(perDay[7]);
  }

  @Test
  void sameSeedSameRowsOtherSeedOtherRows() {
    TransactionGenerator a = new TransactionGenerator(params(7));
    Dataset<Row> first = a.transactions(a.events(spark));
    Dataset<Row> again = new TransactionGenerator(params(7)).transactions(a.events(spark));
    TransactionGenerator b = new TransactionGenerator(params(8));
    Dataset<Row> other = b.transactions(b.events(spark));
    // Same multiset of rows (exceptAll counts duplicates), different for another seed.
    assertThat(first.exceptAll(again).isEmpty()).isTrue();
    assertThat(again.exceptAll(first).isEmpty()).isTrue();
    assertThat(first.exceptAll(other).count()).isGreaterThan(7_000);
  }

  @Test
  void qualityIncidentHitsItsDayOnly() {
    TransactionGenerator g = new TransactionGenerator(params(3));
    g.transactions(g.events(spark)).createOrReplaceTempView("gen_tx");
    List<Row> rows =
        spark
            .sql(
                "SELECT ds, count(*) - count(DISTINCT txn_id) AS dups,"
                    + " sum(CAST(amount IS NULL AS INT)) AS nulls,"
                    + " sum(CAST(amount < 0 OR amount > 1000000 AS INT)) AS out_of_range"
                    + " FROM gen_tx GROUP BY ds ORDER BY ds")
            .collectAsList();
    assertThat(rows).hasSize(8);
    for (Row r : rows) {
      boolean incident = r.getString(0).equals(QUALITY.toString());
      long dups = r.getLong(1);
      long nulls = r.getLong(2);
      long outOfRange = r.getLong(3);
      if (incident) {
        assertThat(dups).as("duplicates on %s", r.get(0)).isGreaterThan(0);
        assertThat(nulls).as("nulls on %s", r.get(0)).isGreaterThan(10);
        assertThat(outOfRange).as("out of range on %s", r.get(0)).isGreaterThan(0);
      } else {
        assertThat(dups + nulls + outOfRange).as("faults on clean day %s", r.get(0)).isZero();
      }
    }
  }

  @Test
  void distributionShiftRaisesAmountsAndAddsACategoryFromItsDay() {
    TransactionGenerator g = new TransactionGenerator(params(4));
    g.transactions(g.events(spark)).createOrReplaceTempView("gen_shift");
    Row r =
        spark
            .sql(
                "SELECT"
                    + " percentile_approx(CASE WHEN ds < '"
                    + SHIFT
                    + "' AND ds <> '"
                    + QUALITY
                    + "' THEN amount END, 0.5),"
                    + " percentile_approx(CASE WHEN ds >= '"
                    + SHIFT
                    + "' THEN amount END, 0.5),"
                    + " sum(CAST(merchant_category = 'crypto_exchange' AND ds < '"
                    + SHIFT
                    + "' AS INT)),"
                    + " sum(CAST(merchant_category = 'crypto_exchange' AND ds >= '"
                    + SHIFT
                    + "' AS INT))"
                    + " FROM gen_shift")
            .first();
    assertThat(r.getDouble(1) / r.getDouble(0)).isBetween(1.3, 2.2);
    assertThat(r.getLong(2)).isZero();
    assertThat(r.getLong(3)).isGreaterThan(50);
  }

  @Test
  void labelsArriveAfterThePaymentAndNotAfterTheLastDay() {
    TransactionGenerator g = new TransactionGenerator(params(5));
    Dataset<Row> labels = g.labels(g.events(spark));
    Row r =
        labels
            .selectExpr(
                "min(unix_timestamp(label_ts) - unix_timestamp(event_ts))",
                "max(ds)",
                "avg(is_fraud)",
                "count(*)")
            .first();
    assertThat(r.getLong(0)).isGreaterThanOrEqualTo(86_400);
    assertThat(r.getString(1)).isLessThanOrEqualTo(params(5).end().toString());
    assertThat(r.getDouble(2)).isBetween(0.002, 0.08);
    assertThat(r.getLong(3)).isLessThan(8_000).isGreaterThan(2_000);
  }

  @Test
  void conceptDriftChangesWhoCommitsFraud() {
    TransactionGenerator g = new TransactionGenerator(params(6).withRows(60_000));
    g.events(spark).createOrReplaceTempView("gen_concept");
    Row r =
        spark
            .sql(
                "SELECT avg(CASE WHEN ds < '"
                    + CONCEPT
                    + "' AND channel = 'online' THEN is_fraud END),"
                    + " avg(CASE WHEN ds < '"
                    + CONCEPT
                    + "' AND channel = 'pos' THEN is_fraud END),"
                    + " avg(CASE WHEN ds >= '"
                    + CONCEPT
                    + "' AND channel = 'online' THEN is_fraud END),"
                    + " avg(CASE WHEN ds >= '"
                    + CONCEPT
                    + "' AND channel = 'pos' THEN is_fraud END)"
                    + " FROM gen_concept")
            .first();
    assertThat(r.getDouble(0)).as("online fraud before").isGreaterThan(r.getDouble(1));
    assertThat(r.getDouble(3)).as("pos fraud after").isGreaterThan(r.getDouble(2));
  }

  @Test
  void injectedFaultsAreRecorded() {
    List<Row> faults =
        new TransactionGenerator(params(1))
            .injectedFaults(spark)
            .orderBy("first_day")
            .collectAsList();
    assertThat(faults)
        .extracting(r -> r.getString(0) + "@" + r.getString(1))
        .containsExactly(
            "quality_incident@" + QUALITY,
            "distribution_shift@" + SHIFT,
            "concept_drift@" + CONCEPT);
    assertThat(faults.get(0).getString(2)).isEqualTo(QUALITY.toString());
    assertThat(faults.get(1).getString(2)).isEqualTo(params(1).end().toString());
  }

  @Test
  void faultDaysOutsideTheRangeAreRejected() {
    GeneratorParams p =
        new GeneratorParams(
            8_000,
            8,
            START,
            1,
            Optional.of(START.minusDays(1)),
            Optional.empty(),
            Optional.empty());
    assertThatThrownBy(p::validate)
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot use --quality-incident '2026-02-28': the day must fall inside the generated"
                + " range 2026-03-01 .. 2026-03-08.");
    assertThatThrownBy(() -> params(1).withRows(10).validate())
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("--rows '10'");
  }
}
