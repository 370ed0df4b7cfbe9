package io.ballast.validation.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuggestionsTest {
  @Test
  void mapsDeequCodeToChecks() {
    assertThat(Suggestions.check(".isComplete(\"txn_id\")"))
        .isEqualTo("- {type: completeness, column: txn_id}");
    assertThat(
            Suggestions.check(
                ".hasCompleteness(\"amount\", _ >= 0.94, Some(\"It should be above 0.94!\"))"))
        .isEqualTo("- {type: completeness, column: amount, min: 0.94}");
    assertThat(Suggestions.check(".isNonNegative(\"amount\")"))
        .isEqualTo("- {type: non_negative, column: amount}");
    assertThat(Suggestions.check(".isUnique(\"txn_id\")"))
        .isEqualTo("- {type: unique, columns: [txn_id]}");
    assertThat(Suggestions.check(".isContainedIn(\"channel\", Array(\"online\", \"pos\"))"))
        .isEqualTo("- {type: allowed_values, column: channel, values: [\"online\", \"pos\"]}");
    assertThat(
            Suggestions.check(
                ".isContainedIn(\"c\", Array(\"a\", \"b\"), _ >= 0.95, Some(\"It should be above"
                    + " 0.95!\"))"))
        .isEqualTo("- {type: allowed_values, column: c, values: [\"a\", \"b\"], min_ratio: 0.95}");
    assertThat(Suggestions.check(".hasDataType(\"c\", ConstrainableDataTypes.Integral)")).isNull();
  }

  @Test
  void oneCheckPerTypeAndColumnKeepingTheOneWithoutARatio() {
    java.util.List<DeequAdapter.Suggestion> s =
        java.util.List.of(
            new DeequAdapter.Suggestion(
                "c", ".isContainedIn(\"c\", Array(\"a\"), _ >= 0.9, Some(\"x\"))", ""),
            new DeequAdapter.Suggestion("c", ".isComplete(\"c\")", ""),
            new DeequAdapter.Suggestion("c", ".isContainedIn(\"c\", Array(\"a\", \"b\"))", ""),
            new DeequAdapter.Suggestion("d", ".isContainedIn(\"d\", Array(\"a\"))", ""));
    assertThat(Suggestions.checks(s, java.util.Set.of()))
        .containsExactly(
            "- {type: allowed_values, column: c, values: [\"a\", \"b\"]}",
            "- {type: completeness, column: c}",
            "- {type: allowed_values, column: d, values: [\"a\"]}");
  }
}
