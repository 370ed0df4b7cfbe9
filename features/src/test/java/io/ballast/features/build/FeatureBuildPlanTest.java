package io.ballast.features.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import io.ballast.features.config.Aggregate;
import io.ballast.features.config.AggregateFunction;
import io.ballast.features.config.Feature;
import io.ballast.features.config.FeatureTable;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The build plan in plain Java: no SparkSession, no data. */
class FeatureBuildPlanTest {
  // Own source tx: a 1-day count and a 7-day sum; labels: a 36-hour sum (2 whole days).
  static final FeatureTable TABLE =
      table(
          "h1",
          agg("n_1d", AggregateFunction.COUNT, Duration.ofDays(1), Optional.empty()),
          agg("sum_7d", AggregateFunction.SUM, Duration.ofDays(7), Optional.empty()),
          agg("fraud_36h", AggregateFunction.SUM, Duration.ofHours(36), Optional.of("labels")),
          new Feature("ratio", Optional.of("sum_7d / n_1d"), Optional.empty()));

  static final LocalDate D10 = LocalDate.of(2026, 1, 10);

  @Test
  void oneDayReadsEachSourceBackByItsOwnLongestWindow() {
    FeatureBuildPlan p = FeatureBuildPlan.of(TABLE, D10, D10, false, Optional.empty());
    assertThat(p.from()).isEqualTo(D10);
    assertThat(p.to()).isEqualTo(D10);
    assertThat(p.readFrom()).isEqualTo(LocalDate.of(2026, 1, 3));
    assertThat(p.sourcesFrom())
        .containsExactly(
            Map.entry("tx", LocalDate.of(2026, 1, 3)),
            Map.entry("labels", LocalDate.of(2026, 1, 8)));
    assertThat(p.ownSourceFrom()).isEqualTo(LocalDate.of(2026, 1, 3));
    assertThat(p.otherSourcesFrom()).containsOnlyKeys("labels");
    assertThat(p.rebuild()).isFalse();
    assertThat(p.refused()).isFalse();
    // One day: the 7-day sum's old history folds, so the build needs its targets' times.
    assertThat(p.collapsesHistory()).isTrue();
  }

  @Test
  void aRangeReadsBackFromItsFirstDayAndLongRangesSkipTheCollapse() {
    FeatureBuildPlan p =
        FeatureBuildPlan.of(TABLE, LocalDate.of(2026, 1, 1), D10, false, Optional.empty());
    assertThat(p.from()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(p.to()).isEqualTo(D10);
    assertThat(p.readFrom()).isEqualTo(LocalDate.of(2025, 12, 25));
    assertThat(p.sourcesFrom())
        .containsEntry("tx", LocalDate.of(2025, 12, 25))
        .containsEntry("labels", LocalDate.of(2025, 12, 30));
    // Ten days span more than the 7-day and 1-day windows' gap: nothing folds, no aggregate.
    assertThat(p.collapsesHistory()).isFalse();
  }

  @Test
  void theLongestWindowIsCountedInWholeDaysPerSource() {
    assertThat(FeatureBuildPlan.wholeDays(Duration.ofHours(36))).isEqualTo(2);
    assertThat(FeatureBuildPlan.wholeDays(Duration.ofDays(7))).isEqualTo(7);
    assertThat(FeatureBuildPlan.wholeDays(Duration.ZERO)).isZero();
    assertThat(FeatureBuildPlan.lookbackDays(TABLE)).isEqualTo(7);
    assertThat(FeatureBuildPlan.lookbackDays(TABLE, "labels")).isEqualTo(2);
    assertThat(FeatureBuildPlan.lookbackDays(TABLE, "nothing")).isZero();
    assertThat(TABLE.longestAggregate().orElseThrow().name()).isEqualTo("sum_7d");
    // Of equal windows, the first declared is the longest.
    FeatureTable tie =
        table(
            "h",
            agg("a", AggregateFunction.SUM, Duration.ofDays(3), Optional.empty()),
            agg("b", AggregateFunction.MAX, Duration.ofDays(3), Optional.empty()));
    assertThat(tie.longestAggregate().orElseThrow().name()).isEqualTo("a");
    FeatureTable none = table("h", new Feature("x", Optional.of("amount * 2"), Optional.empty()));
    FeatureBuildPlan p = FeatureBuildPlan.of(none, D10, D10, false, Optional.empty());
    assertThat(p.readFrom()).isEqualTo(D10);
    assertThat(p.collapsesHistory()).isFalse();
  }

  @Test
  void aWindowReachingBeforeTheFirstSourceDayIsRefusedUnlessPartialWindowsAreAllowed() {
    FeatureBuildPlan p = FeatureBuildPlan.of(TABLE, D10, D10, false, Optional.empty());
    List<LocalDate> fromThe5th = days(LocalDate.of(2026, 1, 5), D10);
    assertThatThrownBy(() -> p.requireSourceDays("lake/tx", fromThe5th, false))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith("Cannot build feature table cf: window 7d of feature sum_7d")
        .hasMessageContaining("2026-01-03")
        .hasMessageContaining("lake/tx starts on 2026-01-05")
        .hasMessageContaining("--allow-partial-windows");
    assertThatCode(() -> p.requireSourceDays("lake/tx", fromThe5th, true))
        .doesNotThrowAnyException();
    // Data from the window's first day on: nothing to refuse.
    assertThatCode(() -> p.requireSourceDays("lake/tx", days(LocalDate.of(2026, 1, 3), D10), false))
        .doesNotThrowAnyException();
  }

  @Test
  void aMissingDayInsideTheReadDaysIsNamedEvenWithPartialWindows() {
    FeatureBuildPlan p = FeatureBuildPlan.of(TABLE, D10, D10, false, Optional.empty());
    List<LocalDate> gap =
        days(LocalDate.of(2026, 1, 5), D10).stream()
            .filter(d -> !d.equals(LocalDate.of(2026, 1, 8)))
            .toList();
    assertThatThrownBy(() -> p.requireSourceDays("lake/tx", gap, true))
        .hasMessageStartingWith("Cannot build feature table cf: source lake/tx has no partition")
        .hasMessageContaining("[2026-01-08]");
    assertThatThrownBy(() -> p.requireSourceDays("lake/tx", List.of(), true))
        .hasMessageContaining("[2026-01-03, 2026-01-04");
  }

  @Test
  void aRebuildWidensToEveryBuiltDayAndWithoutItAChangedDefinitionIsRefused() {
    Optional<BuildCommit> old = Optional.of(commit("h0", "2026-01-02", "2026-01-20"));
    FeatureBuildPlan rebuild = FeatureBuildPlan.of(TABLE, D10, D10, true, old);
    assertThat(rebuild.rebuild()).isTrue();
    assertThat(rebuild.refused()).isFalse();
    assertThat(rebuild.from()).isEqualTo(LocalDate.of(2026, 1, 2));
    assertThat(rebuild.to()).isEqualTo(LocalDate.of(2026, 1, 20));
    assertThat(rebuild.readFrom()).isEqualTo(LocalDate.of(2025, 12, 26));
    assertThat(rebuild.sourcesFrom()).containsEntry("labels", LocalDate.of(2025, 12, 31));
    // A requested day outside the built ones widens the range further.
    FeatureBuildPlan later = FeatureBuildPlan.of(TABLE, D10, LocalDate.of(2026, 1, 25), true, old);
    assertThat(later.from()).isEqualTo(LocalDate.of(2026, 1, 2));
    assertThat(later.to()).isEqualTo(LocalDate.of(2026, 1, 25));

    FeatureBuildPlan refused = FeatureBuildPlan.of(TABLE, D10, D10, false, old);
    assertThat(refused.refused()).isTrue();
    assertThat(refused.rebuild()).isFalse();
    assertThat(refused.from()).isEqualTo(D10);
    assertThat(refused.collapsesHistory()).as("no aggregate for a refused build").isFalse();
    assertThat(refused.refusal())
        .hasMessageStartingWith(
            "Cannot build feature table cf: its definition changed since version 4")
        .hasMessageContaining(
            "Pass --rebuild to recompute every built day (2026-01-02 .. 2026-01-20)");

    // The same definition: --rebuild changes nothing, the requested day is built.
    Optional<BuildCommit> same = Optional.of(commit("h1", "2026-01-02", "2026-01-20"));
    FeatureBuildPlan unchanged = FeatureBuildPlan.of(TABLE, D10, D10, true, same);
    assertThat(unchanged.rebuild()).isFalse();
    assertThat(unchanged.refused()).isFalse();
    assertThat(unchanged.from()).isEqualTo(D10);
    assertThat(unchanged.to()).isEqualTo(D10);
  }

  @Test
  void theFirstFullDayIsTheLatestOfEachSourcesFirstDayPlusItsWindow() {
    // tx's 7-day windows are full from 01-08, the labels' 36 hours (2 days) from 01-07 + 2.
    assertThat(
            FeatureBuildPlan.firstFullDay(
                TABLE, Map.of("tx", LocalDate.of(2026, 1, 1), "labels", LocalDate.of(2026, 1, 7))))
        .contains(LocalDate.of(2026, 1, 9));
    assertThat(FeatureBuildPlan.firstFullDay(TABLE, Map.of("tx", LocalDate.of(2026, 1, 1))))
        .contains(LocalDate.of(2026, 1, 8));
    assertThat(FeatureBuildPlan.firstFullDay(TABLE, Map.of())).isEmpty();
  }

  static Feature agg(String name, AggregateFunction fn, Duration window, Optional<String> source) {
    return new Feature(
        name,
        Optional.empty(),
        Optional.of(new Aggregate(fn, "amount", window, false, source, Optional.empty())));
  }

  static FeatureTable table(String hash, Feature... features) {
    return new FeatureTable(
        "cf", "customer", "tx", Optional.empty(), List.of(), List.of(features), hash);
  }

  static BuildCommit commit(String hash, String builtFrom, String builtTo) {
    return new BuildCommit(
        4, "2026-01-21 00:00:00", "WRITE", hash, builtTo, builtTo, builtFrom, builtTo, 10, false);
  }

  static List<LocalDate> days(LocalDate from, LocalDate to) {
    return from.datesUntil(to.plusDays(1)).toList();
  }
}
