package io.ballast.features.demo;

import io.ballast.features.ArgumentErrors;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What the demo generator makes: {@code rows} card transactions over {@code days} days from {@code
 * start}, deterministic by {@code seed}, with optional injected faults on given days.
 *
 * @param qualityIncident the one day whose transactions get nulls, duplicates and out-of-range
 *     amounts
 * @param distributionShift the first day from which amounts rise and a new merchant category
 *     appears
 * @param conceptDrift the first day from which the fraud pattern changes
 */
public record GeneratorParams(
    long rows,
    int days,
    LocalDate start,
    long seed,
    Optional<LocalDate> qualityIncident,
    Optional<LocalDate> distributionShift,
    Optional<LocalDate> conceptDrift) {

  public static final long MIN_ROWS = 1_000;
  public static final long MAX_ROWS = 1_000_000_000L;

  public GeneratorParams withRows(long n) {
    return new GeneratorParams(
        n, days, start, seed, qualityIncident, distributionShift, conceptDrift);
  }

  public LocalDate end() {
    return start.plusDays(days - 1L);
  }

  /** Rejects out-of-range sizes and fault days outside the generated range. */
  public GeneratorParams validate() {
    if (rows < MIN_ROWS || rows > MAX_ROWS) {
      throw ArgumentErrors.badArgument(
          "--rows", String.valueOf(rows), "expected " + MIN_ROWS + " to " + MAX_ROWS + " rows");
    }
    if (days < 1 || days > 3660) {
      throw ArgumentErrors.badArgument("--days", String.valueOf(days), "expected 1 to 3660 days");
    }
    checkDay("--quality-incident", qualityIncident);
    checkDay("--distribution-shift", distributionShift);
    checkDay("--concept-drift", conceptDrift);
    return this;
  }

  private void checkDay(String option, Optional<LocalDate> day) {
    if (day.isPresent() && (day.get().isBefore(start) || day.get().isAfter(end()))) {
      throw ArgumentErrors.badArgument(
          option,
          day.get().toString(),
          "the day must fall inside the generated range " + start + " .. " + end());
    }
  }

  /**
   * The demo's standard faults for a range: quality incident at 60% of the days, distribution shift
   * from 70%, concept drift from 80% (none when the range is too short to have clean days before
   * them).
   */
  public static GeneratorParams withDemoFaults(long rows, int days, LocalDate start, long seed) {
    if (days < 5) {
      return new GeneratorParams(
          rows, days, start, seed, Optional.empty(), Optional.empty(), Optional.empty());
    }
    return new GeneratorParams(
        rows,
        days,
        start,
        seed,
        Optional.of(start.plusDays(Math.round(days * 0.6) - 1)),
        Optional.of(start.plusDays(Math.round(days * 0.7))),
        Optional.of(start.plusDays(Math.round(days * 0.8))));
  }
}
