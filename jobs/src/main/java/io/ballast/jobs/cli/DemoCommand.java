package io.ballast.jobs.cli;

import io.ballast.features.demo.GenerateJob;
import io.ballast.features.demo.GeneratorParams;
import java.time.Duration;
import java.time.Instant;
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
          + " concept drift), then run every pipeline stage built so far.",
      "Afterwards: ./ballast tables, ./ballast sql \"SELECT ...\"."
    })
final class DemoCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "100000",
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
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    Instant t0 = Instant.now();
    var out = spec.commandLine().getOut();
    GeneratorParams params =
        GeneratorParams.withDemoFaults(rows, days, Dates.parse("--start", start), seed).validate();
    out.printf(
        "[1/1] generate: %,d transactions, %d days from %s into %s%n",
        rows, days, params.start(), root.context().lakehouse());
    out.flush();
    GenerateJob.Result g = GenerateJob.run(root.context().tables(), params);
    out.printf("      done in %.1f s%n", g.seconds());
    params
        .qualityIncident()
        .ifPresent(d -> out.println("      injected: quality incident on " + d));
    params
        .distributionShift()
        .ifPresent(d -> out.println("      injected: distribution shift from " + d));
    params.conceptDrift().ifPresent(d -> out.println("      injected: concept drift from " + d));
    out.println();
    TablesCommand.print(root.context().tables(), out);
    out.printf(
        "%nDemo finished in %.1f s. Try:%n  ./ballast sql \"SELECT ds, count(*) AS n, round(avg(amount), 2) AS avg_amount"
            + " FROM ballast.transactions GROUP BY ds ORDER BY ds\"%n",
        Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    out.flush();
    return Exits.OK;
  }
}
