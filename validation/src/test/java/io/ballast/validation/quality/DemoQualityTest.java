package io.ballast.validation.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import io.ballast.features.demo.GenerateJob;
import io.ballast.features.demo.GeneratorParams;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo definition's quality gate on generated data: the incident day fails, clean days pass.
 */
class DemoQualityTest {
  static final Path DEMO = Path.of("../orchestration/pipelines/card_fraud.yaml");

  @Test
  void theIncidentDayFailsTheGateAndEveryCleanDayPasses() {
    LocalDate start = LocalDate.of(2026, 5, 1);
    GeneratorParams params = GeneratorParams.withDemoFaults(5_000, 6, start, 7);
    GenerateJob.run(TestSpark.tables(), params);
    LocalDate incident = params.qualityIncident().orElseThrow();
    PipelineDefinition def = new PipelineLoader(new SparkExpressionParser()).load(DEMO);

    QualityCheckJob.Result tx =
        QualityCheckJob.run(
            TestSpark.tables(),
            def,
            new QualityCheckJob.Params("transactions", start, params.end(), Optional.empty()));

    Set<String> failedDays =
        tx.gateFailures().stream()
            .map(f -> f.substring("ds=".length(), "ds=".length() + 10))
            .collect(Collectors.toSet());
    assertThat(failedDays).containsExactly(incident.toString());
    assertThat(tx.gateFailures())
        .anyMatch(f -> f.contains("completeness_amount"))
        .anyMatch(f -> f.contains("unique_txn_id"))
        .anyMatch(f -> f.contains("range_amount"))
        .anyMatch(f -> f.contains("non_negative_amount"));
    assertThat(tx.quarantinedRows()).isPositive();

    QualityCheckJob.Result labels =
        QualityCheckJob.run(
            TestSpark.tables(),
            def,
            new QualityCheckJob.Params("fraud_labels", start, params.end(), Optional.empty()));
    assertThat(labels.gateFailures()).isEmpty();
  }
}
