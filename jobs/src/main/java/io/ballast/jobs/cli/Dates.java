package io.ballast.jobs.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** Date options, parsed with a message that names the option and the expected form. */
final class Dates {
  private Dates() {}

  static LocalDate parse(String option, String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw CliErrors.badDate(option, value);
    }
  }

  /** A fault day: a date, or {@code none}. */
  static Optional<LocalDate> optional(String option, String value) {
    if (value == null || value.trim().toLowerCase(Locale.ROOT).equals("none")) {
      return Optional.empty();
    }
    return Optional.of(parse(option, value));
  }
}
