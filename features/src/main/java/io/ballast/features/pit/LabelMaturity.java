package io.ballast.features.pit;

import io.ballast.features.TrainingSetErrors;
import io.ballast.features.config.Label;
import io.ballast.features.tracking.ModelVersion;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which label days a training run may use, decided in plain Java. A label day is mature on day K
 * when every label of its events has arrived by the end of K: its last event (end of the day) plus
 * the maturity is no later than the end of K, i.e. day <= K - ceil(maturity in days). The windows
 * end at the last mature day of {@code known-by} (default and latest: the as-of day), so nothing
 * trained as of a day sees a label that arrived after it, and no window holds a day whose labels
 * are still coming in (which would over-represent the labels that come fast).
 *
 * @param maturityDays the maturity rounded up to whole days
 * @param source how the maturity was found: declared, measured (with the quantile and label count)
 * @param lastDay the last label day of the windows
 */
public record LabelMaturity(
    LocalDate asOf, LocalDate knownBy, int maturityDays, String source, LocalDate lastDay) {
  private static final double DAY = 86400.0;

  /** The day by whose end a version's labels were known; empty: every label (older versions). */
  public static Optional<LocalDate> knownBy(ModelVersion v) {
    String k = v.tags().get("ballast.labels_known_by");
    return k == null || k.equals("all") ? Optional.empty() : Optional.of(LocalDate.parse(k));
  }

  /**
   * @param declared {@code label.maturity}, if given
   * @param measured the observed delays, used when nothing is declared
   */
  public static LabelMaturity of(
      LocalDate asOf,
      Optional<LocalDate> knownBy,
      Optional<Duration> declared,
      LabelDelays.Measured measured) {
    LocalDate k = knownBy.orElse(asOf);
    if (k.isAfter(asOf)) {
      throw TrainingSetErrors.knownByAfterAsOf(k.toString(), asOf.toString());
    }
    int days;
    String source;
    if (declared.isPresent()) {
      days = days(declared.get());
      source = "declared " + text(declared.get());
    } else {
      days = (int) Math.ceil(measured.seconds() / DAY);
      source =
          String.format(
              java.util.Locale.ROOT,
              "measured: p%.0f of known_at - event time over %d labels known by %s = %.2f days",
              LabelDelays.QUANTILE * 100,
              measured.labels(),
              k,
              measured.seconds() / DAY);
    }
    return new LabelMaturity(asOf, k, days, source, k.minusDays(days));
  }

  /** A maturity in whole days, rounded up: a label day is mature that many days after it. */
  public static int days(Duration maturity) {
    return (int) Math.ceil(maturity.getSeconds() / DAY);
  }

  private static String text(Duration d) {
    long s = d.getSeconds();
    if (s % 86400 == 0) {
      return s / 86400 + "d";
    }
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  /** The run params that record the decision. */
  public Map<String, String> params() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("labels_known_by", knownBy.toString());
    p.put("label_maturity_days", String.valueOf(maturityDays));
    p.put("label_maturity_source", source);
    p.put("label_last_mature_day", lastDay.toString());
    return p;
  }

  /**
   * Refuses (every short window named at once) when a window has fewer labels or positives than the
   * label's declared minimums.
   */
  public void checkMinimums(
      String model, TimeSplit split, Map<String, TimeSplit.WindowStats> windows, Label label) {
    List<String> problems = new ArrayList<>();
    for (String w : List.of(TimeSplit.TRAIN, TimeSplit.VALIDATION, TimeSplit.TEST)) {
      TimeSplit.WindowStats s = windows.getOrDefault(w, new TimeSplit.WindowStats(0, 0));
      LocalDate[] d = split.window(w);
      String where = "the " + w + " window " + d[0] + " .. " + d[1] + " has ";
      if (s.rows() < label.minLabels()) {
        problems.add(where + s.rows() + " labels (label.min_labels = " + label.minLabels() + ")");
      } else if (s.positives() < label.minPositives()) {
        problems.add(
            where
                + s.positives()
                + " positives of "
                + s.rows()
                + " labels (label.min_positives = "
                + label.minPositives()
                + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw TrainingSetErrors.tooFewLabels(
          model,
          String.join("; ", problems),
          knownBy.toString(),
          maturityDays + "d, " + source,
          lastDay.toString());
    }
  }
}
