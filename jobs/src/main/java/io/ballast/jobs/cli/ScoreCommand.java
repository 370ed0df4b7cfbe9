package io.ballast.jobs.cli;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.jobs.tracking.Tracking;
import io.ballast.scoring.ScoringErrors;
import io.ballast.scoring.ScoringJob;
import io.ballast.scoring.ScoringModel;
import io.ballast.scoring.ScoringModels;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ballast score}: a registered model's predictions for a day (or range) of events. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score the events of a day (or a range, in one Spark job and one Delta commit) with a"
          + " registered model into ballast.<pipeline>_predictions. The events (the scoring"
          + " source's rows of the day) are joined point-in-time to the current feature tables by"
          + " the same code path as training sets, reading only the model's features; the rows of"
          + " those days for that model and shadow flag are replaced, never appended. Input and"
          + " output counts are checked and recorded in ballast.scoring_runs.",
      "A day without events writes no predictions and exits 0 ('0 rows'). A missing alias, a"
          + " missing feature or a feature table not built for the day exits 2, writing nothing."
    })
final class ScoreCommand implements Callable<Integer> {
  static final int DEFAULT_TOP = 5;

  @ParentCommand BallastCommand root;

  @Mixin TrackingOptions tracking;

  @Mixin PipelineOption pipeline;

  @Option(
      names = "--model",
      paramLabel = "REF",
      description =
          "NAME@ALIAS, NAME/VERSION or NAME (= NAME@champion, NAME@challenger with --shadow)."
              + " Default: the definition's first model.")
  String model;

  @Option(names = "--date", paramLabel = "DATE", description = "The day to score, YYYY-MM-DD.")
  String date;

  @Option(names = "--from", paramLabel = "DATE", description = "First day of a range.")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "Last day of a range.")
  String to;

  @Option(
      names = "--shadow",
      description =
          "Write the rows as shadow predictions (shadow = true), e.g. the challenger scored next"
              + " to the champion; a bare model name then means NAME@challenger.")
  boolean shadow;

  @Option(
      names = "--with-challenger",
      description =
          "After scoring the serving model, also score NAME@challenger as shadow when that alias"
              + " exists and points to another version.")
  boolean withChallenger;

  @Option(
      names = "--source",
      paramLabel = "NAME",
      description = "The source whose events are scored (default: the first feature table's).")
  String source;

  @Option(
      names = "--explain",
      description =
          "With every prediction, its --top most important input features and their attributions"
              + " (column explanation, largest absolute first) and the expected margin (column"
              + " base_value): base_value plus all features' attributions is the row's margin"
              + " before calibration (log-odds for logistic regression and xgboost, half the"
              + " log-odds for gbt, the positive-class probability for random_forest). Computed in"
              + " the same pass as the scores; the first use adds the two columns to the"
              + " predictions table, plain runs leave them null.")
  boolean explain;

  @Option(
      names = "--top",
      paramLabel = "K",
      description = "Features listed per explained prediction (default 5); needs --explain.")
  Integer top;

  @Override
  public Integer call() {
    if (top != null && !explain) {
      throw ArgumentErrors.badArgument("--top", String.valueOf(top), "it needs --explain");
    }
    if (top != null && (top < 1 || top > ScoringJob.MAX_TOP)) {
      throw ScoringErrors.badExplainTop(top);
    }
    int explainTop = explain ? (top == null ? DEFAULT_TOP : top) : 0;
    PipelineDefinition def = pipeline.load();
    DayRange days = DayRange.parse(date, from, to);
    requireNotAfterToday(date != null ? "--date" : "--to", days.to());
    String ref = ScoringModels.reference(def, Optional.ofNullable(model), shadow);
    var ctx = root.context();
    Tracking t = tracking.open(ctx);
    ScoringModel m = ScoringModels.load(def, t.registry(), ref);
    ScoringJob.Params p =
        new ScoringJob.Params(
            days.from(), days.to(), shadow, Optional.ofNullable(source), explainTop);
    PrintWriter out = root.spec.commandLine().getOut();
    PrintWriter err = root.spec.commandLine().getErr();
    print(out, err, ScoringJob.run(ctx.tables(), def, m, p));
    if (withChallenger && !shadow) {
      String challenger = m.name() + "@" + ModelRegistry.CHALLENGER;
      String v = t.registry().aliases(m.name()).get(ModelRegistry.CHALLENGER);
      if (v == null || v.equals(m.version())) {
        out.printf(
            "No challenger to shadow-score: %s %s.%n",
            challenger, v == null ? "is not set" : "is the serving version " + v);
      } else {
        ScoringModel c = ScoringModels.load(def, t.registry(), challenger);
        ScoringJob.Params sp =
            new ScoringJob.Params(
                days.from(), days.to(), true, Optional.ofNullable(source), explainTop);
        print(out, err, ScoringJob.run(ctx.tables(), def, c, sp));
      }
    }
    out.flush();
    return Exits.OK;
  }

  static void print(PrintWriter out, PrintWriter err, ScoringJob.Result r) {
    r.warnings()
        .forEach(w -> err.printf("warning: score %s version %s: %s.%n", r.model(), r.version(), w));
    err.flush();
    String days = r.from().equals(r.to()) ? r.from() : r.from() + ".." + r.to();
    if (r.inputRows() == 0) {
      out.printf(
          "Scored %s version %s%s on %s: 0 rows (no events in the scoring source for %s);"
              + " no predictions written, %.1f s%n",
          r.model(), r.version(), r.shadow() ? " as shadow" : "", days, days, r.seconds());
    } else {
      out.printf(
          "Scored %s version %s (%s)%s on %s: %,d rows -> %,d predictions in %s (version %d),"
              + " feature tables %s, %.1f s%n",
          r.model(),
          r.version(),
          r.reference(),
          r.shadow() ? " as shadow" : "",
          days,
          r.inputRows(),
          r.predictions(),
          r.table(),
          r.predictionsVersion(),
          r.featureTableVersions(),
          r.seconds());
    }
    out.println(Output.json(r));
    out.flush();
  }

  /** A day that has not happened has no events: a typo, not an empty day to score. */
  static void requireNotAfterToday(String option, LocalDate day) {
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    if (day.isAfter(today)) {
      throw CliErrors.futureDay(option, day, today);
    }
  }
}
