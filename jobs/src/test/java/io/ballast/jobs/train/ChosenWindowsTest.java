package io.ballast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.ModelWindows;
import io.ballast.features.pit.LabelDelays;
import io.ballast.features.pit.LabelMaturity;
import io.ballast.features.pit.TimeSplit;
import io.ballast.features.pit.TrainingFixtures;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Windows chosen by the user, checked and split without Spark. */
class ChosenWindowsTest {
  // training_window_days 30, validation_days 7, test_days 7: ignored by chosen windows but
  // validation_days, which sets the held-out part when no validation window is given.
  static final ModelSpec SPEC = TrainingFixtures.spec(30, 7, 7, Optional.empty());
  static final LabelDelays.Measured NONE = new LabelDelays.Measured(0, 0);

  static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  static ChosenWindows windows(String trainFrom, String trainTo, String testFrom, String testTo) {
    return new ChosenWindows(
        d(trainFrom), d(trainTo), Optional.empty(), Optional.empty(), d(testFrom), d(testTo));
  }

  static ChosenWindows windows(
      String trainFrom,
      String trainTo,
      String validationFrom,
      String validationTo,
      String testFrom,
      String testTo) {
    return new ChosenWindows(
        d(trainFrom),
        d(trainTo),
        Optional.of(d(validationFrom)),
        Optional.of(d(validationTo)),
        d(testFrom),
        d(testTo));
  }

  @Test
  void givenWindowsAreUsedAsTheyAre() {
    TimeSplit s =
        windows("2026-01-01", "2026-01-31", "2026-02-01", "2026-02-28", "2026-03-01", "2026-03-31")
            .split(SPEC);
    assertThat(s)
        .isEqualTo(
            new TimeSplit(
                d("2026-01-01"),
                d("2026-01-31"),
                d("2026-02-01"),
                d("2026-02-28"),
                d("2026-03-01"),
                d("2026-03-31")));
  }

  @Test
  void withoutAValidationWindowTheLastValidationDaysOfTrainingAreHeldOut() {
    TimeSplit s = windows("2026-01-01", "2026-02-28", "2026-03-01", "2026-03-31").split(SPEC);
    assertThat(s)
        .isEqualTo(
            new TimeSplit(
                d("2026-01-01"),
                d("2026-02-21"),
                d("2026-02-22"),
                d("2026-02-28"),
                d("2026-03-01"),
                d("2026-03-31")));
    // Gaps between windows are allowed.
    assertThat(
            windows("2026-01-01", "2026-01-20", "2026-03-01", "2026-03-01").split(SPEC).testFrom())
        .isEqualTo(d("2026-03-01"));
  }

  @Test
  void overlappingOrReversedWindowsAreRefusedAllAtOnce() {
    assertThatThrownBy(
            () ->
                windows(
                        "2026-01-01",
                        "2026-02-10",
                        "2026-02-01",
                        "2026-02-28",
                        "2026-03-31",
                        "2026-03-01")
                    .split(SPEC))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot train on the windows train 2026-01-01 .. 2026-02-10, validation 2026-02-01 .."
                + " 2026-02-28, test 2026-03-31 .. 2026-03-01: --test-to 2026-03-01 is before"
                + " --test-from 2026-03-31; --validation-from 2026-02-01 is not after --train-to"
                + " 2026-02-10 (the windows overlap or are out of order). Give each window from <="
                + " to, and the windows in time order without overlap: training, then validation,"
                + " then test (e.g. --train-from 2026-01-01 --train-to 2026-02-28 --test-from"
                + " 2026-03-01 --test-to 2026-03-31, or in the model's definition windows: {train:"
                + " [2026-01-01, 2026-02-28], test: [2026-03-01, 2026-03-31]}).");
    assertThatThrownBy(
            () -> windows("2026-03-01", "2026-03-31", "2026-01-01", "2026-02-28").split(SPEC))
        .hasMessageContaining(
            "--test-from 2026-01-01 is not after --train-to 2026-03-31 (the windows overlap or are"
                + " out of order)");
    assertThatThrownBy(
            () ->
                windows(
                        "2026-01-01",
                        "2026-01-31",
                        "2026-02-01",
                        "2026-03-05",
                        "2026-03-05",
                        "2026-03-31")
                    .split(SPEC))
        .hasMessageContaining("--test-from 2026-03-05 is not after --validation-to 2026-03-05");
  }

  @Test
  void windowsOfTheDefinitionAreNamedByTheirKeys() {
    ChosenWindows w =
        ChosenWindows.of(
            new ModelWindows(
                d("2026-02-25"),
                d("2026-02-28"),
                Optional.empty(),
                Optional.empty(),
                d("2026-02-28"),
                d("2026-03-31")));
    assertThatThrownBy(() -> w.split(SPEC))
        .hasMessageContaining(
            ": without windows.validation the last validation_days = 7 of the training range are"
                + " held out for validation, which leaves no training day in windows.train[0]"
                + " 2026-02-25 .. windows.train[1] 2026-02-28; windows.test[0] 2026-02-28 is not"
                + " after windows.train[1] 2026-02-28 (the windows overlap or are out of order).");
    assertThatThrownBy(
            () -> w.maturity(Optional.of(d("2026-03-31")), Optional.of(Duration.ofDays(1)), NONE))
        .hasMessageContaining("(windows.test[1] + label maturity 1d)");
  }

  @Test
  void aTrainingRangeNoLongerThanTheHeldOutDaysIsRefused() {
    assertThatThrownBy(
            () -> windows("2026-02-22", "2026-02-28", "2026-03-01", "2026-03-31").split(SPEC))
        .hasMessageContaining(
            ": without --validation-from/--validation-to the last validation_days = 7 of the"
                + " training range are held out for validation, which leaves no training day in"
                + " --train-from 2026-02-22 .. --train-to 2026-02-28. ");
    assertThat(
            windows("2026-02-21", "2026-02-28", "2026-03-01", "2026-03-31").split(SPEC).trainTo())
        .isEqualTo(d("2026-02-21"));
  }

  @Test
  void theRunIsAsOfTheDayTheTestLabelsAreMature() {
    ChosenWindows w = windows("2026-01-01", "2026-02-28", "2026-03-01", "2026-03-31");
    LabelMaturity declared = w.maturity(Optional.empty(), Optional.of(Duration.ofDays(10)), NONE);
    assertThat(declared.asOf()).isEqualTo(d("2026-04-10"));
    assertThat(declared.knownBy()).isEqualTo(d("2026-04-10"));
    assertThat(declared.lastDay()).isEqualTo(d("2026-03-31"));
    // Measured: 3 hours rounds up to one day.
    LabelMaturity measured =
        w.maturity(Optional.empty(), Optional.empty(), new LabelDelays.Measured(3 * 3600, 100));
    assertThat(measured.asOf()).isEqualTo(d("2026-04-01"));
    // A later known-by is the as-of day: more labels, still none of a day after the test window.
    LabelMaturity later =
        w.maturity(Optional.of(d("2026-05-01")), Optional.of(Duration.ofDays(10)), NONE);
    assertThat(later.asOf()).isEqualTo(d("2026-05-01"));
    assertThat(later.params()).containsEntry("labels_known_by", "2026-05-01");
    assertThat(
            w.maturity(Optional.of(d("2026-04-10")), Optional.of(Duration.ofDays(10)), NONE).asOf())
        .isEqualTo(d("2026-04-10"));
  }

  @Test
  void aVersionsWindowsAreReadBackFromItsTags() {
    // Chosen windows cannot be derived from the last mature day: drift and validation read them.
    java.util.Map<String, String> tags =
        new java.util.HashMap<>(
            java.util.Map.of(
                "ballast.train_window",
                "2026-01-01..2026-02-21",
                "ballast.validation_window",
                "2026-02-22..2026-02-28",
                "ballast.test_window",
                "2026-03-01..2026-03-31",
                TrainJob.LAST_DAY_TAG,
                "2026-04-09"));
    io.ballast.features.tracking.ModelVersion v =
        new io.ballast.features.tracking.ModelVersion(
            "m", "1", "r", "s", "READY", 0L, tags, java.util.List.of());
    assertThat(TimeSplit.of(v, SPEC))
        .isEqualTo(
            new TimeSplit(
                d("2026-01-01"),
                d("2026-02-21"),
                d("2026-02-22"),
                d("2026-02-28"),
                d("2026-03-01"),
                d("2026-03-31")));
    // Older versions (no validation window tag): derived from the last mature day as before.
    tags.remove("ballast.validation_window");
    assertThat(TimeSplit.of(v, SPEC)).isEqualTo(TimeSplit.of(d("2026-04-09"), SPEC));
  }

  @Test
  void aKnownByBeforeTheTestLabelsAreMatureIsRefused() {
    ChosenWindows w = windows("2026-01-01", "2026-02-28", "2026-03-01", "2026-03-31");
    assertThatThrownBy(
            () -> w.maturity(Optional.of(d("2026-04-09")), Optional.of(Duration.ofDays(10)), NONE))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot train on the windows train 2026-01-01 .. 2026-02-28, test 2026-03-01 .."
                + " 2026-03-31 with labels known by 2026-04-09: the test window's last label day is"
                + " mature only on 2026-04-10 (--test-to + label maturity 10d), so its labels would"
                + " be incomplete. Pass --known-by 2026-04-10 or later, leave --known-by out (it"
                + " defaults to 2026-04-10), or end the test window earlier.");
  }
}
