package io.ballast.jobs.bench;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.config.Algorithm;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.demo.GenerateJob;
import io.ballast.features.demo.GeneratorParams;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.jobs.cli.CliErrors;
import io.ballast.jobs.cli.DemoCommand;
import io.ballast.jobs.cli.Exits;
import io.ballast.jobs.cli.Output;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SaveMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ballast bench all}: every stage's benchmark at one size and over a scaling series, written
 * as a Markdown table ({@code bench.md}) and JSON ({@code bench.json}). Stages are a list of
 * runners ({@link #STAGES}); a new stage is one more entry.
 */
@Command(
    name = "all",
    mixinStandardHelpOptions = true,
    description = {
      "Every stage's benchmark (features, quality, train, and each stage added to the list) at"
          + " --rows, then at each --scaling size: seconds, rows/s and the ratio to the stage's"
          + " plain-scan floor. Writes bench.md and bench.json to --out; last line: the JSON."
    })
final class BenchAll implements Callable<Integer> {
  /** What one stage measured at one size. */
  record Figures(
      String stage, long rows, double seconds, double floorSeconds, Map<String, Object> extra) {
    double rowsPerSecond() {
      return rows / seconds;
    }

    double ratioToFloor() {
      return seconds / floorSeconds;
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("stage", stage);
      m.put("rows", rows);
      m.put("seconds", BenchFeatures.round(seconds));
      m.put("rows_per_second", Math.round(rowsPerSecond()));
      m.put("floor_seconds", BenchFeatures.round(floorSeconds));
      m.put("ratio_to_floor", BenchFeatures.round(ratioToFloor()));
      m.putAll(extra);
      return m;
    }
  }

  /** One stage's benchmark: given the bench lakehouse (the demo data generated) and a size. */
  interface Stage {
    Figures run(LakehouseTables tables, long rows);
  }

  /** The stages, in pipeline order. Scoring and drift add themselves here. */
  static final Map<String, Stage> STAGES = new LinkedHashMap<>();

  static {
    STAGES.put("features", BenchAll::features);
    STAGES.put("quality", BenchAll::quality);
    STAGES.put("train", BenchAll::train);
    STAGES.put("scoring", BenchAll::scoring);
    STAGES.put("drift", BenchAll::drift);
  }

  static final LocalDate START = LocalDate.of(2026, 1, 1);
  static final int DAYS = 14;

  @ParentCommand BenchCommand parent;

  @Option(
      names = "--rows",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "Rows for the main table (default ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--scaling",
      paramLabel = "N,N,...",
      split = ",",
      defaultValue = "1000000,3000000,10000000",
      description =
          "Sizes of the scaling series (default ${DEFAULT-VALUE}); 0 for none. A size equal to"
              + " --rows is measured once.")
  List<Long> scaling;

  @Option(
      names = "--stages",
      paramLabel = "S,S,...",
      split = ",",
      description = "Only these stages (default: all of them, in pipeline order).")
  List<String> stages;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "./bench-results",
      description = "Where bench.md and bench.json go (default ${DEFAULT-VALUE}).")
  String out;

  @Mixin BenchCommand.Work work;

  @Override
  public Integer call() {
    List<String> selected = stages == null ? List.copyOf(STAGES.keySet()) : stages;
    for (String s : selected) {
      if (!STAGES.containsKey(s)) {
        throw ArgumentErrors.badArgument(
            "--stages", s, "expected stages among " + String.join(", ", STAGES.keySet()));
      }
    }
    TreeSet<Long> sizes = new TreeSet<>();
    sizes.add(rows);
    scaling.stream().filter(n -> n > 0).forEach(sizes::add);
    for (long n : sizes) {
      if (n < 10_000 || n > 1_000_000_000L) {
        throw ArgumentErrors.badArgument(
            "--rows/--scaling", String.valueOf(n), "expected 10000 to 1000000000 rows");
      }
    }
    PrintWriter pw = parent.spec.commandLine().getOut();
    LakehouseTables tables = parent.tables(work.dir);
    Instant t0 = Instant.now();
    List<Figures> all = new ArrayList<>();
    for (long n : sizes) {
      pw.printf("bench all: %,d rows: generating the demo workload (%d days)%n", n, DAYS);
      pw.flush();
      GenerateJob.run(
          tables,
          new GeneratorParams(
              n, DAYS, START, 7, Optional.empty(), Optional.empty(), Optional.empty()));
      for (String s : selected) {
        Figures f = STAGES.get(s).run(tables, n);
        pw.printf(
            "  %-10s %,12d rows %9.2f s %,12.0f rows/s  floor %7.2f s  ratio %6.2f%n",
            s, n, f.seconds(), f.rowsPerSecond(), f.floorSeconds(), f.ratioToFloor());
        pw.flush();
        all.add(f);
      }
    }
    Map<String, Object> json = report(all, selected, sizes);
    json.put("total_seconds", BenchFeatures.round(secondsSince(t0)));
    write(json, all, selected, sizes);
    pw.printf("bench all: wrote %s and %s%n", outFile("bench.md"), outFile("bench.json"));
    pw.println(Output.json(json));
    pw.flush();
    return Exits.OK;
  }

  private static double secondsSince(Instant t0) {
    return (Instant.now().toEpochMilli() - t0.toEpochMilli()) / 1000.0;
  }

  Map<String, Object> report(List<Figures> all, List<String> selected, TreeSet<Long> sizes) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("machine", machine(parent.root.context().spark().sparkContext().master()));
    json.put("rows", rows);
    json.put("results", all.stream().filter(f -> f.rows() == rows).map(Figures::json).toList());
    Map<String, Object> series = new LinkedHashMap<>();
    for (String s : selected) {
      List<Map<String, Object>> points = new ArrayList<>();
      all.stream()
          .filter(f -> f.stage().equals(s))
          .forEach(
              f -> {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("rows", f.rows());
                p.put("seconds", BenchFeatures.round(f.seconds()));
                p.put("rows_per_second", Math.round(f.rowsPerSecond()));
                points.add(p);
              });
      series.put(s, points);
    }
    json.put("scaling", series);
    return json;
  }

  private void write(
      Map<String, Object> json, List<Figures> all, List<String> selected, TreeSet<Long> sizes) {
    @SuppressWarnings("unchecked")
    Map<String, Object> machine = (Map<String, Object>) json.get("machine");
    String md = markdown(all, selected, sizes, rows, String.valueOf(machine.get("summary")));
    try {
      Path dir = Files.createDirectories(Path.of(out));
      Files.writeString(dir.resolve("bench.md"), md, StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve("bench.json"), Output.json(json) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliErrors.cannotWriteFile(out, e);
    }
  }

  /** The Markdown report: the table at {@code rows}, then the scaling series if there is one. */
  static String markdown(
      List<Figures> all, List<String> selected, TreeSet<Long> sizes, long rows, String machine) {
    StringBuilder md = new StringBuilder();
    md.append("Machine: ").append(machine).append("\n\n");
    md.append(String.format("At %,d rows:%n%n", rows));
    md.append("| stage | rows | seconds | rows/s | floor s | ratio to floor |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (Figures f : all) {
      if (f.rows() == rows) {
        md.append(
            String.format(
                "| %s | %,d | %.2f | %,.0f | %.2f | %.2f |%n",
                f.stage(),
                f.rows(),
                f.seconds(),
                f.rowsPerSecond(),
                f.floorSeconds(),
                f.ratioToFloor()));
      }
    }
    if (sizes.size() > 1) {
      md.append("\nScaling (seconds; in brackets: time growth over the previous size):\n\n");
      md.append("| stage |");
      sizes.forEach(n -> md.append(String.format(" %,d rows |", n)));
      md.append("\n|---|");
      sizes.forEach(n -> md.append("---:|"));
      md.append("\n");
      for (String s : selected) {
        md.append("| ").append(s).append(" |");
        Double previous = null;
        for (long n : sizes) {
          Optional<Figures> f =
              all.stream().filter(x -> x.stage().equals(s) && x.rows() == n).findFirst();
          if (f.isEmpty()) {
            md.append(" - |");
            continue;
          }
          double sec = f.get().seconds();
          md.append(
              previous == null
                  ? String.format(" %.2f |", sec)
                  : String.format(" %.2f (x%.2f) |", sec, sec / previous));
          previous = sec;
        }
        md.append("\n");
      }
    }
    return md.toString();
  }

  private Path outFile(String name) {
    return Path.of(out).resolve(name);
  }

  /** What the figures ran on. */
  static Map<String, Object> machine(String master) {
    Map<String, Object> m = new LinkedHashMap<>();
    int cores = Runtime.getRuntime().availableProcessors();
    long heapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    String cpu = cpuModel();
    m.put("cpu", cpu);
    m.put("cores", cores);
    m.put("driver_heap_mb", heapMb);
    m.put("spark_master", master);
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("load_average_at_end", Math.round(load * 100) / 100.0);
    m.put(
        "summary",
        String.format(
            "%s, %d cores, driver heap %,d MB, Spark %s, Java %s; load average %.1f when the run"
                + " ended",
            cpu, cores, heapMb, master, System.getProperty("java.version"), load));
    return m;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException | UncheckedIOException e) {
      return "unknown CPU";
    }
  }

  /** Both demo feature tables built for every day, vs one plain read + write of the source. */
  static Figures features(LakehouseTables tables, long rows) {
    PipelineDefinition def = DemoCommand.bundledDefinition();
    LocalDate end = START.plusDays(DAYS - 1L);
    double floor =
        BenchFeatures.time(
            () -> {
              tables
                  .read(BallastTable.TRANSACTIONS.name())
                  .write()
                  .format("delta")
                  .mode(SaveMode.Overwrite)
                  .partitionBy("ds")
                  .save(tables.lakehouse().tablePath("bench_floor"));
              return null;
            });
    double build = 0;
    for (FeatureTable t : def.featureTables()) {
      build +=
          BenchFeatures.time(
              () ->
                  FeatureBuildJob.run(
                      tables, def, new FeatureBuildJob.Params(t.name(), START, end, true, true)));
    }
    int n = def.featureTables().size();
    return new Figures("features", rows, build, floor * n, Map.of("tables", n));
  }

  /** The quality bench: 22 constraints in one Deequ analysis vs one plain scan. */
  static Figures quality(LakehouseTables tables, long rows) {
    QualityBench.Result r = QualityBench.run(tables, rows);
    return new Figures(
        "quality", rows, r.seconds(), r.floorSeconds(), Map.of("constraints", r.constraints()));
  }

  /** Scoring every generated day with a registered model vs a plain read and write. */
  static Figures scoring(LakehouseTables tables, long rows) {
    ScoringBench.Result r =
        ScoringBench.run(
            tables,
            DemoCommand.bundledDefinition(),
            rows,
            7,
            1,
            new java.io.PrintWriter(java.io.Writer.nullWriter()));
    return new Figures("scoring", rows, r.seconds(), r.floorSeconds(), Map.of());
  }

  /** Drift of 20 features over 30 partitions in one pass vs one plain scan. */
  static Figures drift(LakehouseTables tables, long rows) {
    DriftBench.Result r = DriftBench.run(tables, rows);
    return new Figures(
        "drift",
        rows,
        r.seconds(),
        r.floorSeconds(),
        Map.of("loop_seconds", BenchFeatures.round(r.loopSeconds())));
  }

  /** Logistic regression and XGBoost fitted on the synthetic set vs one plain pass over it. */
  static Figures train(LakehouseTables tables, long rows) {
    double floor =
        BenchFeatures.time(
            () -> {
              TrainBench.synthetic(tables.spark(), rows)
                  .write()
                  .format("noop")
                  .mode("overwrite")
                  .save();
              return null;
            });
    List<TrainBench.Figures> figures =
        TrainBench.run(
            tables.spark(),
            rows,
            List.of(Algorithm.LOGISTIC_REGRESSION, Algorithm.XGBOOST),
            TrainBench.DEFAULT_TREES);
    Map<String, Object> extra = new LinkedHashMap<>();
    double seconds = 0;
    for (TrainBench.Figures f : figures) {
      seconds += f.seconds();
      extra.put(f.algorithm() + "_seconds", BenchFeatures.round(f.seconds()));
      extra.put(f.algorithm() + "_test_auc", BenchFeatures.round(f.testAuc()));
    }
    return new Figures("train", rows, seconds, floor, extra);
  }
}
