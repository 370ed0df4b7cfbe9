package io.ballast.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.config.ModelSpec;
import io.ballast.jobs.train.ChosenWindows;
import io.ballast.scoring.drift.LiveBounds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's verdict: its decisions on small values, without Spark. */
class DemoVerdictTest {
  private static final LocalDate DRIFT = LocalDate.parse("2026-01-12");

  @Test
  void anExpectationNotMetIsNamedAndTheRestPrintedWithTheirFigures() {
    DemoVerdict v =
        new DemoVerdict()
            .expect("a champion set", "version 1 PROMOTED", true)
            .note("live metrics", "roc_auc by day: 01-08 0.617")
            .expect("drift flags the injected faults", "precision 0.62, recall 0.96", false);
    StringWriter text = new StringWriter();
    v.print(new PrintWriter(text));
    assertThat(v.unmet()).containsExactly("drift flags the injected faults");
    assertThat(text.toString())
        .contains("ok       a champion set")
        .contains("note     live metrics")
        .contains("NOT MET  drift flags the injected faults  precision 0.62, recall 0.96")
        .contains("1 expectation(s) NOT met: drift flags the injected faults (exit 4)");
  }

  @Test
  void everyExpectationMetSaysSoAndCountsOnlyExpectations() {
    DemoVerdict v = new DemoVerdict().expect("a", "1", true).note("b", "2");
    StringWriter text = new StringWriter();
    v.print(new PrintWriter(text));
    assertThat(v.unmet()).isEmpty();
    assertThat(text.toString()).contains("demo: every expectation met (1)");
  }

  @Test
  void theIncidentIsCaughtOnlyWhenItsDayAloneFailed() {
    LocalDate day = LocalDate.parse("2026-01-08");
    assertThat(DemoExpectations.incidentCaught(Map.of("2026-01-08", 4), day)).isTrue();
    assertThat(DemoExpectations.incidentCaught(Map.of(), day)).isFalse();
    assertThat(DemoExpectations.incidentCaught(Map.of("2026-01-08", 4, "2026-01-03", 1), day))
        .as("a false alarm on a clean day")
        .isFalse();
    assertThat(DemoExpectations.incidentCaught(Map.of("2026-01-09", 4), day)).isFalse();
    assertThat(
            DemoExpectations.incidentFigure(new java.util.TreeMap<>(Map.of("2026-01-08", 4)), day))
        .isEqualTo("failed checks by day: 2026-01-08 (4); incident injected on 2026-01-08");
  }

  @Test
  void aScoredDayIsOffWhenItsPredictionsDifferFromItsPayments() {
    Map<String, Long> payments = Map.of("2026-01-08", 10L, "2026-01-09", 12L, "2026-01-10", 5L);
    assertThat(DemoExpectations.scoredMismatch(payments, payments)).isEmpty();
    assertThat(
            DemoExpectations.scoredMismatch(
                payments, Map.of("2026-01-08", 10L, "2026-01-09", 13L, "2026-01-11", 1L)))
        .containsExactly("2026-01-09 (13 of 12)", "2026-01-10 (0 of 5)", "2026-01-11 (1 of 0)");
  }

  @Test
  void liveMetricsShowTheDriftWhenABoundIsCrossedFromItsDayAndNotBefore() {
    LiveBounds.Breach onDrift = new LiveBounds.Breach("2026-01-12", "roc_auc", 0.31, "min", 0.55);
    LiveBounds.Breach after = new LiveBounds.Breach("2026-01-13", "roc_auc", 0.40, "min", 0.55);
    LiveBounds.Breach before = new LiveBounds.Breach("2026-01-11", "roc_auc", 0.52, "min", 0.55);
    assertThat(DemoExpectations.liveShowsDrift(List.of(onDrift, after), DRIFT)).isTrue();
    assertThat(DemoExpectations.liveShowsDrift(List.of(), DRIFT)).as("nothing crossed").isFalse();
    assertThat(DemoExpectations.liveShowsDrift(List.of(before, onDrift), DRIFT))
        .as("a false alarm before the drift")
        .isFalse();
  }

  @Test
  void theRetrainLearnsFromTheDriftsFirstDayAndHoldsOutTheLastDaysForValidationAndTest() {
    ModelSpec spec = DemoCommand.bundledDefinition().models().get(0); // validation 1, test 1
    LocalDate last = LocalDate.parse("2026-01-14");
    ChosenWindows w = DemoValidation.sinceDrift(DRIFT, last, spec).orElseThrow();
    assertThat(w.describe())
        .isEqualTo(
            "train 2026-01-12 .. 2026-01-12, validation 2026-01-13 .. 2026-01-13, test 2026-01-14"
                + " .. 2026-01-14");
    assertThat(w.split(spec).trainFrom()).isEqualTo(DRIFT);
    assertThat(DemoValidation.trainOptions(w, last.plusDays(10)))
        .isEqualTo(
            "--train-from 2026-01-12 --train-to 2026-01-12 --validation-from 2026-01-13"
                + " --validation-to 2026-01-13 --test-from 2026-01-14 --test-to 2026-01-14"
                + " --known-by 2026-01-24");

    LocalDate late = LocalDate.parse("2026-01-13");
    assertThat(DemoValidation.sinceDrift(late, last, spec)).as("no training day left").isEmpty();
    assertThat(DemoValidation.tooFewDaysSince(late, last, spec))
        .isEqualTo(
            "only 2 label day(s) since the drift (2026-01-13 .. 2026-01-14); a retrain on them"
                + " needs at least 3 (1 training day, validation_days 1, test_days 1)");
  }

  @Test
  void theDecisionSaysWhyWithItsFigures() {
    DemoValidation.Decision won =
        new DemoValidation.Decision(
            "2", true, 7, 7, "", "test 2026-01-14..2026-01-14: ROC AUC 0.8100");
    assertThat(won.summary())
        .isEqualTo(
            "test 2026-01-14..2026-01-14: ROC AUC 0.8100; version 2 PROMOTED (7 of 7 gates"
                + " passed)");
    DemoValidation.Decision lost =
        new DemoValidation.Decision(
            "2",
            false,
            6,
            7,
            "champion pr_auc: 0.0100 -> FAILED (within the noise)",
            "test 2026-01-14..2026-01-14: ROC AUC 0.5100");
    assertThat(lost.summary())
        .endsWith(
            "version 2 NOT promoted (6 of 7 gates passed; failed: champion pr_auc: 0.0100 ->"
                + " FAILED (within the noise))");
    assertThat(new DemoValidation.Decision(null, false, 0, 0, "no labels", "").summary())
        .isEqualTo("no version: no labels");
  }
}
