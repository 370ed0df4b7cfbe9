package io.ballast.jobs.cli;

import io.ballast.features.BallastException;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.jobs.tracking.Tracking;
import io.ballast.jobs.train.ChosenWindows;
import io.ballast.jobs.train.TrainJob;
import io.ballast.validation.model.GateResult;
import io.ballast.validation.model.Promotion;
import io.ballast.validation.model.SliceMetrics;
import io.ballast.validation.model.ValidateJob;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The demo's model validation stage: validate and promote, retrain after drift, decide again. */
final class DemoValidation {
  private DemoValidation() {}

  /**
   * A validated version and the decision on it: {@code gates} passed of {@code ofGates}, the failed
   * ones with their figures in {@code why}; {@code figures} what it measured on its test window
   * (against the champion, when there is one); {@code version} null when no version could be
   * trained.
   */
  record Decision(
      String version, boolean promoted, int gates, int ofGates, String why, String figures) {
    String summary() {
      if (version == null) {
        return "no version: " + why;
      }
      String on = figures.isEmpty() ? "" : figures + "; ";
      return promoted
          ? String.format(
              "%sversion %s PROMOTED (%d of %d gates passed)", on, version, gates, ofGates)
          : String.format(
              "%sversion %s NOT promoted (%d of %d gates passed; failed: %s)",
              on, version, gates, ofGates, why);
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
        all.value("rows").map(ValidationReport::fmt).orElse("-"),
        all.value("roc_auc").map(ValidationReport::fmt).orElse("-"),
        all.value("pr_auc").map(ValidationReport::fmt).orElse("-"),
        all.value("ece").map(ValidationReport::fmt).orElse("-"),
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

  static Decision decision(ValidateJob.Result r, boolean promoted) {
    long passed = r.gates().stream().filter(GateResult::passed).count();
    String failed =
        r.gates().stream()
            .filter(g -> !g.passed())
            .map(GateResult::describe)
            .collect(Collectors.joining("; "));
    return new Decision(r.version(), promoted, (int) passed, r.gates().size(), failed, figures(r));
  }

  /**
   * The version's ROC and PR AUC on its test window, and the champion's on the same rows for the
   * compared metric, e.g. "test 2026-01-14..2026-01-14: ROC AUC 0.8123, PR AUC 0.2011; pr_auc
   * 0.2011 vs champion v1 0.0150, improvement 0.1861, 95% CI [0.1102, 0.2690]".
   */
  static String figures(ValidateJob.Result r) {
    SliceMetrics all = r.metrics().stream().filter(SliceMetrics::isAll).findFirst().orElse(null);
    StringBuilder b =
        new StringBuilder("test ").append(r.windowFrom()).append("..").append(r.windowTo());
    if (all != null) {
      b.append(": ROC AUC ")
          .append(all.value("roc_auc").map(ValidationReport::fmt).orElse("-"))
          .append(", PR AUC ")
          .append(all.value("pr_auc").map(ValidationReport::fmt).orElse("-"));
    }
    r.comparison()
        .ifPresent(
            c ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "; %s %.4f vs champion v%s %.4f, improvement %.4f, %.0f%% CI [%.4f, %.4f]",
                        c.metric(),
                        c.challenger(),
                        r.championVersion().orElse("?"),
                        c.champion(),
                        c.improvement(),
                        c.confidence() * 100,
                        c.ciLow(),
                        c.ciHigh())));
    return b.toString();
  }

  /**
   * The retrain's windows after a concept drift first seen on {@code since}: training on the label
   * days from {@code since}, then the model's validation and test days, ending on {@code lastDay};
   * labels known by {@code lastDay} plus the maturity, when every label of those days is in.
   * Learning the new concept from the days before it would teach the old one again, and validating
   * on them would say nothing about the new one. Empty when the days since the drift cannot hold a
   * training day, the validation days and the test days.
   */
  static Optional<ChosenWindows> sinceDrift(LocalDate since, LocalDate lastDay, ModelSpec spec) {
    LocalDate testFrom = lastDay.minusDays(spec.testDays() - 1L);
    LocalDate validationFrom = testFrom.minusDays(spec.validationDays());
    LocalDate trainTo = validationFrom.minusDays(1);
    if (trainTo.isBefore(since)) {
      return Optional.empty();
    }
    return Optional.of(
        new ChosenWindows(
            since,
            trainTo,
            Optional.of(validationFrom),
            Optional.of(testFrom.minusDays(1)),
            testFrom,
            lastDay));
  }

  /** Why {@link #sinceDrift} found no windows, with the day counts. */
  static String tooFewDaysSince(LocalDate since, LocalDate lastDay, ModelSpec spec) {
    long days = java.time.temporal.ChronoUnit.DAYS.between(since, lastDay) + 1;
    return String.format(
        Locale.ROOT,
        "only %d label day(s) since the drift (%s .. %s); a retrain on them needs at least %d (1"
            + " training day, validation_days %d, test_days %d)",
        Math.max(0, days),
        since,
        lastDay,
        1 + spec.validationDays() + spec.testDays(),
        spec.validationDays(),
        spec.testDays());
  }

  /** The {@code ballast train} options that run the same windows. */
  static String trainOptions(ChosenWindows w, LocalDate knownBy) {
    return String.format(
        "--train-from %s --train-to %s --validation-from %s --validation-to %s --test-from %s"
            + " --test-to %s --known-by %s",
        w.trainFrom(),
        w.trainTo(),
        w.validationFrom().orElseThrow(),
        w.validationTo().orElseThrow(),
        w.testFrom(),
        w.testTo(),
        knownBy);
  }

  /**
   * Retrains on {@code windows} with the labels known by {@code knownBy} (after the concept drift:
   * its days only) and decides again, against the champion on the retrain's test window.
   */
  static Decision retrainAndDecide(
      LakehouseTables tables,
      PipelineDefinition def,
      Tracking tracking,
      ChosenWindows windows,
      LocalDate knownBy,
      String reason,
      PrintWriter out) {
    TrainJob.Result t;
    try {
      t =
          TrainJob.run(
              tables,
              def,
              new TrainJob.Params(
                  Optional.empty(),
                  null,
                  Optional.of(knownBy),
                  Optional.of(reason),
                  Optional.empty(),
                  VersionProvider.version(),
                  Optional.of(windows)),
              tracking);
    } catch (BallastException e) {
      // A small demo can lack the labels a retrain needs (e.g. no fraud in a one-day window):
      // the champion stays, and the demo says why instead of failing.
      out.printf("      retrain not possible: %s%n      champion unchanged%n", e.getMessage());
      out.flush();
      return new Decision(null, false, 0, 0, e.getMessage(), "");
    }
    out.printf(
        "      retrained %s version %s on train %s (%,d rows), validation %s (%,d rows), test %s"
            + " (%,d rows), labels known by %s: validation AUC %.3f, test AUC %.3f, %s, %.1f s%n",
        t.model(),
        t.version(),
        t.trainWindow(),
        t.trainRows(),
        t.validationWindow(),
        t.validationRows(),
        t.testWindow(),
        t.testRows(),
        knownBy,
        t.validationAuc(),
        t.testAuc(),
        t.calibrationSummary(),
        t.seconds());
    Decision d = validateAndPromote(tables, def, tracking, reason, out);
    return new Decision(
        d.version(),
        d.promoted(),
        d.gates(),
        d.ofGates(),
        d.why(),
        String.format("trained on %s (%,d rows); %s", t.trainWindow(), t.trainRows(), d.figures()));
  }
}
