package io.ballast.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.jobs.Ballast;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BenchAllTest {
  @Test
  void theReportHasTheTableAtTheSizeAndTheGrowthOfEveryStage() {
    List<BenchAll.Figures> all =
        List.of(
            new BenchAll.Figures("features", 1_000_000, 10, 4, Map.of()),
            new BenchAll.Figures("quality", 1_000_000, 2, 1, Map.of()),
            new BenchAll.Figures("features", 3_000_000, 25, 10, Map.of()),
            new BenchAll.Figures("quality", 3_000_000, 5, 2, Map.of()));
    String md =
        BenchAll.markdown(
            all,
            List.of("features", "quality"),
            new TreeSet<>(List.of(1_000_000L, 3_000_000L)),
            1_000_000,
            "test machine");
    assertThat(md)
        .startsWith("Machine: test machine")
        .contains("| features | 1,000,000 | 10.00 | 100,000 | 4.00 | 2.50 |")
        .contains("| quality | 1,000,000 | 2.00 | 500,000 | 1.00 | 2.00 |")
        .contains("| stage | 1,000,000 rows | 3,000,000 rows |")
        .contains("| features | 10.00 | 25.00 (x2.50) |")
        .contains("| quality | 2.00 | 5.00 (x2.50) |")
        .doesNotContain("| features | 3,000,000 |");
    assertThat(new BenchAll.Figures("train", 1000, 2, 1, Map.of("auc", 0.9)).json())
        .containsEntry("rows_per_second", 500L)
        .containsEntry("ratio_to_floor", 2.0)
        .containsEntry("auc", 0.9);
  }

  @Test
  void unknownStagesAndTinySizesAreRefusedBeforeAnyWork() {
    assertThat(run("bench", "all", "--stages", "features,nope"))
        .contains("Cannot use --stages 'nope': expected stages among features, quality, train");
    assertThat(run("bench", "all", "--rows", "10000", "--scaling", "5"))
        .contains("Cannot use --rows/--scaling '5': expected 10000 to 1000000000 rows");
  }

  @Test
  void everyBenchmarkRefusesRowsOutOfItsRangeBeforeAnyWork() {
    assertThat(run("bench", "train", "--rows", "10"))
        .contains("Cannot use --rows '10': expected 1000 to 1000000000 rows");
    assertThat(run("bench", "scoring", "--rows", "2000000000"))
        .contains("Cannot use --rows '2000000000': expected 1000 to 1000000000 rows");
    assertThat(run("bench", "drift", "--rows", "2000"))
        .contains("Cannot use --rows '2000': expected 3000 to 1000000000 rows");
  }

  private static String run(String... args) {
    StringWriter err = new StringWriter();
    int code =
        Ballast.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    assertThat(code).as(err.toString()).isEqualTo(2);
    return err.toString();
  }
}
