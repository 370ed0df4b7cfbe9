package io.ballast.validation.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.config.ValidationSpec;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.validation.model.PromotionDecision.Outcome;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Promote or refuse, in plain Java: no SparkSession, no registry. */
class PromotionDecisionTest {
  static final ValidationSpec.ChampionGate CHAMP =
      new ValidationSpec.ChampionGate("pr_auc", 0.01, 0.0, 200, 0.95, 7);

  @Test
  void aValidatedVersionReplacesTheChampionItWasComparedWith() {
    PromotionDecision d =
        PromotionDecision.decide("m", "2", aliases("1", "0"), validated("1", List.of()));
    assertThat(d.outcome()).isEqualTo(Outcome.PROMOTE);
    assertThat(d.moves()).isTrue();
    assertThat(d.refused()).isFalse();
    assertThat(d.champion()).contains("1");
    assertThat(d.validationId()).contains("val-1");
    assertThat(d.reasons()).isEmpty();
  }

  @Test
  void withoutAChampionTheFirstValidatedVersionIsPromotedAndTheChampionGateSkipped() {
    GateResult skipped = Gates.champion(CHAMP, Optional.empty(), Optional.empty());
    assertThat(skipped.passed()).isTrue();
    PromotionDecision d =
        PromotionDecision.decide("m", "1", Map.of(), validatedBy(null, List.of(skipped)));
    assertThat(d.outcome()).isEqualTo(Outcome.PROMOTE);
    assertThat(d.champion()).isEmpty();
    assertThat(d.previous()).isEmpty();
  }

  @Test
  void theChampionStaysWithoutReadingItsValidation() {
    AtomicInteger reads = new AtomicInteger();
    PromotionDecision d =
        PromotionDecision.decide(
            "m",
            "1",
            aliases("1", "0"),
            () -> {
              reads.incrementAndGet();
              return Optional.empty();
            });
    assertThat(d.outcome()).isEqualTo(Outcome.ALREADY_CHAMPION);
    assertThat(d.moves()).isFalse();
    assertThat(d.refused()).isFalse();
    assertThat(d.previous()).contains("0");
    assertThat(reads).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"min", "max", "max_slice_gap", "fairness"})
  void anyFailedGateRefusesAndIsListed(String gate) {
    GateResult failed =
        new GateResult(gate, "roc_auc", SliceMetrics.ALL, 0.5, 0.6, false, "0.5000 vs 0.6000");
    GateResult passed =
        new GateResult("min", "recall", SliceMetrics.ALL, 0.9, 0.6, true, "0.9000 >= 0.6000");
    PromotionDecision d =
        PromotionDecision.decide(
            "m", "2", aliases("1", null), validatedBy("1", List.of(passed, failed)));
    assertThat(d.outcome()).isEqualTo(Outcome.GATES_FAILED);
    assertThat(d.refused()).isTrue();
    assertThat(d.moves()).isFalse();
    assertThat(d.reasons()).containsExactly(gate + " roc_auc: 0.5000 vs 0.6000");
    assertThat(d.refusal())
        .hasMessage(
            "Cannot promote m version 2: 1 gate failed; aliases unchanged.\n  - "
                + gate
                + " roc_auc: 0.5000 vs 0.6000");
    assertThat(d.refusal().exitCode()).isEqualTo(2);
  }

  @Test
  void aTieWithTheChampionIsNotAWin() {
    Comparison tie = new Comparison("pr_auc", 0.50, 0.50, 0.0, 0.0, -0.02, 0.02, 0.95, 200);
    GateResult g = Gates.champion(CHAMP, Optional.of("1"), Optional.of(tie));
    PromotionDecision d =
        PromotionDecision.decide("m", "2", aliases("1", null), validatedBy("1", List.of(g)));
    assertThat(d.outcome()).isEqualTo(Outcome.GATES_FAILED);
    assertThat(d.reasons()).singleElement().asString().startsWith("champion pr_auc: ");
    assertThat(d.refusal().getMessage())
        .contains("below min_absolute_change 0.0100", "within the noise");
  }

  @Test
  void aVersionNeverValidatedIsRefused() {
    PromotionDecision d = PromotionDecision.decide("m", "3", aliases("1", null), Optional::empty);
    assertThat(d.outcome()).isEqualTo(Outcome.NOT_VALIDATED);
    assertThat(d.refusal())
        .hasMessage(
            "Cannot promote m version 3: it has not been validated. Run 'ballast model validate"
                + " --pipeline FILE --model m --version 3' first; it must pass every gate.");
  }

  @Test
  void aValidationAgainstAnotherChampionIsStale() {
    PromotionDecision moved =
        PromotionDecision.decide("m", "3", aliases("2", "1"), validated("1", List.of()));
    assertThat(moved.outcome()).isEqualTo(Outcome.NOT_VALIDATED);
    assertThat(moved.refusal().getMessage())
        .startsWith(
            "Cannot promote m version 3: it was validated against champion version 1 but the"
                + " champion now is version 2.");
    // Validated before any champion, and one appeared since (or the reverse): stale too.
    assertThat(
            PromotionDecision.decide("m", "3", aliases("2", null), validated(null, List.of()))
                .reasons())
        .containsExactly(
            "it was validated against champion (none) but the champion now is version 2");
    assertThat(PromotionDecision.decide("m", "3", Map.of(), validated("1", List.of())).reasons())
        .containsExactly(
            "it was validated against champion version 1 but the champion now is (none)");
  }

  static Map<String, String> aliases(String champion, String previous) {
    Map<String, String> out = new HashMap<>();
    if (champion != null) {
      out.put(ModelRegistry.CHAMPION, champion);
    }
    if (previous != null) {
      out.put(ModelRegistry.PREVIOUS, previous);
    }
    return out;
  }

  /** A stored validation against {@code champion} whose failed gates read {@code failures}. */
  static Supplier<Optional<ValidationStore.Decision>> validated(
      String champion, List<String> failures) {
    return () ->
        Optional.of(
            new ValidationStore.Decision(
                "val-1",
                Optional.ofNullable(champion),
                failures.isEmpty(),
                failures,
                new Timestamp(0)));
  }

  /** The validation as the store reads it back from these gate results. */
  static Supplier<Optional<ValidationStore.Decision>> validatedBy(
      String champion, List<GateResult> gates) {
    return validated(
        champion,
        gates.stream()
            .filter(g -> !g.passed())
            .map(g -> g.gate() + " " + g.metric() + ": " + g.detail())
            .toList());
  }
}
