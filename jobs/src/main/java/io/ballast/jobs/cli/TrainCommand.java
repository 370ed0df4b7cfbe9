package io.ballast.jobs.cli;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.jobs.train.TrainJob;
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
          + " FAILED and registers nothing."
    })
final class TrainCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;

  @Mixin TrackingOptions tracking;

  @Option(
      names = "--pipeline",
      required = true,
      paramLabel = "FILE",
      description = "The pipeline definition (YAML).")
  String pipeline;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "The model to train (default: the definition's first model).")
  String model;

  @Option(
      names = {"--as-of", "--date"},
      required = true,
      paramLabel = "DATE",
      description =
          "The day the model is trained on, YYYY-MM-DD: the windows end at its last mature label"
              + " day.")
  String asOf;

  @Option(
      names = "--known-by",
      paramLabel = "DATE",
      description = "Use only labels known by the end of this day (default and latest: --as-of).")
  String knownBy;

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

  @Override
  public Integer call() {
    PipelineDefinition def = FeaturesCommand.load(pipeline);
    TrainJob.spec(def, Optional.ofNullable(model));
    TrainJob.Params p =
        new TrainJob.Params(
            Optional.ofNullable(model),
            Dates.parse("--as-of", asOf),
            Optional.ofNullable(knownBy).map(d -> Dates.parse("--known-by", d)),
            Optional.ofNullable(reason).filter(s -> !s.isBlank()),
            Optional.ofNullable(driftSummary).filter(s -> !s.isBlank()),
            VersionProvider.version());
    var ctx = root.context();
    TrainJob.Result r = TrainJob.run(ctx.tables(), def, p, tracking.open(ctx));
    var out = root.spec.commandLine().getOut();
    r.warnings().forEach(w -> root.spec.commandLine().getErr().println("warning: " + w));
    root.spec.commandLine().getErr().flush();
    out.printf(
        "Trained %s version %s (%s, %d candidate%s, best %s): rows train %,d / validation %,d /"
            + " test %,d; validation AUC %.4f, test AUC %.4f, test PR AUC %.4f; %s; run %s;"
            + " alias challenger; %.1f s%n",
        r.model(),
        r.version(),
        r.algorithm(),
        r.candidates(),
        r.candidates() == 1 ? "" : "s",
        r.bestParams(),
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
}
