package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes writing the same Delta table at once, as two scheduled jobs would: different days
 * both commit (replaceWhere on disjoint partitions does not conflict); the same day has one winner
 * and the other fails with a clear message (or commits too), never leaving duplicate rows.
 */
class ConcurrentWritesIT {
  private static final String TABLE = "customer_features";

  @TempDir static Path work;

  private static LakehouseQueries q;

  @BeforeAll
  static void generateAndBuildTheFirstDay() throws IOException {
    Path logs =
        Path.of(System.getProperty("ballast.it.logs", "target/it-logs"), "ConcurrentWritesIT");
    BallastCli ballast = BallastCli.fromSystemProperties(logs, Duration.ofMinutes(20));
    q =
        new LakehouseQueries(
            ballast,
            Map.of(),
            List.of("--lakehouse", Files.createDirectories(work.resolve("lh")).toString()));
    q.ok("generate", "--rows", "25000", "--days", "5", "--start", "2026-11-01");
    q.ok(build("2026-11-01"));
  }

  @Test
  void twoDaysAtOnceBothCommit() {
    long version = version();
    BallastCli.Running a = q.start(build("2026-11-02"));
    BallastCli.Running b = q.start(build("2026-11-03"));
    BallastCli.Result ra = a.await();
    BallastCli.Result rb = b.await();
    assertThat(ra.exitCode()).as(ra.describe()).isZero();
    assertThat(rb.exitCode()).as(rb.describe()).isZero();
    assertThat(version()).isEqualTo(version + 2);
    assertNoDuplicatesAndNothingMissing("'2026-11-02', '2026-11-03'");
  }

  @Test
  void theSameDayAtOnceHasOneWinnerAndNeverDuplicates() {
    long version = version();
    BallastCli.Running a = q.start(build("2026-11-04"));
    BallastCli.Running b = q.start(build("2026-11-04"));
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
    assertNoDuplicatesAndNothingMissing("'2026-11-04'");
  }

  /** The written days hold every source row once ({@code days}: a SQL list of quoted days). */
  private static void assertNoDuplicatesAndNothingMissing(String days) {
    var r =
        q.row(
            "SELECT (SELECT count(*) FROM ballast."
                + TABLE
                + " WHERE ds IN ("
                + days
                + ")) AS n, (SELECT count(DISTINCT txn_id) FROM ballast."
                + TABLE
                + " WHERE ds IN ("
                + days
                + ")) AS distinct_ids, (SELECT count(*) FROM ballast.transactions WHERE ds IN ("
                + days
                + ")) AS source");
    assertThat(r.path("n").asLong()).as(r.toString()).isEqualTo(r.path("distinct_ids").asLong());
    assertThat(r.path("n").asLong()).as(r.toString()).isEqualTo(r.path("source").asLong());
  }

  /** The table's latest Delta version, from its log's file names (no Spark process). */
  private static long version() {
    return LakehouseQueries.deltaVersion(work.resolve("lh").resolve("tables").resolve(TABLE));
  }

  private static String[] build(String day) {
    return new String[] {
      "features",
      "build",
      "--pipeline",
      CrashSafetyIT.pipeline(),
      "--table",
      TABLE,
      "--date",
      day,
      "--allow-partial-windows"
    };
  }
}
