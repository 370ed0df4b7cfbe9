package io.ballast.jobs.train;

import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.ModelWindows;
import io.ballast.features.pit.LabelDelays;
import io.ballast.features.pit.LabelMaturity;
import io.ballast.features.pit.TimeSplit;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Training, validation and test windows given by the user ({@code --train-from} ... {@code
 * --test-to}) instead of derived from an as-of day, checked and turned into a {@link TimeSplit} in
 * plain Java.
 *
 * <p>Each window runs from a day to a day, both included, and the windows follow one another in
 * time: every training day before every validation day, every validation day before every test day
 * (gaps between them are allowed). Without a validation window the last {@code validation_days} of
 * the training range are held out for validation (the search metric and calibration), so the
 * training range must be longer than that. The run is as of the day the test window's labels are
 * all mature ({@code test_to} + the label maturity in days), or as of {@code --known-by} when
 * given, which must not be earlier.
 *
 * @param inDefinition given in the model's {@code windows:} (messages name its keys), not as
 *     options
 */
public record ChosenWindows(
    LocalDate trainFrom,
    LocalDate trainTo,
    Optional<LocalDate> validationFrom,
    Optional<LocalDate> validationTo,
    LocalDate testFrom,
    LocalDate testTo,
    boolean inDefinition) {

  /** Windows given as {@code train} options. */
  public ChosenWindows(
      LocalDate trainFrom,
      LocalDate trainTo,
      Optional<LocalDate> validationFrom,
      Optional<LocalDate> validationTo,
      LocalDate testFrom,
      LocalDate testTo) {
    this(trainFrom, trainTo, validationFrom, validationTo, testFrom, testTo, false);
  }

  /** Windows given in a model's definition. */
  public static ChosenWindows of(ModelWindows w) {
    return new ChosenWindows(
        w.trainFrom(),
        w.trainTo(),
        w.validationFrom(),
        w.validationTo(),
        w.testFrom(),
        w.testTo(),
        true);
  }

  /** How a bound is named to the user: the option, or the definition key. */
  String name(String option) {
    if (!inDefinition) {
      return option;
    }
    String[] p = option.substring(2).split("-");
    return "windows." + p[0] + "[" + (p[1].equals("from") ? 0 : 1) + "]";
  }

  /** The windows as given, for messages: "train A .. B, validation C .. D, test E .. F". */
  public String describe() {
    String v =
        validationFrom.isPresent()
            ? ", validation " + validationFrom.get() + " .. " + validationTo.get()
            : "";
    return "train " + trainFrom + " .. " + trainTo + v + ", test " + testFrom + " .. " + testTo;
  }

  /**
   * The split these windows make for a model, refusing (every problem named at once) windows that
   * end before they start, overlap or are out of order, or a training range too short to hold out
   * the model's {@code validation_days}.
   */
  public TimeSplit split(ModelSpec spec) {
    List<String> problems = new ArrayList<>();
    checkRange(problems, "--train-from", trainFrom, "--train-to", trainTo);
    checkRange(problems, "--test-from", testFrom, "--test-to", testTo);
    LocalDate vFrom;
    LocalDate vTo;
    LocalDate tTo = trainTo;
    if (validationFrom.isPresent()) {
      vFrom = validationFrom.get();
      vTo = validationTo.get();
      checkRange(problems, "--validation-from", vFrom, "--validation-to", vTo);
      checkOrder(problems, "--train-to", trainTo, "--validation-from", vFrom);
      checkOrder(problems, "--validation-to", vTo, "--test-from", testFrom);
    } else {
      // Held out: the last validation_days of the training range.
      vTo = trainTo;
      vFrom = trainTo.minusDays(spec.validationDays() - 1L);
      tTo = vFrom.minusDays(1);
      if (!trainFrom.isBefore(vFrom) && !trainTo.isBefore(trainFrom)) {
        problems.add(
            "without "
                + (inDefinition ? "windows.validation" : "--validation-from/--validation-to")
                + " the last validation_days = "
                + spec.validationDays()
                + " of the training range are held out for validation, which leaves no training"
                + " day in "
                + name("--train-from")
                + " "
                + trainFrom
                + " .. "
                + name("--train-to")
                + " "
                + trainTo);
      }
      checkOrder(problems, "--train-to", trainTo, "--test-from", testFrom);
    }
    if (!problems.isEmpty()) {
      throw TrainingErrors.badWindows(describe(), problems);
    }
    return new TimeSplit(trainFrom, tTo, vFrom, vTo, testFrom, testTo);
  }

  /**
   * The label maturity of a run on these windows: as of {@code knownBy} when given, else as of the
   * first day the test window's labels are all mature ({@code test_to} + the maturity in days);
   * refused when {@code knownBy} is earlier than that day.
   *
   * @param declared {@code label.maturity}, if given
   * @param measured the observed delays, used when nothing is declared
   */
  public LabelMaturity maturity(
      Optional<LocalDate> knownBy, Optional<Duration> declared, LabelDelays.Measured measured) {
    int days =
        declared.map(LabelMaturity::days).orElse((int) Math.ceil(measured.seconds() / 86400.0));
    LocalDate mature = testTo.plusDays(days);
    if (knownBy.isPresent() && knownBy.get().isBefore(mature)) {
      throw TrainingErrors.windowsImmature(
          describe(), knownBy.get().toString(), name("--test-to"), days, mature.toString());
    }
    LocalDate asOf = knownBy.orElse(mature);
    return LabelMaturity.of(asOf, Optional.of(asOf), declared, measured);
  }

  private void checkRange(
      List<String> problems, String fromName, LocalDate from, String toName, LocalDate to) {
    if (to.isBefore(from)) {
      problems.add(name(toName) + " " + to + " is before " + name(fromName) + " " + from);
    }
  }

  private void checkOrder(
      List<String> problems, String endName, LocalDate end, String startName, LocalDate start) {
    if (!end.isBefore(start)) {
      problems.add(
          name(startName)
              + " "
              + start
              + " is not after "
              + name(endName)
              + " "
              + end
              + " (the windows overlap or are out of order)");
    }
  }
}
