package io.ballast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.config.SearchSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
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
