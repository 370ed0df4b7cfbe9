package io.ballast.features.config;

import java.time.LocalDate;
import java.util.Optional;

/**
 * {@code drift.calibration}: thresholds learned from a quiet period's own day-to-day variation.
 * Each statistic of each feature (per comparison and slice) is computed for every day of the period
 * exactly as for a tested day; its threshold becomes {@code margin} times the {@code quantile} of
 * those daily values, never below the configured threshold. One global threshold per statistic
 * cannot tell a feature whose distribution moves every day (an airport's 7-day delay rate) from a
 * broken pipeline; its own normal variation can.
 *
 * @param days the quiet period; empty: the model version's training window
 * @param quantile which daily value bounds normal variation (0.95: the 95th percentile)
 * @param margin the factor above it a day must reach to count as drift
 */
public record DriftCalibration(Optional<Window> days, double quantile, double margin) {

  public static final double DEFAULT_QUANTILE = 0.95;
  public static final double DEFAULT_MARGIN = 1.5;

  /** Fewest calibration days with a value for a statistic to be calibrated. */
  public static final int MIN_DAYS = 7;

  /** A closed range of days. */
  public record Window(LocalDate from, LocalDate to) {
    public Window {
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("window " + from + ".." + to + " ends before it starts");
      }
    }

    @Override
    public String toString() {
      return from + ".." + to;
    }
  }

  public DriftCalibration {
    if (!(quantile > 0 && quantile <= 1) || !(margin >= 1)) {
      throw new IllegalArgumentException("calibration quantile " + quantile + " margin " + margin);
    }
  }

  /** The model's training window, the default quantile and margin. */
  public static DriftCalibration training() {
    return new DriftCalibration(Optional.empty(), DEFAULT_QUANTILE, DEFAULT_MARGIN);
  }
}
