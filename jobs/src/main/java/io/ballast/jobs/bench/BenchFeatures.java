package io.ballast.jobs.bench;

import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.demo.GenerateJob;
import io.ballast.features.demo.GeneratorParams;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.jobs.cli.DemoCommand;
import io.ballast.jobs.cli.Exits;
import io.ballast.jobs.cli.Output;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SaveMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ballast bench features}: a full build of the demo's feature tables against the floor (a
 * plain read and write of the same source rows), and the cost of building one new day with 10, 40
 * and 60 days of history.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Full feature build vs a plain read+write of the same rows (the floor), and one-day builds"
          + " with 10, 40 and 60 days of history. Last line: one JSON object."
    })
final class BenchFeatures implements Callable<Integer> {
  @ParentCommand BenchCommand parent;

  @Option(
      names = "--rows",
      defaultValue = "1000000",
      description = "Transactions for the full build (default ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--days",
      defaultValue = "14",
      description = "Days for the full build (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--rows-per-day-incremental",
      defaultValue = "100000",
      description = "Rows a day for the 61-day incremental series (default ${DEFAULT-VALUE}).")
  long perDay;

  @Mixin BenchCommand.Work work;

  @Override
  public Integer call() {
    PrintWriter out = parent.spec.commandLine().getOut();
    PipelineDefinition def = DemoCommand.bundledDefinition();
    LakehouseTables tables = parent.tables(work.dir);
    LocalDate start = LocalDate.of(2026, 1, 1);

    out.printf(
        "bench features: generating %,d rows over %d days into %s%n",
        rows, days, tables.lakehouse());
    out.flush();
    GenerateJob.run(
        tables,
        new GeneratorParams(
            rows, days, start, 7, Optional.empty(), Optional.empty(), Optional.empty()));
    LocalDate end = start.plusDays(days - 1L);

    int n = def.featureTables().size();
    double floor =
        time(
            () -> {
              tables
                  .spark()
                  .read()
                  .format("delta")
                  .load(tables.lakehouse().tablePath(BallastTable.TRANSACTIONS.name()))
                  .write()
                  .format("delta")
                  .mode(SaveMode.Overwrite)
                  .partitionBy("ds")
                  .save(tables.lakehouse().tablePath("bench_floor"));
              return null;
            });
    out.printf("  floor (read + write %,d source rows): %.2f s%n", rows, floor);
    double build = 0;
    for (FeatureTable t : def.featureTables()) {
      double s =
          time(
              () ->
                  FeatureBuildJob.run(
                      tables, def, new FeatureBuildJob.Params(t.name(), start, end, true, true)));
      out.printf("  full build %s: %.2f s (%.2fx the floor)%n", t.name(), s, s / floor);
      out.flush();
      build += s;
    }
    double ratio = build / (n * floor);
    out.printf(
        "  full build, %d tables: %.2f s, %,.0f rows/s per table, %.2fx the floor%n",
        n, build, rows * n / build, ratio);

    int incDays = 61;
    out.printf(
        "bench features: generating %,d rows a day over %d days for the incremental series%n",
        perDay, incDays);
    out.flush();
    GenerateJob.run(
        tables,
        new GeneratorParams(
            perDay * incDays,
            incDays,
            start,
            7,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    Map<Integer, Double> oneDay = new LinkedHashMap<>();
    for (int history : new int[] {10, 40, 60}) {
      LocalDate day = start.plusDays(history);
      double best = Double.MAX_VALUE;
      for (int attempt = 0; attempt < 2; attempt++) {
        double s = 0;
        for (FeatureTable t : def.featureTables()) {
          s +=
              time(
                  () ->
                      FeatureBuildJob.run(
                          tables, def, new FeatureBuildJob.Params(t.name(), day, day, true, true)));
        }
        best = Math.min(best, s);
      }
      oneDay.put(history, best);
      out.printf("  one new day (%s) with %d days of history: %.2f s%n", day, history, best);
      out.flush();
    }
    double incremental = oneDay.get(60) / oneDay.get(10);
    out.printf(
        "  one-day build, 60 vs 10 days of history: %.2fx (40 vs 60: %.2fx; windows reach 30 days back)%n",
        incremental, oneDay.get(40) / oneDay.get(60));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("stage", "features");
    json.put("rows", rows);
    json.put("seconds", round(build));
    json.put("floor_seconds", round(floor * n));
    json.put("ratio_to_floor", round(ratio));
    json.put("incremental_ratio", round(incremental));
    out.println(Output.json(json));
    out.flush();
    return Exits.OK;
  }

  static double time(Supplier<Object> work) {
    long t0 = System.nanoTime();
    work.get();
    return (System.nanoTime() - t0) / 1e9;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
