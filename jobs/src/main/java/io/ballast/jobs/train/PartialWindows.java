package io.ballast.jobs.train;

import io.ballast.features.build.FeatureBuildPlan;
import io.ballast.features.config.FeatureTable;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a train window sees trailing windows still filling up, decided in plain Java on each
 * source's first day. A feature table built with {@code --allow-partial-windows} over a source's
 * first days holds, on those days, windowed features (counts, sums, distinct counts) lower than on
 * every later day. A model trained there, and the drift baseline profiled on its train window,
 * differ from every full-window day it then scores: drift against that baseline flags the windowed
 * features and the score on clean days (issue 21). Training is not refused (a new source has only
 * such days, and a first model on them can be worth having) but warned about, with the first as-of
 * day whose train window sees full windows.
 */
final class PartialWindows {
  private PartialWindows() {}

  /**
   * @param tables the feature tables the model reads
   * @param firstDays each source's first day (sources without days left out)
   * @param trainFrom the train window's first day
   * @param asOf the run's as-of day (the train window moves with it)
   */
  static List<String> warnings(
      String model,
      List<FeatureTable> tables,
      Map<String, LocalDate> firstDays,
      LocalDate trainFrom,
      LocalDate asOf) {
    List<String> out = new ArrayList<>();
    for (FeatureTable t : tables) {
      Optional<LocalDate> full = FeatureBuildPlan.firstFullDay(t, firstDays);
      if (full.isEmpty() || !trainFrom.isBefore(full.get())) {
        continue;
      }
      long shortBy = ChronoUnit.DAYS.between(trainFrom, full.get());
      List<String> firsts = new ArrayList<>();
      for (String s : FeatureBuildPlan.sources(t)) {
        if (firstDays.containsKey(s)) {
          firsts.add(s + " from " + firstDays.get(s));
        }
      }
      out.add(
          "the train window of "
              + model
              + " starts on "
              + trainFrom
              + ", before the trailing windows of "
              + t.name()
              + " are full (from "
              + full.get()
              + ": its longest, "
              + FeatureBuildPlan.lookbackDays(t)
              + "d, reaches before the first source day; "
              + String.join(", ", firsts)
              + "): its windowed features there are lower than on the full-window days the model"
              + " will score, and drift against this version's baseline will flag them on clean"
              + " days. Train as of "
              + asOf.plusDays(shortBy)
              + " or later for full windows");
    }
    return out;
  }
}
