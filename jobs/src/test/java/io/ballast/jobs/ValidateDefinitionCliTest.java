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

  @Test
  void derivedKeysAndKnownAtResolveAndABadOneNamesItsSourceAndExpression(@TempDir Path dir)
      throws Exception {
    String derived =
        Files.readString(Path.of(PIPELINE))
            .replace(
                "keys: [customer_id]",
                "keys: [{name: customer_card, expr: \"concat(customer_id, '-', card_id)\"}]")
            .replace(
                "- {type: completeness, column: customer_id}",
                "- {type: completeness, column: customer_card}")
            .replace("known_at: label_ts", "known_at: \"event_ts + make_interval(0, 0, 0, 3)\"");
    Path good = dir.resolve("derived.yaml");
    Files.writeString(good, derived);

    BallastCliTest.Run ok = BallastCliTest.run("validate", "--pipeline", good.toString());

    assertThat(ok.code()).as(ok.err() + ok.out()).isZero();
    assertThat(ok.out()).contains("OK: card_fraud matches the lakehouse").doesNotContain("ERROR");

    Path bad = dir.resolve("derived-bad.yaml");
    Files.writeString(
        bad,
        derived
            .replace("concat(customer_id, '-', card_id)", "concat(customer_idd, '-', card_id)")
            .replace("make_interval(0, 0, 0, 3)", "make_interval(0, 0, 0, delay_dayz)"));

    BallastCliTest.Run no = BallastCliTest.run("validate", "--pipeline", bad.toString());

    assertThat(no.code()).as(no.err()).isEqualTo(2);
    assertThat(no.out())
        .contains(
            "ERROR entities.customer.keys[0].expr: 'concat(customer_idd, '-', card_id)' does not"
                + " resolve against ballast.transactions")
        .contains(
            "ERROR entities.customer.keys[0].expr: 'concat(customer_idd, '-', card_id)' does not"
                + " resolve against ballast.fraud_labels")
        .contains(
            "ERROR sources.fraud_labels.known_at: 'event_ts + make_interval(0, 0, 0, delay_dayz)'"
                + " does not resolve against ballast.fraud_labels")
        .doesNotContain("has no column customer_card")
        .doesNotContain("_known_at");
  }
}
