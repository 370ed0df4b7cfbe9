package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lakehouse catalog across processes, each command a separate JVM as {@code ./ballast} runs it:
 * a table written by one process is queryable by name from the next, and a query runs while another
 * process is writing (no metastore lock to fight over).
 */
class CatalogProcessesIT {
  @TempDir static Path work;

  private static BallastCli cli() {
    Path logs =
        Path.of(System.getProperty("ballast.it.logs", "target/it-logs"), "CatalogProcessesIT");
    return BallastCli.fromSystemProperties(logs, Duration.ofMinutes(6));
  }

  @Test
  void tablesPersistAcrossProcessesAndTwoProcessesShareTheCatalogAtOnce() throws Exception {
    BallastCli ballast = cli();
    String lakehouse = work.resolve("lh").toString();
    BallastCli.Result gen =
        ballast.run(
            Map.of(), "generate", "--rows", "5000", "--days", "2", "--lakehouse", lakehouse);
    assertThat(gen.exitCode()).as(gen.describe()).isZero();

    BallastCli.Result count =
        ballast.run(
            Map.of(),
            "sql",
            "SELECT count(*) AS n FROM ballast.transactions",
            "--format",
            "json",
            "--lakehouse",
            lakehouse);
    assertThat(count.exitCode()).as(count.describe()).isZero();
    assertThat(count.stdout().trim()).isEqualTo("{\"n\":5000}");

    // A longer write in one process, and queries from another while it runs.
    CompletableFuture<BallastCli.Result> writer =
        CompletableFuture.supplyAsync(
            () ->
                ballast.run(
                    Map.of(),
                    "generate",
                    "--rows",
                    "200000",
                    "--days",
                    "6",
                    "--start",
                    "2026-02-01",
                    "--lakehouse",
                    lakehouse));
    BallastCli.Result reader =
        ballast.run(
            Map.of(),
            "sql",
            "SELECT count(*) AS n FROM ballast.transactions WHERE ds < '2026-02-01'",
            "--format",
            "json",
            "--lakehouse",
            lakehouse);
    boolean overlapped = !writer.isDone();
    BallastCli.Result written = writer.get();
    assertThat(reader.exitCode()).as(reader.describe()).isZero();
    assertThat(reader.stdout().trim()).isEqualTo("{\"n\":5000}");
    assertThat(written.exitCode()).as(written.describe()).isZero();
    assertThat(overlapped).as("the query ran while the other process was still writing").isTrue();

    BallastCli.Result after =
        ballast.run(
            Map.of(),
            "sql",
            "SELECT count(*) AS n FROM ballast.transactions",
            "--format",
            "json",
            "--lakehouse",
            lakehouse);
    assertThat(after.stdout().trim()).isEqualTo("{\"n\":205000}");
  }
}
