package io.ballast.features.pit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TimeSplitTest {
  @Test
  void windowsAreConsecutiveAndEndAtTheAsOfDay() {
    TimeSplit s =
        TimeSplit.of(LocalDate.of(2026, 3, 10), TrainingFixtures.spec(5, 2, 1, Optional.empty()));
    assertThat(s)
        .isEqualTo(
            new TimeSplit(
                LocalDate.of(2026, 3, 3),
                LocalDate.of(2026, 3, 7),
                LocalDate.of(2026, 3, 8),
                LocalDate.of(2026, 3, 9),
                LocalDate.of(2026, 3, 10),
                LocalDate.of(2026, 3, 10)));
  }

  @Test
  void noTestRowIsEarlierThanAValidationOrTrainingRow() {
    TimeSplit s =
        TimeSplit.of(LocalDate.of(2026, 3, 8), TrainingFixtures.spec(6, 1, 1, Optional.empty()));
    Dataset<Row> in = TestSpark.spark().sql(TrainingFixtures.PAYMENTS);
    Row r =
        s.assign(in)
            .selectExpr(
                "max(CASE WHEN _split = 'train' THEN event_ts END)",
                "min(CASE WHEN _split = 'validation' THEN event_ts END)",
                "max(CASE WHEN _split = 'validation' THEN event_ts END)",
                "min(CASE WHEN _split = 'test' THEN event_ts END)",
                "count(*)")
            .first();
    assertThat(r.getTimestamp(0)).isBefore(r.getTimestamp(1));
    assertThat(r.getTimestamp(2)).isBefore(r.getTimestamp(3));
    assertThat(r.getLong(4)).isEqualTo(640); // 2026-03-09 is after the as-of day: left out
  }
}
