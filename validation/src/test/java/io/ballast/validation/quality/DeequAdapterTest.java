package io.ballast.validation.quality;

import static io.ballast.validation.quality.Fixtures.BAD;
import static io.ballast.validation.quality.Fixtures.DAY0;
import static io.ballast.validation.quality.Fixtures.DAY1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.TestSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The range path (one aggregation grouped by day) against a separate Deequ analysis of each day,
 * over every metric kind, with nulls and an empty day in the middle of the range.
 */
class DeequAdapterTest {
  static final List<MetricSpec> SPECS =
      List.of(
          MetricSpec.size(),
          MetricSpec.of(MetricSpec.Kind.COMPLETENESS, "amount"),
          MetricSpec.of(MetricSpec.Kind.COMPLETENESS, "channel"),
          MetricSpec.uniqueness(List.of("txn_id")),
          MetricSpec.uniqueness(List.of("channel", "currency")),
          MetricSpec.compliance("non_negative", "amount >= 0", List.of("amount")),
          MetricSpec.compliance("pattern", "currency RLIKE '^[A-Z]{3}$'", List.of("currency")),
          MetricSpec.of(MetricSpec.Kind.MINIMUM, "amount"),
          MetricSpec.of(MetricSpec.Kind.MAXIMUM, "amount"),
          MetricSpec.of(MetricSpec.Kind.MEAN, "amount"),
          MetricSpec.of(MetricSpec.Kind.STDDEV, "amount"),
          MetricSpec.of(MetricSpec.Kind.APPROX_DISTINCT, "channel"));

  /** DAY0 and BAD have rows (nulls and repeats among them); DAY1, between them, has none. */
  static Dataset<Row> data() {
    List<Row> rows = new ArrayList<>(Fixtures.goodDay(DAY0, 1));
    rows.add(Fixtures.tx(2, null, null, "USD", DAY0 + " 09:00:00", DAY0));
    rows.addAll(Fixtures.badDay());
    return Fixtures.frame(rows);
  }

  @Test
  void everyDayEqualsASeparateAnalysisOfThatDay(@TempDir Path dir) {
    Dataset<Row> data = data();
    Map<LocalDate, Map<MetricSpec, MetricValue>> days =
        DeequAdapter.computeDays(
            data,
            "ds",
            DAY0,
            BAD,
            SPECS,
            Optional.of(
                new DeequAdapter.DayStates(
                    d -> dir.resolve("states/" + d).toString(),
                    c -> dir.resolve("freq-" + String.join("_", c)).toString())));
    assertThat(days).containsOnlyKeys(DAY0, DAY1, BAD);

    for (LocalDate d : List.of(DAY0, BAD)) {
      Map<MetricSpec, MetricValue> alone =
          DeequAdapter.compute(
              data.where(functions.col("ds").equalTo(d.toString())), SPECS, Optional.empty());
      for (MetricSpec s : SPECS) {
        MetricValue got = days.get(d).get(s);
        assertThat(got.value()).as(d + " " + s + ": " + got.error()).isPresent();
        assertThat(got.value().get())
            .as(d + " " + s)
            .isCloseTo(alone.get(s).value().orElseThrow(), within(1e-12));
      }
    }
    assertThat(days.get(DAY0).get(MetricSpec.of(MetricSpec.Kind.COMPLETENESS, "amount")).value())
        .contains(0.8);
    assertThat(days.get(BAD).get(MetricSpec.uniqueness(List.of("txn_id"))).value()).contains(0.6);

    Map<MetricSpec, MetricValue> empty = days.get(DAY1);
    assertThat(empty.get(MetricSpec.size()).value()).contains(0.0);
    SPECS.stream()
        .filter(s -> s.kind() != MetricSpec.Kind.SIZE)
        .forEach(s -> assertThat(empty.get(s).value()).as(s.toString()).isEmpty());

    // The saved per-day states merge to what one analysis of the whole range computes (an empty
    // day saves its size only, as before: merged here are the days with rows).
    List<MetricSpec> scanned = SPECS.stream().filter(s -> !s.grouping()).toList();
    Map<MetricSpec, MetricValue> merged =
        DeequAdapter.merge(
            TestSpark.spark(),
            data.schema(),
            scanned,
            List.of(DAY0, BAD).stream().map(d -> dir.resolve("states/" + d).toString()).toList());
    Map<MetricSpec, MetricValue> whole = DeequAdapter.compute(data, scanned, Optional.empty());
    for (MetricSpec s : scanned) {
      assertThat(merged.get(s).value().orElseThrow())
          .as("merged " + s)
          .isCloseTo(whole.get(s).value().orElseThrow(), within(1e-9));
    }
  }

  @Test
  void oneDayEqualsTheAnalysisOfThatDay() {
    Dataset<Row> day0 = data().where(functions.col("ds").equalTo(DAY0.toString()));
    Map<MetricSpec, MetricValue> got =
        DeequAdapter.computeDays(day0, "ds", DAY0, DAY0, SPECS, Optional.empty()).get(DAY0);
    Map<MetricSpec, MetricValue> alone = DeequAdapter.compute(day0, SPECS, Optional.empty());
    for (MetricSpec s : SPECS) {
      assertThat(got.get(s).value()).as(s.toString()).isEqualTo(alone.get(s).value());
    }
  }
}
