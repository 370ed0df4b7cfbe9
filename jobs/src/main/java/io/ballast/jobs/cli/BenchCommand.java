package io.ballast.jobs.cli;

import io.ballast.features.BallastErrors;
import io.ballast.jobs.train.TrainBench;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code ballast bench}: per-stage benchmarks, each ending with one JSON line of figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks per stage, each printing a JSON line of figures: train (other stages: not"
          + " implemented yet, exit 2)."
    },
    subcommands = {BenchCommand.Train.class})
final class BenchCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    throw BallastErrors.notImplemented("ballast bench" + (args.isEmpty() ? "" : " " + args.get(0)));
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description =
          "Fit logistic regression, MLlib GBT and XGBoost (hist) on the same synthetic set of"
              + " --rows rows (time split 7/1/1 days; trees: 50 of depth 6); print seconds and test"
              + " AUC of each.")
  static final class Train implements Callable<Integer> {
    @ParentCommand BenchCommand parent;

    @Option(
        names = "--rows",
        paramLabel = "N",
        defaultValue = "200000",
        description = "Rows of the synthetic set (default ${DEFAULT-VALUE}).")
    long rows;

    @Override
    public Integer call() {
      if (rows < 1000 || rows > 1_000_000_000L) {
        throw BallastErrors.badArgument(
            "--rows", String.valueOf(rows), "expected 1000 to 1000000000 rows");
      }
      var out = parent.spec.commandLine().getOut();
      List<TrainBench.Figures> figures = TrainBench.run(parent.root.context().spark(), rows);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("stage", "train");
      line.put("rows", rows);
      Map<String, String> key =
          Map.of("logistic_regression", "lr", "gbt", "gbt", "xgboost", "xgboost");
      for (TrainBench.Figures f : figures) {
        out.printf(
            "%-20s %8.1f s  test AUC %.4f  (%,d training rows)%n",
            f.algorithm(), f.seconds(), f.testAuc(), f.trainRows());
        line.put(key.get(f.algorithm()) + "_seconds", f.seconds());
      }
      for (TrainBench.Figures f : figures) {
        line.put(key.get(f.algorithm()) + "_auc", f.testAuc());
      }
      double gbt = (double) line.get("gbt_seconds");
      double xgb = (double) line.get("xgboost_seconds");
      line.put("xgboost_speedup_vs_gbt", Math.round(gbt / xgb * 100.0) / 100.0);
      out.println(Output.json(line));
      out.flush();
      return Exits.OK;
    }
  }
}
