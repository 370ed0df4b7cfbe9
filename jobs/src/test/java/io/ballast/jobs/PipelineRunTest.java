package io.ballast.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The local runner: a 3-day backfill that fails on day 2 and resumes without redoing day 1. */
class PipelineRunTest {
  static final String PIPELINE = "../orchestration/pipelines/card_fraud.yaml";

  static BallastCliTest.Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--lakehouse");
    all.add(TestSpark.lakehouse().root());
    int code =
        Ballast.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new BallastCliTest.Run(code, out.toString(), err.toString());
  }

  static List<String> log(String day) {
    return TestSpark.spark()
        .sql(
            "SELECT task, status FROM ballast.pipeline_task_runs WHERE ds = '"
                + day
                + "' ORDER BY started_at")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0) + "=" + r.getString(1))
        .toList();
  }

  @Test
  void aBackfillStopsAtAFailedGateAndResumesWithoutRedoingFinishedDays() {
    String[] backfill = {
      "pipeline",
      "backfill",
      "--pipeline",
      PIPELINE,
      "--from",
      "2026-06-01",
      "--to",
      "2026-06-03",
      "--tasks",
      "features_build_customer_features",
      "--allow-partial-windows"
    };
    // The source holds the 30 days the windows need; day 2 has a data-quality incident.
    BallastCliTest.Run gen =
        run(
            "generate",
            "--rows",
            "8000",
            "--days",
            "33",
            "--start",
            "2026-05-02",
            "--quality-incident",
            "2026-06-02");
    assertThat(gen.code()).as(gen.err()).isZero();
    BallastCliTest.Run first = run(backfill);
    assertThat(first.code()).as(first.out() + first.err()).isEqualTo(2);
    assertThat(first.out())
        .contains("quality_check_transactions       FAILED (exit 2)")
        .contains("features_build_customer_features skipped: an upstream task failed")
        .contains("Stopped after 2026-06-02");
    assertThat(log("2026-06-01"))
        .containsExactly(
            "quality_check_transactions=SUCCESS",
            "quality_check_fraud_labels=SUCCESS",
            "features_build_customer_features=SUCCESS");
    assertThat(log("2026-06-02")).contains("quality_check_transactions=FAILED");
    assertThat(log("2026-06-03")).isEmpty();

    // The data is fixed (regenerated without the incident); the same command resumes.
    assertThat(run("generate", "--rows", "8000", "--days", "33", "--start", "2026-05-02").code())
        .isZero();
    BallastCliTest.Run resumed = run(backfill);
    assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out()).contains("done earlier, skipped");
    assertThat(log("2026-06-01")).hasSize(3); // day 1 was not run again
    assertThat(log("2026-06-02")).endsWith("features_build_customer_features=SUCCESS");
    assertThat(log("2026-06-03")).endsWith("features_build_customer_features=SUCCESS");
    Row days =
        TestSpark.spark()
            .sql(
                "SELECT count(DISTINCT ds) FROM ballast.customer_features WHERE ds BETWEEN"
                    + " '2026-06-01' AND '2026-06-03'")
            .first();
    assertThat(days.getLong(0)).isEqualTo(3);
  }
}
