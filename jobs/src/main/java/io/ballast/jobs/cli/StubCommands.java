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
      name = "score",
      mixinStandardHelpOptions = true,
      description = {
        "Score a day's feature rows with a model version into the predictions table.",
        "Not implemented yet: exits 2."
      })
  static final class Score extends Stub {}

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = {
        "Write a self-contained HTML monitoring report.",
        "Not implemented yet: exits 2."
      })
  static final class Report extends Stub {}
}
