package io.ballast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import io.ballast.features.config.Algorithm;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.SearchSpec;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TimeSplitTest {
  static ModelSpec spec(int train, int validation, int test, Optional<SearchSpec> search) {
    return new ModelSpec(
        "m",
        Algorithm.GBT,
        List.of(),
        List.of(),
        train,
        validation,
        test,
        Map.of("maxIter", 5L),
        search,
        ModelSpec.ClassWeight.BALANCED);
  }

  @Test
  void windowsAreConsecutiveAndEndAtTheAsOfDay() {
    TimeSplit s = TimeSplit.of(LocalDate.of(2026, 3, 10), spec(5, 2, 1, Optional.empty()));
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
    TimeSplit s = TimeSplit.of(LocalDate.of(2026, 3, 8), spec(6, 1, 1, Optional.empty()));
    Dataset<Row> in = TestSpark.spark().sql(TrainFixtures.TX);
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

  @Test
  void searchCandidatesCoverTheGridOrASeededSample() {
    SearchSpec grid =
        new SearchSpec(
            SearchSpec.Method.GRID,
            2,
            "areaUnderROC",
            Map.of("maxDepth", List.of(3L, 5L), "stepSize", List.of(0.1, 0.2, 0.3)),
            Optional.empty());
    List<Map<String, Object>> all =
        SearchSpace.candidates(Map.of("maxIter", 5L), Optional.of(grid));
    assertThat(all).hasSize(6).allSatisfy(c -> assertThat(c).containsEntry("maxIter", 5L));
    assertThat(all.get(0)).containsEntry("maxDepth", 3L).containsEntry("stepSize", 0.1);
    SearchSpec random =
        new SearchSpec(SearchSpec.Method.RANDOM, 2, "areaUnderROC", grid.grid(), Optional.of(4));
    List<Map<String, Object>> sample = SearchSpace.candidates(Map.of(), Optional.of(random));
    assertThat(sample).hasSize(4).doesNotHaveDuplicates();
    assertThat(SearchSpace.candidates(Map.of(), Optional.of(random))).isEqualTo(sample);
    assertThat(SearchSpace.candidates(Map.of("maxIter", 5L), Optional.empty()))
        .containsExactly(Map.of("maxIter", 5L));
  }
}
