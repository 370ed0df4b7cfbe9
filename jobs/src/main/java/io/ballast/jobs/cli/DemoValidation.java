package io.ballast.jobs.cli;

import io.ballast.features.BallastException;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.jobs.tracking.ModelRegistry;
import io.ballast.jobs.tracking.Tracking;
import io.ballast.jobs.train.TrainJob;
import io.ballast.jobs.validate.Promotion;
import io.ballast.jobs.validate.ValidateJob;
import io.ballast.validation.model.SliceMetrics;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Optional;

/** The demo's model validation stage: validate and promote, retrain after drift, decide again. */
final class DemoValidation {
  private DemoValidation() {}

  /**
   * A validated version and the decision on it: {@code gates} passed of {@code ofGates}, the failed
   * ones named in {@code why}; {@code version} null when no version could be trained.
   */
  record Decision(String version, boolean promoted, int gates, int ofGates, String why) {
    String summary() {
      if (version == null) {
        return "no version: " + why;
      }
      return promoted
          ? String.format("version %s PROMOTED (%d of %d gates passed)", version, gates, ofGates)
          : String.format(
              "version %s NOT promoted (%d of %d gates passed; failed: %s)",
              version, gates, ofGates, why);
    }
  }

  /** Validates the challenger and promotes it when every gate passes; prints the decision. */
  static Decision validateAndPromote(
      LakehouseTables tables,
      PipelineDefinition def,
      Tracking tracking,
      String reason,
      PrintWriter out) {
    ModelRegistry registry = tracking.registry();
    String user = Promotion.user(System.getenv());
    ValidateJob.Result r =
        ValidateJob.run(
            tables,
            def,
            new ValidateJob.Params(Optional.empty(), Optional.empty(), user),
            registry);
    SliceMetrics all = r.metrics().stream().filter(SliceMetrics::isAll).findFirst().orElseThrow();
    out.printf(
        "      %s version %s on test window %s..%s: %s rows, ROC AUC %s, PR AUC %s, ECE %s; %d"
            + " slice values; fairness %s%n",
        r.model(),
        r.version(),
        r.windowFrom(),
        r.windowTo(),
        all.value("rows").map(ModelValidationCommands::fmt).orElse("-"),
        all.value("roc_auc").map(ModelValidationCommands::fmt).orElse("-"),
        all.value("pr_auc").map(ModelValidationCommands::fmt).orElse("-"),
        all.value("ece").map(ModelValidationCommands::fmt).orElse("-"),
        r.metrics().size() - 1,
        r.fairness().isEmpty() ? "-" : r.fairness().keySet() + " measured");
    r.gates().forEach(g -> out.println("      gate " + g.describe()));
    if (!r.passed()) {
      out.printf(
          "      decision: NOT promoted (%d gate(s) failed); champion stays %s%n",
          r.failures().size(), r.championVersion().map(v -> "version " + v).orElse("unset"));
      out.flush();
      return decision(r, false);
    }
    Promotion.Result p =
        Promotion.promote(tables, registry, r.model(), Optional.of(r.version()), user, reason);
    out.printf(
        "      decision: PROMOTED: %s@champion -> version %s%s (by %s)%n",
        p.model(),
        p.champion(),
        p.previous().map(v -> ", previous -> version " + v).orElse(""),
        p.user());
    out.flush();
    return decision(r, true);
  }

  private static Decision decision(ValidateJob.Result r, boolean promoted) {
    long passed = r.gates().stream().filter(g -> g.passed()).count();
    String failed =
        r.gates().stream()
            .filter(g -> !g.passed())
            .map(g -> g.gate() + " " + g.metric())
            .collect(java.util.stream.Collectors.joining(", "));
    return new Decision(r.version(), promoted, (int) passed, r.gates().size(), failed);
  }

  /** Retrains as of {@code asOf} (after the injected concept drift) and decides again. */
  static Decision retrainAndDecide(
      LakehouseTables tables,
      PipelineDefinition def,
      Tracking tracking,
      LocalDate asOf,
      PrintWriter out) {
    TrainJob.Result t;
    try {
      t =
          TrainJob.run(
              tables,
              def,
              new TrainJob.Params(
                  Optional.empty(),
                  asOf,
                  Optional.empty(),
                  Optional.of("demo: concept drift"),
                  Optional.empty(),
                  VersionProvider.version()),
              tracking);
    } catch (BallastException e) {
      // A small demo can lack the labels a retrain needs (e.g. no fraud in a one-day window):
      // the champion stays, and the demo says why instead of failing.
      out.printf("      retrain not possible: %s%n      champion unchanged%n", e.getMessage());
      out.flush();
      return new Decision(null, false, 0, 0, e.getMessage());
    }
    out.printf(
        "      retrained %s version %s as of %s: test AUC %.3f, %.1f s%n",
        t.model(), t.version(), asOf, t.testAuc(), t.seconds());
    return validateAndPromote(tables, def, tracking, "demo: retrained after concept drift", out);
  }
}
