package io.ballast.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ballast.features.BallastException;
import io.ballast.jobs.Ballast;
import io.delta.exceptions.ConcurrentAppendException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExitsTest {
  @Test
  void aGroupRunWithoutItsSubcommandSaysSoAndShowsItsUsage() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Ballast.run(new PrintWriter(out, true), new PrintWriter(err, true), "quality");
    assertThat(code).isEqualTo(Exits.USER_ERROR);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .startsWith("error: missing subcommand (check, table-metrics, suggest).\nUsage: ballast")
        .contains("quality [-hV]");
  }

  @Test
  void aValuePastedWholeIsCutToAReadableLine() {
    String huge = "x".repeat(100_000);
    String shown = Exits.readable("Cannot use --param 'p=" + huge + "': bad.\nsecond line");
    String[] lines = shown.split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0])
        .startsWith("Cannot use --param 'p=xxx")
        .endsWith("... (" + (100_000 + 22 + 7 - Exits.MAX_LINE) + " more characters)")
        .hasSizeLessThan(Exits.MAX_LINE + 40);
    assertThat(lines[1]).isEqualTo("second line");
    assertThat(Exits.readable("short")).isEqualTo("short");
  }

  @Test
  void aConcurrentCommitToTheSamePartitionsIsAUserErrorThatSaysToRerun() {
    Exception ex =
        new RuntimeException(
            "job failed",
            new ConcurrentAppendException(
                "Files were added to partition [ds=2026-11-04] by a concurrent update."));
    BallastException e = Exits.environmentError(ex, "/tmp/lh", List.of(), Map.of());
    assertThat(e).isNotNull();
    assertThat(e.exitCode()).isEqualTo(2);
    assertThat(e.getMessage())
        .startsWith("Cannot commit to the lakehouse /tmp/lh: another process committed")
        .contains("partition [ds=2026-11-04]")
        .contains("Nothing of this run was committed")
        .contains("Rerun");
  }

  @Test
  void anS3ServerThatStopsAnsweringIsAUserErrorNamingTheEndpoint() {
    Exception ex =
        new IllegalStateException(
            "task failed",
            new IOException(
                "put on s3a://b/lh/tables/t/part-0.parquet",
                new ConnectException("Connection refused")));
    BallastException e =
        Exits.environmentError(
            ex,
            "s3a://b/lh",
            List.of("spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:9999"),
            Map.of("AWS_ENDPOINT_URL", "http://ignored:1"));
    assertThat(e).isNotNull();
    assertThat(e.exitCode()).isEqualTo(2);
    assertThat(e.getMessage())
        .startsWith(
            "Cannot reach the lakehouse storage at s3a://b/lh (endpoint http://127.0.0.1:9999):"
                + " Connection refused.")
        .contains("Check that the S3 server is up");

    BallastException fromEnv =
        Exits.environmentError(
            ex, "s3a://b/lh", List.of(), Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1234"));
    assertThat(fromEnv.getMessage()).contains("(endpoint http://127.0.0.1:1234)");
  }

  @Test
  void otherFailuresStayBugs() {
    Exception refused = new IOException("x", new ConnectException("Connection refused"));
    assertThat(Exits.environmentError(refused, "/tmp/lh", List.of(), Map.of())).isNull();
    assertThat(
            Exits.environmentError(
                new IllegalStateException("boom"), "s3a://b/lh", List.of(), Map.of()))
        .isNull();
  }

  @Test
  void aReportedUserErrorIsItsMessageAndCodeAndABugItsTraceAndOne() {
    BallastException bad =
        catchThrowableOfType(() -> Dates.parse("--date", "nope"), BallastException.class);
    StringWriter err = new StringWriter();
    int code =
        Exits.report(new RuntimeException(bad), new PrintWriter(err, true), "/tmp/lh", List.of());
    assertThat(code).isEqualTo(Exits.USER_ERROR).isEqualTo(bad.exitCode());
    assertThat(err.toString())
        .isEqualTo("error: " + bad.getMessage() + System.lineSeparator())
        .contains("--date");
    StringWriter trace = new StringWriter();
    assertThat(
            Exits.report(
                new IllegalStateException("boom"), new PrintWriter(trace, true), null, null))
        .isEqualTo(Exits.BUG);
    assertThat(trace.toString())
        .startsWith("internal error (a bug in Ballast; please report it):")
        .contains("java.lang.IllegalStateException: boom");
  }
}
