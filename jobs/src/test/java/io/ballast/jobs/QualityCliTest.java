package io.ballast.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ballast quality ...} in-process, on generated demo data with a quality incident. */
class QualityCliTest {
  static final String PIPELINE = "../orchestration/pipelines/card_fraud.yaml";

  @BeforeAll
  static void generate() {
    BallastCliTest.lakehouse = TestSpark.lakehouse().root();
    BallastCliTest.Run r =
        BallastCliTest.run(
            "generate",
            "--rows",
            "3000",
            "--days",
            "5",
            "--start",
            "2026-02-01",
            "--quality-incident",
            "2026-02-03",
            "--distribution-shift",
            "none",
            "--concept-drift",
            "none");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void checkPassesOnACleanDayAndFailsTheGateOnTheIncident() {
    BallastCliTest.Run clean =
        BallastCliTest.run(
            "quality",
            "check",
            "--pipeline",
            PIPELINE,
            "--table",
            "transactions",
            "--from",
            "2026-02-01",
            "--to",
            "2026-02-02");
    assertThat(clean.code()).as(clean.err()).isZero();
    assertThat(clean.out()).contains("Checked ballast.transactions 2026-02-01 .. 2026-02-02");

    BallastCliTest.Run bad =
        BallastCliTest.run(
            "quality",
            "check",
            "--pipeline",
            PIPELINE,
            "--table",
            "transactions",
            "--date",
            "2026-02-03");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.out()).contains("FAILED:  ds=2026-02-03 completeness_amount");
    assertThat(bad.err())
        .contains("error: Cannot pass the quality gate of table ballast.transactions:")
        .contains("ds=2026-02-03 unique_txn_id: Uniqueness(txn_id) == 1 failed");
    BallastCliTest.Run written =
        BallastCliTest.run(
            "sql",
            "SELECT count(*) AS n FROM ballast.quality_results WHERE table_name ="
                + " 'transactions' AND ds = '2026-02-03' AND status = 'failed'",
            "--format",
            "csv");
    assertThat(written.out().lines().skip(1).findFirst().orElse("0")).isNotEqualTo("0");
    // the incident's negative amounts: minimum(amount) >= 0 needs no history, so it judges this
    // third day; online_normal would need 7 earlier days
    BallastCliTest.Run anomalies =
        BallastCliTest.run(
            "sql",
            "SELECT check_name, status FROM ballast.quality_results WHERE table_name ="
                + " 'transactions' AND ds = '2026-02-03' AND check_name LIKE 'anomaly_%'"
                + " ORDER BY check_name",
            "--format",
            "csv");
    assertThat(anomalies.out())
        .contains("anomaly_mean_amount,skipped")
        .contains("anomaly_minimum_amount,failed");

    BallastCliTest.Run merged =
        BallastCliTest.run(
            "quality", "table-metrics", "--pipeline", PIPELINE, "--table", "transactions");
    assertThat(merged.code()).as(merged.err()).isZero();
    assertThat(merged.out()).contains("3 partitions 2026-02-01 .. 2026-02-03").contains("Size");
  }

  @Test
  void suggestPrintsAQualitySection() {
    BallastCliTest.Run r =
        BallastCliTest.run(
            "quality",
            "suggest",
            "--table",
            "fraud_labels",
            "--from",
            "2026-02-02",
            "--to",
            "2026-02-05");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("quality:\n  fraud_labels:\n    checks:\n");
  }

  @Test
  void badArgumentsAreUserErrors() {
    BallastCliTest.Run r =
        BallastCliTest.run("quality", "check", "--pipeline", PIPELINE, "--table", "transactions");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("give --date D, or both --from D1 and --to D2");
    BallastCliTest.Run undeclared =
        BallastCliTest.run(
            "quality",
            "check",
            "--pipeline",
            PIPELINE,
            "--table",
            "customers",
            "--date",
            "2026-02-01");
    assertThat(undeclared.err())
        .contains("Cannot check quality of table customers: the definition")
        .contains("(declared: [transactions, fraud_labels, customer_features, merchant_features])");
  }
}
