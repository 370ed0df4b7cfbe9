package io.ballast.jobs.cli;

import io.ballast.features.demo.GenerateJob;
import io.ballast.features.demo.GeneratorParams;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ballast generate}: the demo's card-transaction source tables. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a realistic card-transaction workload into the lakehouse: transactions and"
          + " fraud_labels (daily partitions; labels arrive days after the payment), customers,"
          + " merchants, cards, and injected_faults (what was injected, on which days).",
      "Deterministic by --seed. A rerun replaces the generated days; it never appends."
    })
final class GenerateCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "100000",
      description = "Transactions in total (1000 to 1e9; default ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--days",
      defaultValue = "14",
      description = "Days of transactions (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--start",
      defaultValue = "2026-01-01",
      paramLabel = "DATE",
      description = "First day, YYYY-MM-DD (default ${DEFAULT-VALUE}).")
  String start;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--quality-incident",
      paramLabel = "DATE|none",
      description = "Day whose transactions get nulls, duplicates and out-of-range amounts.")
  String qualityIncident;

  @Option(
      names = "--distribution-shift",
      paramLabel = "DATE|none",
      description = "First day of a distribution shift (amounts up, a new merchant category).")
  String distributionShift;

  @Option(
      names = "--concept-drift",
      paramLabel = "DATE|none",
      description = "First day of concept drift (the fraud pattern changes).")
  String conceptDrift;

  @Option(
      names = "--demo-faults",
      description =
          "Inject the demo's three faults at 60%%, 70%% and 80%% of the range (days given explicitly win).")
  boolean demoFaults;

  @Override
  public Integer call() {
    GeneratorParams params = params();
    GenerateJob.Result r = GenerateJob.run(root.context().tables(), params);
    var out = spec.commandLine().getOut();
    out.printf(
        "Generated %,d transactions over %d days (%s .. %s) in %.1f s into %s%n",
        r.rows(), r.days(), r.from(), r.to(), r.seconds(), root.context().lakehouse());
    params.qualityIncident().ifPresent(d -> out.println("  quality incident on " + d));
    params.distributionShift().ifPresent(d -> out.println("  distribution shift from " + d));
    params.conceptDrift().ifPresent(d -> out.println("  concept drift from " + d));
    out.println(Output.json(r));
    out.flush();
    return Exits.OK;
  }

  GeneratorParams params() {
    var first = Dates.parse("--start", start);
    GeneratorParams base =
        demoFaults
            ? GeneratorParams.withDemoFaults(rows, days, first, seed)
            : new GeneratorParams(
                rows,
                days,
                first,
                seed,
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                java.util.Optional.empty());
    return new GeneratorParams(
            rows,
            days,
            first,
            seed,
            qualityIncident == null
                ? base.qualityIncident()
                : Dates.optional("--quality-incident", qualityIncident),
            distributionShift == null
                ? base.distributionShift()
                : Dates.optional("--distribution-shift", distributionShift),
            conceptDrift == null
                ? base.conceptDrift()
                : Dates.optional("--concept-drift", conceptDrift))
        .validate();
  }
}
