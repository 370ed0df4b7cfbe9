package io.ballast.jobs.cli;

import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.validation.quality.QualityBench;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ballast bench}: one benchmark per stage, each ending with one JSON line of figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks on the demo workload. Each prints what it measured and, last, one JSON object.",
      "They write to their own lakehouse (--work, default ./lakehouse-bench), never to yours."
    },
    subcommands = {BenchFeatures.class, BenchCommand.Quality.class})
final class BenchCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println("error: missing benchmark (e.g. ballast bench features --rows 1000000).");
    spec.commandLine().usage(spec.commandLine().getErr());
    return Exits.USER_ERROR;
  }

  /** The benchmark's own lakehouse: the session is made on it, not on the user's. */
  LakehouseTables tables(String work) {
    root.lakehouse = work;
    return root.context().tables();
  }

  @Command(
      name = "quality",
      mixinStandardHelpOptions = true,
      description = {
        "22 quality constraints (one Deequ analysis) over one day of generated demo transactions,"
            + " vs one plain scan of the same columns."
      })
  static final class Quality implements Callable<Integer> {
    @ParentCommand BenchCommand parent;
    @Spec CommandSpec spec;

    @Option(
        names = "--rows",
        defaultValue = "1000000",
        description = "Transactions (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(
        names = "--work",
        defaultValue = "./lakehouse-bench",
        paramLabel = "DIR",
        description = "The benchmark's own lakehouse (default ${DEFAULT-VALUE}).")
    String work;

    @Override
    public Integer call() {
      QualityBench.Result r = QualityBench.run(parent.tables(work), rows);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "quality: %,d rows, %d constraints in %.2f s (%,.0f rows/s);"
              + " one plain scan %.2f s; ratio %.2f%n",
          r.rows(),
          r.constraints(),
          r.seconds(),
          r.rowsPerSecond(),
          r.floorSeconds(),
          r.ratioToFloor());
      out.println(Output.json(r.json()));
      out.flush();
      return Exits.OK;
    }
  }
}
