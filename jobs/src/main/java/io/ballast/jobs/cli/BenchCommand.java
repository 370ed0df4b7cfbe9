package io.ballast.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ballast bench}: one benchmark per stage, each ending with one JSON line of figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks on the demo workload. Each prints what it measured and, last, one JSON object.",
      "They write to their own lakehouse (--work, default ./lakehouse-bench), never to yours."
    },
    subcommands = {BenchFeatures.class})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("error: missing benchmark (e.g. ballast bench features --rows 1000000).");
    spec.commandLine().usage(spec.commandLine().getErr());
    return Exits.USER_ERROR;
  }
}
