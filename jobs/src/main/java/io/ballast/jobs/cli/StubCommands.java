package io.ballast.jobs.cli;

import io.ballast.features.BallastErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** Commands whose stage is not built yet. Each says so and exits 2; none pretends to work. */
final class StubCommands {
  private StubCommands() {}

  abstract static class Stub implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      throw BallastErrors.notImplemented("ballast " + spec.name());
    }
  }

  @Command(
      name = "drift",
      mixinStandardHelpOptions = true,
      description = {
        "Distribution drift per partition, slice and feature (PSI, JS, KS, Wasserstein,"
            + " chi-square) and performance drift.",
        "Not implemented yet: exits 2."
      })
  static final class Drift extends Stub {}
}
