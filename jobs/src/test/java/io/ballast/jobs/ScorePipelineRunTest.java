package io.ballast.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import io.ballast.jobs.bench.ScoringBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily graph's score task run by the local runner on the demo definition (with a quick
 * logistic regression as its model), on 2026-07-10 .. 07-21 of generated payments.
 */
class ScorePipelineRunTest {
  @TempDir static Path dir;

  @Test
  void theDailyGraphGetsThroughItsScoreTask() throws Exception {
    String demo = Files.readString(Path.of(PipelineRunTest.PIPELINE));
    String yaml =
        demo.substring(0, demo.indexOf("\nmodels:"))
            + """

            models:
              - name: score_run_model
                algorithm: logistic_regression
                categorical: [merchant_category]
                params: {maxIter: 10}
            """;
    Path pipeline = dir.resolve("card_fraud.yaml");
    Files.writeString(pipeline, yaml);
    PipelineDefinition def = new PipelineLoader(new SparkExpressionParser()).load(pipeline);

    BallastCliTest.Run gen =
        // From 2026-06-04 (PipelineRunTest's days end on 06-03): the 30-day windows of 07-10 on
        // read days without a gap, whichever of the two tests ran first in the shared lakehouse.
        PipelineRunTest.run("generate", "--rows", "6000", "--days", "48", "--start", "2026-06-04");
    assertThat(gen.code()).as(gen.err()).isZero();
    for (String t : new String[] {"customer_features", "merchant_features"}) {
      BallastCliTest.Run b =
          PipelineRunTest.run(
              "features",
              "build",
              "--pipeline",
              pipeline.toString(),
              "--table",
              t,
              "--from",
              "2026-07-10",
              "--to",
              "2026-07-20",
              "--allow-partial-windows");
      assertThat(b.code()).as(b.err()).isZero();
    }
    ScoringBench.registerChampion(
        TestSpark.tables(),
        def,
        def.models().get(0),
        LocalDate.of(2026, 7, 10),
        LocalDate.of(2026, 7, 20));

    BallastCliTest.Run run =
        PipelineRunTest.run(
            "pipeline",
            "run",
            "--pipeline",
            pipeline.toString(),
            "--date",
            "2026-07-21",
            "--tasks",
            "score",
            "--allow-partial-windows");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).containsPattern("score +ok in");
    long events =
        TestSpark.spark()
            .sql("SELECT count(*) FROM ballast.transactions WHERE ds = '2026-07-21'")
            .first()
            .getLong(0);
    long scored =
        TestSpark.spark()
            .sql(
                "SELECT count(*) FROM ballast.card_fraud_predictions WHERE ds = '2026-07-21'"
                    + " AND model_name = 'score_run_model' AND NOT shadow")
            .first()
            .getLong(0);
    assertThat(events).isPositive();
    assertThat(scored).isEqualTo(events);
  }
}
