package io.ballast.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ballast validate}: a definition against generated demo tables, writing nothing. */
class ValidateDefinitionCliTest {
  static final String PIPELINE = "../orchestration/pipelines/card_fraud.yaml";

  @BeforeAll
  static void generate() {
    BallastCliTest.lakehouse = TestSpark.lakehouse().root();
    BallastCliTest.Run r =
        BallastCliTest.run(
            "generate",
            "--rows",
            "1000",
            "--days",
            "3",
            "--start",
            "2026-02-01",
            "--distribution-shift",
            "none",
            "--concept-drift",
            "none");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void theDemoDefinitionMatchesItsTablesAndNothingIsWritten() {
    String before = BallastCliTest.run("tables", "--json").out();

    BallastCliTest.Run ok = BallastCliTest.run("validate", "--pipeline", PIPELINE);

    assertThat(ok.code()).as(ok.err() + ok.out()).isZero();
    assertThat(ok.out())
        .contains("OK: card_fraud matches the lakehouse (2 source(s), 2 feature table(s)")
        .contains("source transactions (ballast.transactions): 3 day(s) of history, 2026-02-01")
        // 30-day windows over 3 days of history: a warning, not an error
        .contains("WARN  feature_tables[0]: the longest window over transactions is 30 days")
        .doesNotContain("ERROR");
    assertThat(BallastCliTest.run("tables", "--json").out()).isEqualTo(before);
  }

  @Test
  void everyMismatchIsListedWithItsPlaceInTheFile(@TempDir Path dir) throws Exception {
    String yaml =
        Files.readString(Path.of(PIPELINE))
            .replace("table: ballast.fraud_labels", "table: ballast.fraud_labelz")
            .replace("expr: \"hour(event_ts)\"", "expr: \"hour(event_tz)\"")
            .replace("column: currency, regex", "column: currencee, regex");
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, yaml);
    String before = BallastCliTest.run("tables", "--json").out();

    BallastCliTest.Run bad = BallastCliTest.run("validate", "--pipeline", file.toString());

    assertThat(bad.code()).as(bad.err()).isEqualTo(2);
    assertThat(bad.out())
        .contains("ERROR sources.fraud_labels: cannot read ballast.fraud_labelz")
        .contains(
            "ERROR feature_tables[0].features[1].expr: 'hour(event_tz)' does not resolve against"
                + " ballast.transactions")
        .contains(
            "ERROR quality.transactions.checks[6].column: ballast.transactions has no column"
                + " currencee. Name one of its columns (")
        .doesNotContain("OK:");
    assertThat(bad.err())
        .contains(
            "error: Cannot validate pipeline definition "
                + file
                + " against the lakehouse: 3 problems (listed above");
    assertThat(BallastCliTest.run("tables", "--json").out()).isEqualTo(before);
  }
}
