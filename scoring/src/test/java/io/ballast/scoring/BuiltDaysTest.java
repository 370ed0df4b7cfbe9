package io.ballast.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.build.BuildCommit;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltDaysTest {
  static BuildCommit build(long v, String from, String to, boolean rebuild) {
    return new BuildCommit(v, "ts", "WRITE", "h", from, to, from, to, 10, rebuild);
  }

  @Test
  void buildsAddTheirDaysAndARebuildReplacesThem() {
    // newest first, as BuildCommit.history returns them
    List<BuildCommit> history =
        List.of(
            build(3, "2026-07-10", "2026-07-10", false),
            build(2, "2026-07-05", "2026-07-06", false),
            new BuildCommit(1, "ts", "WRITE", null, null, null, null, null, 0, false),
            build(0, "2026-07-01", "2026-07-02", false));
    BuiltDays b = BuiltDays.of(history);
    assertThat(b.contains(LocalDate.of(2026, 7, 2))).isTrue();
    assertThat(b.contains(LocalDate.of(2026, 7, 3))).isFalse();
    assertThat(
            b.missing(
                List.of(
                    LocalDate.of(2026, 7, 5), LocalDate.of(2026, 7, 7), LocalDate.of(2026, 7, 10))))
        .containsExactly("2026-07-07");
    assertThat(b.describe())
        .isEqualTo("2026-07-01..2026-07-02, 2026-07-05..2026-07-06, 2026-07-10");

    BuiltDays rebuilt =
        BuiltDays.of(
            List.of(
                new BuildCommit(
                    4,
                    "ts",
                    "WRITE",
                    "h2",
                    "2026-07-03",
                    "2026-07-03",
                    "2026-07-01",
                    "2026-07-10",
                    99,
                    true),
                history.get(0)));
    assertThat(rebuilt.describe()).isEqualTo("2026-07-01..2026-07-10");
    assertThat(BuiltDays.of(List.of()).describe()).isEqualTo("no days");
  }
}
