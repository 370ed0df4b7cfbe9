package io.ballast.jobs.bench;

import io.ballast.jobs.cli.Exits;
import io.ballast.jobs.cli.Output;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ballast bench drift}: one-pass drift vs a plain scan and vs a job per partition. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "Drift of 20 features (15 numeric, 5 categorical) over 30 daily partitions of --rows rows in"
          + " one pass, vs one plain scan of those columns (the floor) and vs running the drift"
          + " job once per partition. Last line: one JSON object."
    })
final class BenchDrift implements Callable<Integer> {
  @ParentCommand BenchCommand parent;

  @Option(
      names = "--rows",
      defaultValue = "1000000",
      description = "Rows over the 30 partitions (default ${DEFAULT-VALUE}).")
  long rows;

  @Mixin BenchCommand.Work work;

  @Override
  public Integer call() {
    BenchCommand.checkRows(rows, 3000);
    DriftBench.Result r = DriftBench.run(parent.tables(work.dir), rows);
    PrintWriter out = parent.spec.commandLine().getOut();
    out.printf(
        "drift: %,d rows, %d features, %d partitions in one pass %.2f s; one plain scan %.2f s"
            + " (ratio %.2f); one job per partition %.2f s (speedup %.1fx); %d partitions"
            + " drifted%n",
        r.rows(),
        r.features(),
        r.partitions(),
        r.seconds(),
        r.floorSeconds(),
        r.seconds() / r.floorSeconds(),
        r.loopSeconds(),
        r.loopSeconds() / r.seconds(),
        r.driftedPartitions());
    out.println(Output.json(r.json()));
    out.flush();
    return Exits.OK;
  }
}
