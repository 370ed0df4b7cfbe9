package io.ballast.jobs.train;

import io.ballast.features.pit.FeatureValues.Counts;
import io.ballast.features.pit.TimeSplit;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training set's feature values allow, decided in plain Java on the counts of one pass
 * ({@link io.ballast.features.pit.FeatureValues}), before any run is recorded:
 *
 * <ul>
 *   <li>a feature with no value in the train window (all null, or null and NaN) is refused: there
 *       is nothing to learn from and nothing to impute it with;
 *   <li>an infinite value in any window is refused: it is not a missing value but a broken one (an
 *       overflow or a bad source), and it cannot be imputed honestly: it reaches the model as it is
 *       and makes a linear model's scaling infinite;
 *   <li>NaN is a missing value, as Spark ML's Imputer (the model's first stage, at training and at
 *       scoring alike) has it: imputed with the train window's median, counted in a warning and in
 *       the run params ({@code data.nan_values});
 *   <li>a constant feature (one value in the train window) is a warning and a run param ({@code
 *       data.constant_features}): the model cannot learn from it, but it does no harm (trees never
 *       split on it; scaling leaves it 0), and a filter or a short window can make a feature
 *       constant for a while, which should not stop a scheduled retraining.
 * </ul>
 */
final class TrainingData {
  private TrainingData() {}

  /** The warnings to print and the params to record. */
  record Verdict(List<String> warnings, Map<String, String> params) {}

  /**
   * @param byWindow window (train, validation, test) -> feature -> its counts
   * @param tables feature -> the feature table it comes from
   * @throws io.ballast.features.BallastException naming every refused feature at once
   */
  static Verdict check(
      String model,
      TimeSplit split,
      Map<String, Map<String, Counts>> byWindow,
      Map<String, String> tables) {
    Map<String, Counts> train = byWindow.getOrDefault(TimeSplit.TRAIN, Map.of());
    List<String> refused = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> nan = new ArrayList<>();
    List<String> constant = new ArrayList<>();
    boolean empty = false;
    boolean infinite = false;
    for (Map.Entry<String, Counts> e : train.entrySet()) {
      String f = e.getKey();
      Counts t = e.getValue();
      String named = "feature " + f + " (" + tables.getOrDefault(f, "the training set") + ")";
      long inf = total(byWindow, f, Counts::infinite);
      long nans = total(byWindow, f, Counts::nan);
      if (t.usable() == 0) {
        empty = true;
        refused.add(
            named
                + " has no value in the "
                + t.rows()
                + " rows of the train window "
                + days(split, TimeSplit.TRAIN)
                + " ("
                + (t.rows() - t.nonNull())
                + " null"
                + (t.nan() > 0 ? ", " + t.nan() + " NaN" : "")
                + ")");
      } else if (t.constant()) {
        constant.add(f);
        warnings.add(
            named
                + " has one value in all "
                + t.usable()
                + " rows of the train window "
                + days(split, TimeSplit.TRAIN)
                + " that have one: the model cannot learn from it. Drop it from the model's"
                + " features: or check its source");
      }
      if (inf > 0) {
        infinite = true;
        refused.add(
            named + " has " + inf + " infinite values (" + perWindow(byWindow, f, true) + ")");
      }
      if (nans > 0 && t.usable() > 0) {
        nan.add(f + "=" + nans);
        warnings.add(
            named
                + " has "
                + nans
                + " NaN values ("
                + perWindow(byWindow, f, false)
                + "), imputed like nulls with the train window's median");
      }
    }
    if (!refused.isEmpty()) {
      throw TrainingErrors.badFeatureValues(
          model, split.trainFrom() + " .. " + split.testTo(), refused, empty, infinite);
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("data.nan_values", String.join(",", nan));
    params.put("data.constant_features", String.join(",", constant));
    return new Verdict(List.copyOf(warnings), params);
  }

  private static long total(
      Map<String, Map<String, Counts>> byWindow,
      String f,
      java.util.function.ToLongFunction<Counts> what) {
    return byWindow.values().stream()
        .map(m -> m.get(f))
        .filter(c -> c != null)
        .mapToLong(what)
        .sum();
  }

  private static String perWindow(
      Map<String, Map<String, Counts>> byWindow, String f, boolean infinite) {
    List<String> out = new ArrayList<>();
    for (String w : List.of(TimeSplit.TRAIN, TimeSplit.VALIDATION, TimeSplit.TEST)) {
      Counts c = byWindow.getOrDefault(w, Map.of()).get(f);
      if (c != null) {
        out.add(w + " " + (infinite ? c.infinite() : c.nan()));
      }
    }
    return String.join(", ", out);
  }

  private static String days(TimeSplit split, String window) {
    LocalDate[] d = split.window(window);
    return d[0] + " .. " + d[1];
  }
}
