package io.ballast.features.onboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drafted definition from a profile, without Spark. */
class DefinitionDraftTest {
  static final DefinitionDraft.Request REQUEST =
      new DefinitionDraft.Request("orders", "orders", "customer_id", "ts", "returned");

  static TableProfile profile(int days) {
    return new TableProfile(
        "ballast.orders",
        Optional.of("ds"),
        1000,
        LocalDate.of(2026, 3, 1),
        LocalDate.of(2026, 3, 1).plusDays(days - 1),
        new long[] {90, 110},
        120,
        List.of(
            new ColumnProfile("order_id", "bigint", 1000, 1003),
            new ColumnProfile("customer_id", "string", 1000, 50),
            new ColumnProfile("ts", "timestamp", 1000, 990),
            new ColumnProfile("amount", "double", 990, 700),
            new ColumnProfile("channel", "string", 1000, 3),
            new ColumnProfile("note", "string", 800, 790),
            new ColumnProfile("gift", "boolean", 1000, 2),
            new ColumnProfile("shipped_at", "timestamp", 900, 900),
            new ColumnProfile("returned", "int", 1000, 2),
            new ColumnProfile("ds", "string", 1000, days)));
  }

  @Test
  void windowsAreTheTwoLongestThatFitTwiceIntoTheHistory() {
    assertThat(DefinitionDraft.windows(1)).containsExactly(1);
    assertThat(DefinitionDraft.windows(8)).containsExactly(1, 3);
    assertThat(DefinitionDraft.windows(20)).containsExactly(3, 7);
    assertThat(DefinitionDraft.windows(60)).containsExactly(7, 30);
    assertThat(DefinitionDraft.windows(400)).containsExactly(30, 90);
  }

  @Test
  void featuresByColumnTypeWithTheLabelIdsAndTimesLeftOut() {
    String yaml =
        DefinitionDraft.yaml(
            REQUEST,
            profile(60),
            List.of(
                "- {type: row_count, min: 45, max: 220}",
                "- {type: unique, columns: [order_id]}",
                "- {type: allowed_values, column: channel, values: [\"web\", \"app\", \"store\"]}",
                "- {type: allowed_values, column: customer_id, values: [\"c1\", \"c2\"]}",
                "- {type: allowed_values, column: returned, values: [\"0\", \"1\"]}"));

    PipelineDefinition def = new PipelineLoader(new SparkExpressionParser()).parse(yaml, "d.yaml");

    assertThat(def.source("orders").eventKey()).contains("order_id");
    assertThat(def.entities().get("customer").keys()).containsExactly("customer_id");
    assertThat(def.featureNames())
        .containsExactly(
            "events_7d",
            "events_30d",
            "amount",
            "amount_avg_7d",
            "amount_avg_30d",
            "amount_sum_7d",
            "gift",
            "channel",
            "channel_distinct_30d",
            "hour_of_day",
            "day_of_week");
    assertThat(def.models().get(0).categorical()).containsExactly("channel");
    assertThat(def.label().orElseThrow().column()).isEqualTo("returned");
    assertThat(def.quality().get("orders").checks()).hasSize(4);
    assertThat(yaml)
        .contains("# left out: note (string, ~790 distinct values: an id or free text)")
        .contains("# left out: shipped_at (a time")
        .contains("# left out: allowed_values of customer_id (not a category")
        .contains("training_window_days: 44\n    validation_days: 8\n    test_days: 8\n");
  }
}
