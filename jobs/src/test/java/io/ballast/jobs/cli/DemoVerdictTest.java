package io.ballast.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
