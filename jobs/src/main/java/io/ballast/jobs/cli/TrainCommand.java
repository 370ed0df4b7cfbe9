package io.ballast.jobs.cli;

import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.jobs.train.ChosenWindows;
import io.ballast.jobs.train.Reproduction;
import io.ballast.jobs.train.TrainJob;
import io.ballast.jobs.train.TrainingErrors;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ballast train}: fit, track and register one model of a pipeline definition. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a model as of a day on the point-in-time training set of the label days mature by"
          + " then (label.maturity, or measured from the label source's delays): training,"
          + " validation and test windows split by event time ending at the last mature day,"
          + " hyperparameter search from the definition, calibration on the validation window,"
          + " metrics and lineage tracked as a run, the model registered as a new version with"
          + " alias 'challenger'. Windows with fewer labels or positives than label.min_labels /"
          + " min_positives are refused before anything is recorded; a failed run is recorded"
          + " FAILED and registers nothing.",
      "Instead of --as-of, choose the windows: --train-from/--train-to, optionally"
          + " --validation-from/--validation-to (default: the last validation_days of the training"
          + " range are held out), --test-from/--test-to; in time order without overlap, the run"
          + " as of the day the test labels are mature (--test-to + label maturity). With neither"
          + " --as-of nor window options, the model's windows: in the definition.",
      "--reproduce RUN_ID rebuilds a finished run from what it recorded (feature-table versions,"
          + " labels known by, windows, seed; the definition must hash as it did), trains again and"
          + " compares params exactly, metrics and test-window predictions within --tolerance;"
          + " recorded as its own run tagged ballast.reproduces, no version registered. Exit 5 when"
          + " it differs; exit 2 when the run cannot be rebuilt (e.g. a vacuumed table version)."
    })
final class TrainCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin TrackingOptions tracking;

  @Mixin PipelineOption pipeline;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "The model to train (default: the definition's first model).")
  String model;

  @Option(
      names = {"--as-of", "--date"},
      paramLabel = "DATE",
      description =
          "The day the model is trained on, YYYY-MM-DD: the windows end at its last mature label"
              + " day. Either this or the window options below.")
  String asOf;

  @Option(
      names = "--known-by",
      paramLabel = "DATE",
      description =
          "Use only labels known by the end of this day (default and latest: --as-of; with chosen"
              + " windows: --test-to + label maturity, and not earlier).")
  String knownBy;

  @Option(
      names = "--train-from",
      paramLabel = "DATE",
      description = "First label day of the training window (instead of --as-of).")
  String trainFrom;

  @Option(names = "--train-to", paramLabel = "DATE", description = "Last training label day.")
  String trainTo;

  @Option(
      names = "--validation-from",
      paramLabel = "DATE",
      description =
          "First validation label day (default: the last validation_days of the training range"
              + " are held out for validation and calibration).")
  String validationFrom;

  @Option(names = "--validation-to", paramLabel = "DATE", description = "Last validation day.")
  String validationTo;

  @Option(names = "--test-from", paramLabel = "DATE", description = "First test label day.")
  String testFrom;

  @Option(names = "--test-to", paramLabel = "DATE", description = "Last test label day.")
  String testTo;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why this run happens (e.g. schedule, drift), recorded as a run tag.")
  String reason;

  @Option(
      names = "--drift-summary",
      paramLabel = "TEXT",
      description = "The drift that triggered the run, recorded as a run tag.")
  String driftSummary;

  @Option(
      names = "--reproduce",
      paramLabel = "RUN_ID",
      description =
          "Rebuild and train again the finished training run RUN_ID from what it recorded, compare"
              + " with it and record the reproduction as a run of its own (instead of --as-of or"
              + " windows).")
  String reproduce;

  @Option(
      names = "--tolerance",
      paramLabel = "X",
      description =
          "With --reproduce: the largest absolute difference of a metric or a test-window"
              + " probability still counted as reproduced (default: "
              + Reproduction.DEFAULT_TOLERANCE
              + ").")
  Double tolerance;

  @Override
  public Integer call() {
    if (reproduce == null && tolerance != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--tolerance is only used with --reproduce RUN_ID (it bounds a reproduction's"
              + " differences); leave it out, or add --reproduce");
    }
    PipelineDefinition def = pipeline.load();
    if (reproduce != null) {
      return reproduce(def);
    }
    ModelSpec spec = TrainJob.spec(def, Optional.ofNullable(model));
    Optional<ChosenWindows> windows = windows(spec);
    TrainJob.Params p =
        params(
            Optional.ofNullable(model),
            windows.isPresent() ? null : Dates.parse("--as-of", asOf),
            Optional.ofNullable(knownBy).map(d -> Dates.parse("--known-by", d)),
            Optional.ofNullable(reason),
            Optional.ofNullable(driftSummary),
            windows);
    var ctx = root.context();
    TrainJob.Result r = TrainJob.run(ctx.tables(), def, p, tracking.open(ctx));
    var out = root.spec.commandLine().getOut();
    r.warnings().forEach(w -> root.spec.commandLine().getErr().println("warning: " + w));
    root.spec.commandLine().getErr().flush();
    out.printf(
        "Trained %s version %s (%s, %d candidate%s, best %s) as of %s on windows train %s /"
            + " validation %s / test %s: rows train %,d / validation %,d / test %,d; validation AUC %.4f, test AUC %.4f, test PR AUC %.4f; %s; run %s;"
            + " alias challenger; %.1f s%n",
        r.model(),
        r.version(),
        r.algorithm(),
        r.candidates(),
        r.candidates() == 1 ? "" : "s",
        r.bestParams(),
        r.asOf(),
        r.trainWindow(),
        r.validationWindow(),
        r.testWindow(),
        r.trainRows(),
        r.validationRows(),
        r.testRows(),
        r.validationAuc(),
        r.testAuc(),
        r.testPrAuc(),
        r.calibrationSummary(),
        r.runId(),
        r.seconds());
    out.println(Output.json(r));
    out.flush();
    return Exits.OK;
  }

  /**
   * A training run of this jar: as of a day (windows empty) or on chosen windows; a blank reason or
   * drift summary is none. {@code train} and the retrain graph's train task.
   */
  static TrainJob.Params params(
      Optional<String> model,
      LocalDate asOf,
      Optional<LocalDate> knownBy,
      Optional<String> reason,
      Optional<String> driftSummary,
      Optional<ChosenWindows> windows) {
    return new TrainJob.Params(
        model,
        asOf,
        knownBy,
        reason.filter(s -> !s.isBlank()),
        driftSummary.filter(s -> !s.isBlank()),
        VersionProvider.version(),
        windows);
  }

  private Integer reproduce(PipelineDefinition def) {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("--model", model);
    given.put("--as-of", asOf);
    given.put("--known-by", knownBy);
    given.putAll(windowOptions());
    List<String> named = named(given);
    if (!named.isEmpty()) {
      throw TrainingErrors.notReproducible(
          reproduce,
          String.join(", ", named)
              + " given, but a reproduction takes the model, days and windows"
              + " from the run",
          "Leave them out");
    }
    double tolerance =
        this.tolerance == null ? Reproduction.DEFAULT_TOLERANCE : this.tolerance.doubleValue();
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw TrainingErrors.notReproducible(
          reproduce,
          "--tolerance " + tolerance + " is not a finite number >= 0",
          "Pass e.g. --tolerance 1e-6");
    }
    var ctx = root.context();
    Reproduction.Result r =
        Reproduction.run(
            ctx.tables(), def, reproduce, tolerance, VersionProvider.version(), tracking.open(ctx));
    var out = root.spec.commandLine().getOut();
    out.printf(
        "Reproduced run %s (%s, %s) as run %s; tolerance %s%n",
        r.originalRun(), r.model(), r.algorithm(), r.runId(), r.tolerance());
    r.notes().forEach(n -> out.println("note: " + n));
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "params",
            r.paramsCompared() + " compared",
            r.paramsDiffering().isEmpty() ? "all equal" : r.paramsDiffering().size() + " differ",
            "",
            r.paramsDiffering().isEmpty() ? "ok" : "DIFFERS"));
    for (Reproduction.Line l : r.lines()) {
      rows.add(
          List.of(
              l.kind().equals("param") ? "param " + l.name() : l.name(),
              l.original(),
              l.reproduction(),
              l.diff() == null ? "-" : String.valueOf(l.diff()),
              l.ok() ? "ok" : "DIFFERS"));
    }
    Output.table(out, List.of("compared", "original", "reproduction", "|diff|", ""), rows);
    out.printf(
        "verdict: %s (params %s; %d metrics, max |diff| %s; test predictions on %,d rows, max"
            + " |diff| %s; tolerance %s)%n",
        r.verdict().replace('_', ' '),
        r.paramsDiffering().isEmpty()
            ? "identical"
            : "differ: " + String.join(", ", r.paramsDiffering()),
        r.metricsCompared(),
        r.maxMetricDiff(),
        r.testRows(),
        r.maxPredictionDiff(),
        r.tolerance());
    out.println(Output.json(r));
    out.flush();
    return r.differs() ? Exits.NOT_REPRODUCED : Exits.OK;
  }

  /** The window options by name, in the order they are listed; null where not given. */
  private Map<String, String> windowOptions() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("--train-from", trainFrom);
    given.put("--train-to", trainTo);
    given.put("--validation-from", validationFrom);
    given.put("--validation-to", validationTo);
    given.put("--test-from", testFrom);
    given.put("--test-to", testTo);
    return given;
  }

  /** The names of the options given (a value that is not null), in order. */
  private static List<String> named(Map<String, ?> options) {
    return options.entrySet().stream()
        .filter(e -> e.getValue() != null)
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * The chosen windows (options, else the model's {@code windows:}), or empty with --as-of; refused
   * when both or neither or half given.
   */
  private Optional<ChosenWindows> windows(ModelSpec spec) {
    Map<String, String> given = windowOptions();
    List<String> named = named(given);
    String how =
        "Pass either --as-of DATE, or --train-from, --train-to, --test-from and --test-to"
            + " (and optionally both --validation-from and --validation-to)";
    if (named.isEmpty()) {
      if (asOf == null && spec.windows().isPresent()) {
        return spec.windows().map(ChosenWindows::of);
      }
      if (asOf == null) {
        throw TrainingErrors.windowOptions(
            "neither --as-of nor --train-from .. --test-to given, and model "
                + spec.name()
                + " declares no windows:",
            how);
      }
      return Optional.empty();
    }
    if (asOf != null) {
      throw TrainingErrors.windowOptions(
          "--as-of "
              + asOf
              + " and "
              + String.join(", ", named)
              + " both given, but --as-of derives the windows",
          how);
    }
    List<String> missing = new ArrayList<>();
    for (String o : List.of("--train-from", "--train-to", "--test-from", "--test-to")) {
      if (given.get(o) == null) {
        missing.add(o);
      }
    }
    if ((validationFrom == null) != (validationTo == null)) {
      missing.add(validationFrom == null ? "--validation-from" : "--validation-to");
    }
    if (!missing.isEmpty()) {
      throw TrainingErrors.windowOptions(
          String.join(", ", missing) + " missing (given: " + String.join(", ", named) + ")", how);
    }
    return Optional.of(
        new ChosenWindows(
            Dates.parse("--train-from", trainFrom),
            Dates.parse("--train-to", trainTo),
            Optional.ofNullable(validationFrom).map(d -> Dates.parse("--validation-from", d)),
            Optional.ofNullable(validationTo).map(d -> Dates.parse("--validation-to", d)),
            Dates.parse("--test-from", testFrom),
            Dates.parse("--test-to", testTo)));
  }
}
