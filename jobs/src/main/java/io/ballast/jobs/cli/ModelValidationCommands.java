package io.ballast.jobs.cli;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.RegistryErrors;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.jobs.report.ModelCard;
import io.ballast.validation.model.Promotion;
import io.ballast.validation.model.ValidateJob;
import io.ballast.validation.model.ValidationErrors;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ballast model validate | promote | rollback | card}. */
final class ModelValidationCommands {
  private ModelValidationCommands() {}

  /** Shared options and helpers. */
  abstract static class Base implements Callable<Integer> {
    @ParentCommand ModelCommand parent;
    @Mixin TrackingOptions tracking;

    PrintWriter out() {
      return parent.spec.commandLine().getOut();
    }

    Context ctx() {
      return parent.root.context();
    }

    ModelRegistry registry() {
      return tracking.open(ctx()).registry();
    }

    /** --model, else the definition's first model. */
    static String modelName(String model, String pipeline) {
      if (model != null) {
        return model;
      }
      if (pipeline == null) {
        throw ArgumentErrors.badArgument(
            "--model", "(missing)", "give --model NAME or --pipeline FILE (its first model)");
      }
      PipelineDefinition def = PipelineOption.load(pipeline);
      return def.modelSpec(Optional.empty()).name();
    }
  }

  @Command(
      name = "validate",
      description = {
        "Validate a model version on its held-out test window (rebuilt point-in-time from the"
            + " feature-table versions it was trained on): ROC AUC, PR AUC, log loss, Brier,"
            + " calibration error, precision/recall/F1 at the threshold, precision at top k%%,"
            + " RMSE/MAE/R2; per slice; fairness between the protected groups; the challenger"
            + " against the current champion on the same rows with a bootstrap confidence"
            + " interval; then the definition's gates (models[].validation).",
        "Metrics go to ballast.model_metrics, the decision (one row per gate) to"
            + " ballast.model_validations. Exit 2 when a gate fails (each failure named);"
            + " aliases never move here: 'model promote' does that."
      })
  static final class Validate extends Base {
    @Mixin HelpOption help;

    @Mixin PipelineOption pipeline;

    @Option(
        names = "--model",
        paramLabel = "NAME",
        description = "Default: the definition's first model.")
    String model;

    @Option(names = "--version", paramLabel = "V", description = "Default: the model's challenger.")
    String version;

    @Option(
        names = "--date",
        paramLabel = "DATE",
        description =
            "The scheduler's day (accepted for the task graph; the window is the version's own).")
    String date;

    @Override
    public Integer call() {
      PipelineDefinition def = pipeline.load();
      ModelSpec spec = def.modelSpec(Optional.ofNullable(model));
      if (date != null) {
        Dates.parse("--date", date);
      }
      Context c = ctx();
      return validate(
          c.tables(),
          def,
          spec.name(),
          Optional.ofNullable(version),
          tracking.open(c).registry(),
          out());
    }
  }

  /**
   * Validates a version of the model (default: its challenger) and prints the report on {@code
   * out}; a failed gate throws. {@code model validate} and the retrain graph's validate task.
   */
  static int validate(
      LakehouseTables tables,
      PipelineDefinition def,
      String model,
      Optional<String> version,
      ModelRegistry registry,
      PrintWriter out) {
    ValidateJob.Result r =
        ValidateJob.run(
            tables,
            def,
            new ValidateJob.Params(Optional.of(model), version, Promotion.user(System.getenv())),
            registry);
    ValidationReport.print(out, r);
    if (!r.passed()) {
      throw ValidationErrors.gatesFailed(r.model(), r.version(), r.failures());
    }
    return Exits.OK;
  }

  @Command(
      name = "promote",
      description = {
        "Move alias champion to a version (default: the challenger) whose latest validation"
            + " passed every gate against the current champion; the old champion becomes"
            + " 'previous'. Recorded with who ($BALLAST_USER or the OS user), when and why.",
        "Exit 2 with every failed gate named when the validation failed, or when the version was"
            + " not validated (or the champion moved since): aliases unchanged."
      })
  static final class Promote extends Base {
    /** The reason recorded by default. */
    static final String REASON = "validation passed";

    @Mixin HelpOption help;

    @Option(
        names = "--pipeline",
        paramLabel = "FILE",
        description = "The definition (its first model unless --model).")
    String pipeline;

    @Option(names = "--model", paramLabel = "NAME")
    String model;

    @Option(names = "--version", paramLabel = "V", description = "Default: the challenger.")
    String version;

    @Option(names = "--date", paramLabel = "DATE", description = "The scheduler's day (recorded).")
    String date;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        defaultValue = Promote.REASON,
        description = "Why, recorded with the promotion (default: ${DEFAULT-VALUE}).")
    String reason;

    @Override
    public Integer call() {
      String name = modelName(model, pipeline);
      if (date != null) {
        Dates.parse("--date", date);
      }
      Context c = ctx();
      return promote(
          c.tables(),
          tracking.open(c).registry(),
          name,
          Optional.ofNullable(version),
          reason,
          Optional.ofNullable(date),
          out());
    }
  }

  /**
   * Moves champion to a validated version of the model (default: its challenger), recorded with the
   * reason and the scheduler's day, and prints what moved on {@code o}; a version not validated, or
   * failed, throws. {@code model promote} and the retrain graph's promote task.
   */
  static int promote(
      LakehouseTables tables,
      ModelRegistry registry,
      String model,
      Optional<String> version,
      String reason,
      Optional<String> date,
      PrintWriter o) {
    String why = date.map(d -> reason + " (run for " + d + ")").orElse(reason);
    Promotion.Result r =
        Promotion.promote(tables, registry, model, version, Promotion.user(System.getenv()), why);
    if (!r.moved()) {
      o.printf("%s version %s is already champion; nothing moved%n", r.model(), r.champion());
    } else {
      o.printf(
          "Promoted %s: champion -> version %s%s; by %s (%s)%n",
          r.model(),
          r.champion(),
          r.previous().map(p -> ", previous -> version " + p).orElse(""),
          r.user(),
          r.reason());
    }
    o.flush();
    return Exits.OK;
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description =
          "Point champion back at the 'previous' version (and remove 'previous'); recorded with"
              + " who, when and why. Exit 2 if there is no previous version.")
  static final class Rollback extends Base {
    @Option(names = "--model", required = true, paramLabel = "NAME")
    String model;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        defaultValue = "manual rollback",
        description = "Why, recorded (default: ${DEFAULT-VALUE}).")
    String reason;

    @Override
    public Integer call() {
      Promotion.Result r =
          Promotion.rollback(registry(), model, Promotion.user(System.getenv()), reason);
      out()
          .printf(
              "Rolled back %s: champion -> version %s (was %s); by %s (%s)%n",
              r.model(), r.champion(), r.previous().orElse("none"), r.user(), r.reason());
      out().flush();
      return Exits.OK;
    }
  }

  @Command(
      name = "card",
      description =
          "Write a version's model card as Markdown and self-contained HTML: lineage (data and"
              + " feature-table versions, windows), params, test metrics, slices, fairness, gate"
              + " results, promotion history.")
  static final class Card extends Base {
    @Mixin HelpOption help;

    @Option(names = "--model", required = true, paramLabel = "NAME")
    String model;

    @Option(
        names = "--version",
        paramLabel = "V",
        description = "Default: the champion, else the challenger.")
    String version;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = "model-cards",
        description = "Folder for <model>-v<version>.md/.html (default: ${DEFAULT-VALUE}).")
    String outDir;

    @Override
    public Integer call() {
      Context c = ctx();
      ModelRegistry reg = tracking.open(c).registry();
      String v = version;
      if (v == null) {
        Map<String, String> a = reg.aliases(model);
        v = a.getOrDefault(ModelRegistry.CHAMPION, a.get(ModelRegistry.CHALLENGER));
        if (v == null) {
          throw RegistryErrors.aliasNotFound(
              model, ModelRegistry.CHAMPION, List.copyOf(a.keySet()));
        }
      }
      ModelCard.Result r = ModelCard.write(c.tables(), reg, model, v, Path.of(outDir));
      out()
          .printf(
              "Wrote %s and %s%s%n",
              r.markdown(), r.html(), r.validated() ? "" : " (not validated yet)");
      out().flush();
      return Exits.OK;
    }
  }
}
