package io.ballast.jobs.cli;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.validation.quality.QualityCheckJob;
import io.ballast.validation.quality.SuggestJob;
import io.ballast.validation.quality.TableMetricsJob;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ballast quality}: check, table-metrics, suggest. */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description = {
      "Data quality with Deequ: check partitions against the definition's quality section (a"
          + " gate: exit 2 when an error check fails), whole-table metrics from merged partition"
          + " states, and suggested checks from a baseline range."
    },
    subcommands = {
      QualityCommand.Check.class,
      QualityCommand.TableMetrics.class,
      QualityCommand.Suggest.class
    })
final class QualityCommand implements Callable<Integer> {
  static final String DEMO_PIPELINE = "orchestration/pipelines/card_fraud.yaml";

  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Exits.usage(spec, "missing subcommand (check, table-metrics, suggest).");
  }

  /** The table a check or its metrics are about: a table of a definition's quality section. */
  static final class Target {
    @Option(
        names = "--pipeline",
        paramLabel = "FILE",
        defaultValue = DEMO_PIPELINE,
        description = "Pipeline definition (default ${DEFAULT-VALUE}).")
    String pipeline;

    @Option(names = "--table", required = true, description = "A table of the quality section.")
    String table;
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Check a table's partitions (one day, or a range in one run): results to"
            + " ballast.quality_results, metrics to ballast.quality_metrics, failing rows to"
            + " ballast.<table>_quarantine when quarantine is on. Reruns replace those partitions.",
        "Exits 2 after writing the results when an error-severity check fails."
      })
  static final class Check implements Callable<Integer> {
    @ParentCommand QualityCommand parent;
    @Spec CommandSpec spec;

    @Mixin Target target;

    @Option(names = "--date", paramLabel = "DATE", description = "One partition, YYYY-MM-DD.")
    String date;

    @Option(names = "--from", paramLabel = "DATE", description = "First partition of a range.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last partition of a range.")
    String to;

    @Override
    public Integer call() {
      PipelineDefinition def = PipelineOption.load(target.pipeline);
      DayRange r = DayRange.parse(date, from, to).ordered();
      QualityCheckJob.Result res =
          QualityCheckJob.run(
              parent.root.context().tables(),
              def,
              new QualityCheckJob.Params(target.table, r.from(), r.to(), Optional.empty()));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "Checked ballast.%s %s .. %s (version %d): %d checks, %d passed, %d failed, %d skipped"
              + " in %.1f s%n",
          res.table(),
          res.from(),
          res.to(),
          res.tableVersion(),
          res.checks(),
          res.passed(),
          res.failed(),
          res.skipped(),
          res.seconds());
      res.warnings().forEach(w -> out.println("  warning: " + w));
      res.gateFailures().forEach(f -> out.println("  FAILED:  " + f));
      if (res.quarantinedRows() >= 0) {
        out.printf(
            "  %,d rows quarantined to ballast.%s_quarantine%n",
            res.quarantinedRows(), res.table());
      }
      out.println(Output.json(res));
      out.flush();
      res.throwIfGateFailed();
      return Exits.OK;
    }
  }

  @Command(
      name = "table-metrics",
      mixinStandardHelpOptions = true,
      description = {
        "Whole-table metrics (of the quality section's analyzers) by merging the Deequ states"
            + " saved per partition by 'quality check': no partition's data is reread."
      })
  static final class TableMetrics implements Callable<Integer> {
    @ParentCommand QualityCommand parent;
    @Spec CommandSpec spec;

    @Mixin Target target;

    @Option(names = "--from", paramLabel = "DATE", description = "First partition (default: all).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last partition (default: all).")
    String to;

    @Override
    public Integer call() {
      DayRange r = DayRange.parseOrAll(from, to).ordered();
      TableMetricsJob.Result res =
          TableMetricsJob.run(
              parent.root.context().tables(),
              PipelineOption.load(target.pipeline),
              target.table,
              r.from(),
              r.to());
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "ballast.%s, %d partitions %s .. %s, merged from saved states:%n",
          res.table(), res.partitions().size(), res.from(), res.to());
      List<List<String>> rows = new ArrayList<>();
      for (TableMetricsJob.Metric m : res.metrics()) {
        rows.add(
            List.of(
                m.metric(),
                m.instance(),
                m.value() == null ? "(" + m.error() + ")" : String.valueOf(m.value())));
      }
      Output.table(out, List.of("metric", "instance", "value"), rows);
      out.println(Output.json(res));
      out.flush();
      return Exits.OK;
    }
  }

  @Command(
      name = "suggest",
      mixinStandardHelpOptions = true,
      description = {
        "Profile a baseline range with Deequ's constraint suggestion and print a quality section"
            + " in the pipeline-definition format (paste it into the definition, then review)."
      })
  static final class Suggest implements Callable<Integer> {
    @ParentCommand QualityCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--table", required = true, description = "A lakehouse table.")
    String table;

    @Mixin DayRangeOptions days;

    @Option(
        names = "--partition-column",
        defaultValue = "ds",
        description = "The daily partition column (default ${DEFAULT-VALUE}).")
    String partitionColumn;

    @Override
    public Integer call() {
      DayRange r = days.range();
      SuggestJob.Result res =
          SuggestJob.run(parent.root.context().tables(), table, partitionColumn, r.from(), r.to());
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "# Suggested from %,d rows of ballast.%s, %s .. %s (Deequ Rules.DEFAULT)%n",
          res.rows(), res.table(), res.from(), res.to());
      out.print(res.yaml());
      out.flush();
      return Exits.OK;
    }
  }
}
