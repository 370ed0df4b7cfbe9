package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scoring jobs writing the predictions table at once, as two scheduled runs would, on a copy of
 * the shared demo lakehouse (its champion model, feature tables and scored days): different days
 * both commit (replaceWhere on disjoint partitions does not conflict); the same day has one winner
 * and the other fails with a clear message (or commits too), never leaving duplicate rows.
 */
class ConcurrentWritesIT {
  private static final String TABLE = "card_fraud_predictions";

  @TempDir static Path work;

  private static LakehouseQueries q;
  private static String pipeline;
  private static LocalDate last;

  @BeforeAll
  static void copyTheDemoLakehouse() throws IOException {
    Path logs =
        Path.of(System.getProperty("ballast.it.logs", "target/it-logs"), "ConcurrentWritesIT");
    Path lh = DemoLakehouse.copyTo(work.resolve("lh"));
    pipeline = DemoLakehouse.pipeline().toString();
    BallastCli ballast = BallastCli.fromSystemProperties(logs, Duration.ofMinutes(20));
    q = new LakehouseQueries(ballast, Map.of(), List.of("--lakehouse", lh.toString()));
    last = LocalDate.parse(q.row("SELECT max(ds) AS d FROM ballast." + TABLE).path("d").asText());
  }

  @Test
  void twoDaysAtOnceBothCommit() {
    long version = version();
    BallastCli.Running a = q.start(score(last.minusDays(2)));
    BallastCli.Running b = q.start(score(last.minusDays(1)));
    BallastCli.Result ra = a.await();
    BallastCli.Result rb = b.await();
    assertThat(ra.exitCode()).as(ra.describe()).isZero();
    assertThat(rb.exitCode()).as(rb.describe()).isZero();
    assertThat(version()).isEqualTo(version + 2);
    assertNoDuplicatesAndNothingMissing("'" + last.minusDays(2) + "', '" + last.minusDays(1) + "'");
  }

  @Test
  void theSameDayAtOnceHasOneWinnerAndNeverDuplicates() {
    long version = version();
    BallastCli.Running a = q.start(score(last));
    BallastCli.Running b = q.start(score(last));
    List<BallastCli.Result> results = List.of(a.await(), b.await());
    long ok = results.stream().filter(r -> r.exitCode() == 0).count();
    System.out.printf(
        "ConcurrentWritesIT: the same day twice at once -> exits %s%n",
        results.stream().map(BallastCli.Result::exitCode).toList());
    assertThat(ok).as("writers that committed").isGreaterThanOrEqualTo(1);
    for (BallastCli.Result r : results) {
      if (r.exitCode() != 0) {
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
        assertThat(r.stderr()).as(r.describe()).doesNotContain("internal error");
        assertThat(r.stderr().lines().filter(l -> l.startsWith("error:")))
            .as(r.describe())
            .singleElement()
            .satisfies(
                l ->
                    assertThat(l)
                        .startsWith("error: Cannot commit to the lakehouse ")
                        .contains("another process committed to the same table partitions")
                        .contains("Rerun"));
      }
    }
    assertThat(version()).isEqualTo(version + ok);
    assertNoDuplicatesAndNothingMissing("'" + last + "'");
  }

  /** The written days hold one prediction per event ({@code days}: a SQL list of quoted days). */
  private static void assertNoDuplicatesAndNothingMissing(String days) {
    long[] r =
        q.rowsDuplicatesAndExpected(
            TABLE,
            "txn_id",
            "SELECT count(*) FROM ballast.transactions WHERE ds IN (" + days + ")",
            "NOT shadow AND ds IN (" + days + ")");
    assertThat(r[1]).as("duplicate predictions on " + days).isZero();
    assertThat(r[0]).as("predictions vs events on " + days).isEqualTo(r[2]);
  }

  /** The table's latest Delta version, from its log's file names (no Spark process). */
  private static long version() {
    return LakehouseQueries.deltaVersion(work.resolve("lh").resolve("tables").resolve(TABLE));
  }

  private static String[] score(LocalDate day) {
    return new String[] {
      "score", "--pipeline", pipeline, "--model", "fraud_model@champion", "--date", day.toString()
    };
  }
}
