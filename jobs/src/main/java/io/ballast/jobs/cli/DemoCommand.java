package io.ballast.jobs.cli;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.build.FeatureBuildPlan;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import io.ballast.features.demo.GenerateJob;
import io.ballast.features.demo.GeneratorParams;
import io.ballast.features.demo.TransactionGenerator;
import io.ballast.features.lakehouse.CatalogComments;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.lakehouse.TableDocs;
import io.ballast.features.pit.TrainingSetJob;
import io.ballast.jobs.report.ReportJob;
import io.ballast.validation.quality.QualityCheckJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ballast demo}: generates the demo workload and runs every stage that exists on it. Each
 * stage, as it lands, adds itself here.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the demo end to end on the lakehouse (default ./lakehouse): generate card"
          + " transactions with injected faults (a quality incident, a distribution shift,"
          + " concept drift); backfill quality checks and feature tables, assemble a"
          + " point-in-time training set, train, validate and promote, score and measure drift"
          + " over the history; run the last day through the daily graph with the local runner"
          + " (as ./ballast pipeline run does); measure the champion's live performance on the"
          + " scored days; retrain when a live bound is crossed and validate against the"
          + " champion; write the monitoring report; end with a verdict table of what the demo"
          + " expects (exit 4 naming any expectation not met).",
      "Afterwards: ./ballast tables, ./ballast sql \"SELECT ...\"."
    })
public final class DemoCommand implements Callable<Integer> {
  public static final String DEMO_PIPELINE = "pipelines/card_fraud.yaml";

  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "30000",
      description = "Transactions in total (default ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--days",
      defaultValue = "14",
      description = "Days of data (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--start",
      defaultValue = "2026-01-01",
      paramLabel = "DATE",
      description = "First day (default ${DEFAULT-VALUE}).")
  String start;

  @Option(
      names = "--warmup-days",
      paramLabel = "N",
      description =
          "Days of clean history generated before --start (at the same daily rate, on top of"
              + " --rows) so that trailing windows are full from the first demo day; drift is then"
              + " measured on mature features. Default: the definition's longest window plus the"
              + " generator's longest label delay (10 days).")
  Integer warmupDays;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      description = "The definition to run (default: the bundled card_fraud demo).")
  String pipeline;

  @Override
  public Integer call() {
    Instant t0 = Instant.now();
    PrintWriter out = spec.commandLine().getOut();
    DemoProgress progress = new DemoProgress(out);
    PipelineDefinition def = definition();
    GeneratorParams params =
        GeneratorParams.withDemoFaults(rows, days, Dates.parse("--start", start), seed).validate();
    int warmup = warmupDays != null ? warmupDays : warmupDays(def);
    if (warmup < 0 || warmup > 366) {
      throw ArgumentErrors.badArgument(
          "--warmup-days", String.valueOf(warmup), "expected 0 to 366 days");
    }
    GeneratorParams generated = withWarmup(params, warmup);
    // The demo replays history: the labels of its last days arrive after them, and a retrain after
    // the concept drift needs them all. They are written too (by their arrival day); live metrics
    // count only the labels that arrived by the last day.
    LocalDate labelsArrivedBy = params.end().plusDays(TransactionGenerator.MAX_LABEL_DELAY_DAYS);
    LakehouseTables tables = root.context().tables();

    progress.step(
        "generate: %,d transactions, %d days from %s (+ %d warm-up days from %s, %,d rows) into"
            + " %s",
        rows,
        days,
        params.start(),
        warmup,
        generated.start(),
        generated.rows() - rows,
        tables.lakehouse());
    GenerateJob.Result g = GenerateJob.run(tables, generated, labelsArrivedBy);
    progress.done(g.seconds());
    out.printf(
        "      fraud labels: those arriving up to %s too (%d days after the last day: the retrain"
            + " waits for them)%n",
        labelsArrivedBy, TransactionGenerator.MAX_LABEL_DELAY_DAYS);
    params
        .qualityIncident()
        .ifPresent(d -> out.println("      injected: quality incident on " + d));
    params
        .distributionShift()
        .ifPresent(d -> out.println("      injected: distribution shift from " + d));
    params.conceptDrift().ifPresent(d -> out.println("      injected: concept drift from " + d));

    // History is backfilled in bulk (each stage one job over the range); the last day is then run
    // the way production runs every day: the daily graph, task by task, by the local runner.
    LocalDate trainTo = params.start().plusDays(Math.max(0, Math.round(days * 0.5) - 1));
    Optional<LocalDate> today =
        params.end().isAfter(trainTo) ? Optional.of(params.end()) : Optional.empty();
    LocalDate historyEnd = today.map(d -> d.minusDays(1)).orElse(params.end());

    List<String> sourceChecks =
        def.quality().keySet().stream().filter(def.sources()::containsKey).toList();
    progress.step(
        "quality check: %s, %s .. %s, one Deequ analysis per table",
        sourceChecks, params.start(), historyEnd);
    // The demo's days only: the warm-up is history written before them (its feature rows too).
    Map<String, QualityCheckJob.Result> sourceQuality = new java.util.LinkedHashMap<>();
    sourceChecks.forEach(
        t -> sourceQuality.put(t, quality(tables, def, t, params.start(), historyEnd, out)));
    DemoVerdict verdict = new DemoVerdict();
    params
        .qualityIncident()
        .filter(d -> !d.isAfter(historyEnd))
        .ifPresent(d -> DemoExpectations.incident(verdict, sourceQuality, d));

    progress.step(
        "features build: %d feature tables, %s .. %s",
        def.featureTables().size(), generated.start(), historyEnd);
    for (FeatureTable t : def.featureTables()) {
      FeatureBuildJob.Result r =
          FeatureBuildJob.run(
              tables,
              def,
              new FeatureBuildJob.Params(t.name(), generated.start(), historyEnd, true, true));
      out.printf(
          "      %s: %,d rows, version %d, %.1f s%n",
          r.table(), r.rows(), r.version(), r.seconds());
      out.flush();
    }

    def.featureTables().stream()
        .map(FeatureTable::name)
        .filter(def.quality()::containsKey)
        .forEach(t -> quality(tables, def, t, params.start(), historyEnd, out));

    progress.step("training set: label events %s .. %s, point-in-time", params.start(), trainTo);
    TrainingSetJob.Result ts =
        TrainingSetJob.run(
            tables,
            def,
            new TrainingSetJob.Params(
                params.start(),
                trainTo,
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                def.name() + "_training_set"));
    out.printf(
        "      %s: %,d rows, %,d positive, feature table versions %s, %.1f s%n",
        ts.table(), ts.rows(), ts.positives(), ts.featureTableVersions(), ts.seconds());

    new DemoModelStages(
            tables,
            def,
            root.context().lakehouse().root(),
            this::definitionFile,
            progress,
            out,
            verdict)
        .run(params, trainTo, historyEnd, today);
    CatalogComments.applyAll(tables, TableDocs.featureColumns(def));
    out.println();
    TablesCommand.print(tables, out);
    out.printf(
        "%nDemo finished in %.1f s. Try:%n"
            + "  ./ballast sql \"SELECT ds, count(*) AS n, round(avg(amount), 2) AS avg_amount FROM"
            + " ballast.transactions GROUP BY ds ORDER BY ds\"%n"
            + "  ./ballast features history customer_features%n",
        Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    ReportJob.Result report = ReportJob.run(tables, ReportJob.Params.defaults(reportPath(tables)));
    out.printf("Monitoring report: %s (open it in a browser)%n%n", report.path());
    verdict.print(out);
    return verdict.unmet().isEmpty() ? Exits.OK : Exits.DEMO_UNMET;
  }

  /**
   * The demo's days with {@code warmup} clean days in front, at the same daily rate: the faults
   * stay on their days, the warm-up only gives the first days' trailing windows their history.
   */
  static GeneratorParams withWarmup(GeneratorParams demo, int warmup) {
    return new GeneratorParams(
            demo.rows() + demo.rows() * warmup / demo.days(),
            demo.days() + warmup,
            demo.start().minusDays(warmup),
            demo.seed(),
            demo.qualityIncident(),
            demo.distributionShift(),
            demo.conceptDrift())
        .validate();
  }

  /**
   * The clean days generated before the first day that matters, so that every trailing window is
   * full on it: the longest window, plus the longest label delay for windows over labels (which
   * count a label from the day it arrives). Features built and models trained on days without them
   * see windows still filling up, and drift against such a baseline flags every full-window day.
   */
  public static int warmupDays(PipelineDefinition def) {
    return longestWindowDays(def) + TransactionGenerator.MAX_LABEL_DELAY_DAYS;
  }

  /** The longest trailing window over the definition's feature tables, in whole days. */
  static int longestWindowDays(PipelineDefinition def) {
    return def.featureTables().stream()
        .mapToInt(t -> (int) FeatureBuildPlan.lookbackDays(t))
        .max()
        .orElse(0);
  }

  /** {@code <lakehouse>/report.html} for a local lakehouse, else {@code ./report.html}. */
  private static Path reportPath(LakehouseTables tables) {
    String root = tables.lakehouse().root();
    if (root.startsWith("file:")) {
      return Path.of(java.net.URI.create(root)).resolve("report.html");
    }
    return root.contains("://") ? Path.of("report.html") : Path.of(root, "report.html");
  }

  /** The definition's file: --pipeline, or the bundled one written to a temporary file. */
  private String definitionFile() {
    if (pipeline != null) {
      return pipeline;
    }
    try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(DEMO_PIPELINE)) {
      Path f = Files.createTempFile("card_fraud", ".yaml");
      f.toFile().deleteOnExit();
      Files.write(f, in.readAllBytes());
      return f.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static QualityCheckJob.Result quality(
      LakehouseTables tables,
      PipelineDefinition def,
      String t,
      LocalDate from,
      LocalDate to,
      PrintWriter out) {
    QualityCheckJob.Result q =
        QualityCheckJob.run(tables, def, new QualityCheckJob.Params(t, from, to, Optional.empty()));
    out.printf(
        "      quality %s: %d days, %d checks passed, %d failed, %s, %.1f s%n",
        t,
        q.partitions(),
        q.passed(),
        q.failed(),
        q.quarantinedRows() < 0 ? "no quarantine" : q.quarantinedRows() + " rows quarantined",
        q.seconds());
    q.gateFailures().forEach(f -> out.println("      gate FAILED " + f));
    out.flush();
    return q;
  }

  private PipelineDefinition definition() {
    if (pipeline != null) {
      return PipelineOption.load(pipeline);
    }
    return bundledDefinition();
  }

  /** The demo's card_fraud definition, shipped in the jar. */
  public static PipelineDefinition bundledDefinition() {
    PipelineLoader loader = new PipelineLoader(new SparkExpressionParser());
    try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(DEMO_PIPELINE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the demo definition " + DEMO_PIPELINE + " is not on the class path");
      }
      return loader.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "card_fraud.yaml (bundled)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
