package io.ballast.features.config;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a partition is compared with as its baseline ({@code drift.baseline}): the model's training
 * profile, or a sum of the table's own earlier days so that a weekly pattern is not drift: the
 * {@code n} days before the tested day ({@code rolling: Nd}), or the same weekday in the {@code n}
 * previous weeks ({@code same_weekday: K}). The earlier days are counted in the drift job's one
 * pass (its scan starts {@link #lookbackDays} before the first tested day).
 *
 * @param n days (rolling) or weeks (same weekday); 0 for the training profile
 */
public record DriftBaseline(Kind kind, int n) {

  /** The kinds, by their definition key. */
  public enum Kind {
    TRAINING,
    ROLLING,
    SAME_WEEKDAY;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The {@code comparison} value of rows against the training profile (unchanged since v1). */
  public static final String TRAINING_COMPARISON = "baseline";

  public static final DriftBaseline TRAINING = new DriftBaseline(Kind.TRAINING, 0);

  public DriftBaseline {
    if ((kind == Kind.TRAINING) != (n == 0) || n < 0) {
      throw new IllegalArgumentException("baseline " + kind + " with n = " + n);
    }
  }

  public static DriftBaseline rolling(int days) {
    return new DriftBaseline(Kind.ROLLING, days);
  }

  public static DriftBaseline sameWeekday(int weeks) {
    return new DriftBaseline(Kind.SAME_WEEKDAY, weeks);
  }

  /**
   * The {@code comparison} value of the rows against this baseline in {@code ballast.drift} and
   * {@code ballast.drift_summary}: {@code baseline} (training), {@code rolling_7d}, {@code
   * same_weekday_4}.
   */
  public String comparison() {
    return switch (kind) {
      case TRAINING -> TRAINING_COMPARISON;
      case ROLLING -> "rolling_" + n + "d";
      case SAME_WEEKDAY -> "same_weekday_" + n;
    };
  }

  /** The earlier days whose rows make the baseline of {@code day}, oldest first; none: training. */
  public List<LocalDate> referenceDays(LocalDate day) {
    List<LocalDate> out = new ArrayList<>();
    for (int i = n; i >= 1; i--) {
      switch (kind) {
        case TRAINING -> {}
        case ROLLING -> out.add(day.minusDays(i));
        case SAME_WEEKDAY -> out.add(day.minusWeeks(i));
      }
    }
    return out;
  }

  /** How many days before the first tested day the counting pass must start to see them all. */
  public int lookbackDays() {
    return switch (kind) {
      case TRAINING -> 0;
      case ROLLING -> n;
      case SAME_WEEKDAY -> 7 * n;
    };
  }

  /** For messages: "the 7 days before 2026-08-08 (2026-08-01..2026-08-07)". */
  public String describe(LocalDate day) {
    List<LocalDate> days = referenceDays(day);
    return switch (kind) {
      case TRAINING -> "the training baseline";
      case ROLLING ->
          "the "
              + n
              + " days before "
              + day
              + " ("
              + days.get(0)
              + ".."
              + days.get(days.size() - 1)
              + ")";
      case SAME_WEEKDAY -> "the same weekday in the " + n + " weeks before " + day + " " + days;
    };
  }
}
