package io.ballast.jobs.cli;

import io.ballast.features.ArgumentErrors;
import java.time.LocalDate;

/**
 * The days a command works on, {@code from..to} inclusive: one day ({@code --date D}) or a range
 * ({@code --from D1 --to D2}). Parsing names the option at fault; {@link #ordered()} rejects a
 * range whose {@code --from} is after its {@code --to}.
 */
record DayRange(LocalDate from, LocalDate to) {
  /** No bound: every partition there is. */
  static final DayRange ALL = new DayRange(LocalDate.MIN, LocalDate.MAX);

  static DayRange of(LocalDate day) {
    return new DayRange(day, day);
  }

  /** {@code --date}, or both {@code --from} and {@code --to}; the order is not checked. */
  static DayRange parse(String date, String from, String to) {
    if (date != null && (from != null || to != null)) {
      throw ArgumentErrors.badArgument(
          "--date", date, "give either --date or --from/--to, not both");
    }
    if (date != null) {
      return of(Dates.parse("--date", date));
    }
    if (from == null || to == null) {
      throw ArgumentErrors.badArgument(
          from == null ? "--from" : "--to",
          "(missing)",
          "give --date D, or both --from D1 and --to D2");
    }
    return new DayRange(Dates.parse("--from", from), Dates.parse("--to", to));
  }

  /** As {@link #parse} with no {@code --date}, but neither bound given means {@link #ALL}. */
  static DayRange parseOrAll(String from, String to) {
    return from == null && to == null ? ALL : parse(null, from, to);
  }

  /** This range, or the error a range with {@code --from} after {@code --to} gets (exit 2). */
  DayRange ordered() {
    if (from.isAfter(to)) {
      throw ArgumentErrors.badDateRange(from.toString(), to.toString());
    }
    return this;
  }
}
