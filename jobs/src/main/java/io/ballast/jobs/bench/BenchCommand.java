package io.ballast.jobs.bench;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.config.Algorithm;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.jobs.cli.BallastCommand;
import io.ballast.jobs.cli.DemoCommand;
import io.ballast.jobs.cli.Exits;
import io.ballast.jobs.cli.Output;
import io.ballast.scoring.ScoringErrors;
import io.ballast.scoring.ScoringJob;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    subcommands = {
      BenchFeatures.class,
      BenchCommand.Quality.class,
      BenchCommand.Train.class,
      BenchCommand.Scoring.class,
      BenchDrift.class,
      BenchDaily.class,
      BenchAll.class
    })
public final class BenchCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Exits.usage(spec, "missing benchmark (e.g. ballast bench features --rows 1000000).");
  }

  /** {@code --work DIR}: the benchmark's own lakehouse, never the user's. */
  static final class Work {
    @Option(
        names = "--work",
        defaultValue = "./lakehouse-bench",
        paramLabel = "DIR",
        description = "The benchmark's own lakehouse (default ${DEFAULT-VALUE}).")
    String dir;
  }

  /** Rejects a --rows outside {@code min..1,000,000,000}. */
  static void checkRows(long rows, long min) {
    if (rows < min || rows > 1_000_000_000L) {
      throw ArgumentErrors.badArgument(
          "--rows", String.valueOf(rows), "expected " + min + " to 1000000000 rows");
    }
  }

  /** The benchmark's own lakehouse: the session is made on it, not on the user's. */
  LakehouseTables tables(String work) {
    root.useLakehouse(work);
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

    @Mixin Work work;

    @Option(
        names = "--days",
        defaultValue = "1",
        paramLabel = "D",
        description =
            "Also check the same rows spread over D days as one range, and print its seconds"
                + " over the one-day check's (default ${DEFAULT-VALUE}: one day only).")
    int days;

    @Override
    public Integer call() {
      if (days < 1) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--days must be at least 1, got " + days);
      }
      QualityBench.Result r = QualityBench.run(parent.tables(work.dir), rows, days);
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
      if (r.days() > 1) {
        out.printf(
            "quality over %d days: the same %,d rows in %.2f s; ratio to one day %.2f%n",
            r.days(), r.rows(), r.rangeSeconds(), r.rangeRatioToOneDay());
      }
      out.println(Output.json(r.json()));
      out.flush();
      return Exits.OK;
    }
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

    @Option(
        names = "--trees",
        paramLabel = "N",
        defaultValue = "" + TrainBench.DEFAULT_TREES,
        description =
            "Trees of depth 6 in each ensemble, GBT and XGBoost alike (default ${DEFAULT-VALUE}).")
    int trees;

    @Override
    public Integer call() {
      checkRows(rows, 1000);
      if (trees < 1 || trees > 10_000) {
        throw ArgumentErrors.badArgument(
            "--trees", String.valueOf(trees), "expected 1 to 10000 trees");
      }
      var out = parent.spec.commandLine().getOut();
      List<TrainBench.Figures> figures = TrainBench.run(parent.root.context().spark(), rows, trees);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("stage", "train");
      line.put("rows", rows);
      line.put("trees", trees);
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

  @Command(
      name = "scoring",
      mixinStandardHelpOptions = true,
      description = {
        "Score --rows generated payments (every day, one range job) with a logistic regression"
            + " over all demo features, vs the floor: a plain read of the same spine and feature"
            + " rows and a Delta write of as many rows. Last line: one JSON object."
      })
  static final class Scoring implements Callable<Integer> {
    @ParentCommand BenchCommand parent;
    @Spec CommandSpec spec;

    @Option(
        names = "--rows",
        defaultValue = "1000000",
        description = "Payments generated and scored (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(
        names = "--days",
        defaultValue = "10",
        description = "Days they cover (default ${DEFAULT-VALUE}).")
    int days;

    @Option(
        names = "--repeat",
        defaultValue = "2",
        description = "Runs of each measurement; the best counts (default ${DEFAULT-VALUE}).")
    int repeat;

    @Mixin Work work;

    @Option(
        names = "--algorithm",
        defaultValue = "logistic_regression",
        description =
            "The model: logistic_regression (default), gbt, random_forest (20 trees, depth 5) or"
                + " xgboost (20 rounds, depth 5).")
    String algorithm;

    @Option(
        names = "--explain",
        description = "Also score with --explain and report its time vs plain scoring.")
    boolean explain;

    @Option(
        names = "--top",
        defaultValue = "5",
        description = "Features per explained prediction (default ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() {
      checkRows(rows, 1000);
      if (days < 1 || repeat < 1) {
        throw ArgumentErrors.badArgument(
            days < 1 ? "--days" : "--repeat",
            String.valueOf(days < 1 ? days : repeat),
            "expected a whole number >= 1");
      }
      Algorithm alg =
          Algorithm.parse(algorithm)
              .orElseThrow(
                  () ->
                      ArgumentErrors.badArgument(
                          "--algorithm", algorithm, "expected one of " + Algorithm.known()));
      if (top < 1 || top > ScoringJob.MAX_TOP) {
        throw ScoringErrors.badExplainTop(top);
      }
      PrintWriter out = spec.commandLine().getOut();
      ScoringBench.Result r =
          ScoringBench.run(
              parent.tables(work.dir),
              DemoCommand.bundledDefinition(),
              rows,
              days,
              repeat,
              alg,
              explain ? top : 0,
              out);
      out.printf(
          "scoring: %,d rows in %.2f s (%,.0f rows/s); floor %.2f s; ratio %.2f%n",
          r.scored(), r.seconds(), r.scored() / r.seconds(), r.floorSeconds(), r.ratio());
      if (!Double.isNaN(r.asOfSeconds())) {
        out.printf(
            "scoring joined as of (no event keys): %.2f s; ratio %.2f%n",
            r.asOfSeconds(), r.asOfRatio());
      }
      if (explain) {
        out.printf(
            "scoring --explain --top %d: %.2f s; ratio to plain scoring %.2f%n",
            top, r.explainSeconds(), r.explainRatio());
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("stage", "scoring");
      json.put("rows", r.rows());
      json.put("seconds", BenchFeatures.round(r.seconds()));
      json.put("floor_seconds", BenchFeatures.round(r.floorSeconds()));
      json.put("ratio_to_floor", BenchFeatures.round(r.ratio()));
      json.put("algorithm", alg.key());
      if (!Double.isNaN(r.asOfSeconds())) {
        json.put("as_of_seconds", BenchFeatures.round(r.asOfSeconds()));
        json.put("as_of_ratio_to_floor", BenchFeatures.round(r.asOfRatio()));
      }
      if (explain) {
        json.put("explain_seconds", BenchFeatures.round(r.explainSeconds()));
        json.put("explain_ratio_to_scoring", BenchFeatures.round(r.explainRatio()));
      }
      out.println(Output.json(json));
      out.flush();
      return Exits.OK;
    }
  }
}
