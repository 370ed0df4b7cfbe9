package io.ballast.jobs.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.TestSpark;
import io.ballast.features.pit.TimeSplit;
import io.ballast.features.pit.TrainingFixtures;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Label checks that fail before any fitting. */
class ModelTrainerTest {
  @Test
  void aLabelThatIsNotZeroOrOneIsAUserError() {
    var rows =
        TestSpark.spark()
            .sql(
                "SELECT * FROM VALUES"
                    + " (1L, timestamp'2026-03-01 10:00:00', 0, 1.0D),"
                    + " (2L, timestamp'2026-03-01 11:00:00', 2, 2.0D),"
                    + " (3L, timestamp'2026-03-02 10:00:00', 1, 3.0D),"
                    + " (4L, timestamp'2026-03-03 10:00:00', 0, 4.0D)"
                    + " AS t(customer_id, event_ts, label, amount)");
    var spec = TrainingFixtures.spec(1, 1, 1, Optional.empty());
    assertThatThrownBy(
            () ->
                ModelTrainer.fit(
                    rows, spec, List.of("amount"), TimeSplit.of(LocalDate.of(2026, 3, 3), spec)))
        .hasMessage(
            "Cannot train model m: 1 labels in the train window are neither 0 nor 1 (values from"
                + " 0.0 to 2.0). Make the label expression give 0 or 1 (e.g. CAST(status = 'fraud'"
                + " AS INT)).");
  }

  @Test
  void missingColumnsAreNamedAtOnce() {
    var rows = TestSpark.spark().sql("SELECT 1L AS customer_id, 0 AS label");
    var spec = TrainingFixtures.spec(1, 1, 1, Optional.empty());
    assertThatThrownBy(
            () ->
                ModelTrainer.fit(
                    rows,
                    spec,
                    List.of("amount", "n_1d"),
                    TimeSplit.of(LocalDate.of(2026, 3, 3), spec)))
        .hasMessageContaining("amount")
        .hasMessageContaining("n_1d")
        .hasMessageContaining("event_ts");
  }
}
