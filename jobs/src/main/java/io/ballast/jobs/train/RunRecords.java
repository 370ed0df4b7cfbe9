package io.ballast.jobs.train;

import io.ballast.features.config.Label;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.pit.LabelMaturity;
import io.ballast.features.pit.TimeSplit;
import io.ballast.features.tracking.Metric;
import io.ballast.features.tracking.RunStatus;
import io.ballast.jobs.calibration.CalibrationStore;
import io.ballast.jobs.tracking.Tracking;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a training run records: its params, metrics and per-candidate tags. */
final class RunRecords {
  private RunRecords() {}

  /**
   * Ends a run FAILED with {@code cause}'s message; a failure to record that is attached to {@code
   * thrown}, the exception the caller rethrows.
   */
  static void endFailed(
      Tracking tracking, String runId, RuntimeException cause, RuntimeException thrown) {
    try {
      tracking
          .tracker()
          .endRun(
              runId,
              RunStatus.FAILED,
              System.currentTimeMillis(),
              String.valueOf(cause.getMessage()));
    } catch (RuntimeException endFailed) {
      thrown.addSuppressed(endFailed);
    }
  }

  static Map<String, String> params(
      ModelSpec spec,
      List<String> features,
      TimeSplit split,
      LabelMaturity maturity,
      Label label,
      Map<String, Long> versions) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("algorithm", spec.algorithm().key());
    p.put("features", String.join(",", features));
    p.put("categorical", String.join(",", spec.categorical()));
    p.put("class_weight", spec.classWeight().name().toLowerCase(java.util.Locale.ROOT));
    p.put("calibration", spec.calibration().key());
    p.put("seed", String.valueOf(SearchSpace.SEED));
    p.put("train_window", split.trainFrom() + ".." + split.trainTo());
    p.put("validation_window", split.validationFrom() + ".." + split.validationTo());
    p.put("test_window", split.testFrom() + ".." + split.testTo());
    p.putAll(maturity.params());
    p.put("label_min_labels", String.valueOf(label.minLabels()));
    p.put("label_min_positives", String.valueOf(label.minPositives()));
    spec.search()
        .ifPresent(
            s -> {
              p.put("search.method", s.method().name().toLowerCase(java.util.Locale.ROOT));
              p.put("search.metric", s.metric());
              p.put("search.parallelism", String.valueOf(s.parallelism()));
              p.put("search.grid", String.valueOf(new java.util.TreeMap<>(s.grid())));
            });
    spec.params().forEach((k, v) -> p.put("param." + k, String.valueOf(v)));
    versions.forEach((t, v) -> p.put("feature_table_version." + t, String.valueOf(v)));
    return p;
  }

  static List<Metric> metrics(ModelTrainer.Fitted f, long now) {
    List<Metric> out = new ArrayList<>();
    f.evaluations()
        .forEach(
            (w, e) -> {
              out.add(new Metric(w + "_auc", e.auc(), 0, now));
              out.add(new Metric(w + "_pr_auc", e.prAuc(), 0, now));
              out.add(new Metric(w + "_log_loss", e.logLoss(), 0, now));
            });
    f.windows()
        .forEach(
            (w, s) -> {
              out.add(new Metric(w + "_rows", s.rows(), 0, now));
              out.add(new Metric(w + "_label_rate", s.labelRate(), 0, now));
            });
    f.calibration()
        .ifPresent(
            c ->
                CalibrationStore.summary(c)
                    .forEach((k, v) -> out.add(new Metric("calibration_" + k, v, 0, now))));
    for (ModelTrainer.Candidate c : f.candidates()) {
      out.add(new Metric("candidate_validation_" + f.searchMetric(), c.metric(), c.index(), now));
    }
    return out;
  }

  static Map<String, String> candidateTags(ModelTrainer.Fitted f) {
    Map<String, String> t = new LinkedHashMap<>();
    for (ModelTrainer.Candidate c : f.candidates()) {
      t.put("ballast.candidate." + c.index(), c.params() + " -> " + c.metric());
    }
    t.put("ballast.refit_on_train_and_validation", String.valueOf(f.refit()));
    return t;
  }
}
