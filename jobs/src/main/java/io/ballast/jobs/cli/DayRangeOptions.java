package io.ballast.jobs.cli;

import picocli.CommandLine.Option;

/** {@code --from D1 --to D2}, both required: a range of days, checked to be in order. */
final class DayRangeOptions {
  @Option(names = "--from", required = true, paramLabel = "DATE", description = "First day.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last day.")
  String to;

  /** The range; exit 2 naming the option for a bad date, or when --from is after --to. */
  DayRange range() {
    return DayRange.parse(null, from, to).ordered();
  }
}
