package io.ballast.jobs.bench;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.config.Algorithm;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.jobs.Ballast;
import io.ballast.jobs.cli.DemoCommand;
import io.ballast.jobs.cli.Exits;
import io.ballast.jobs.cli.LocalRunner;
import io.ballast.jobs.cli.Output;
import io.ballast.jobs.cli.PipelineOption;
import io.ballast.jobs.tracking.Tracking;
import io.ballast.jobs.train.TrainJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SaveMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ballast bench daily}: the job users pay for every day. A lakehouse with {@code
 * --history-days} of the demo workload (quality metrics, feature tables, a champion with its
 * training baseline), then ONE new day through the whole daily graph with the local runner, as
 * {@code pipeline run} runs it (source checks, feature builds and their gates, scoring, feature and
 * prediction drift, live performance), against one plain Delta read and write of that day's rows.
 * JVM and session start are reported apart: they are paid once here, once per task under Airflow.
 *
 * <p>The history is a steady state, as a user's daily run has it: clean source days are generated
 * before it ({@link DemoCommand#warmupDays}, as the demo does; not checked, not built), so every
 * trailing window of the history, of the champion's training window and of the measured day is
 * full. Without them a short history trained the champion on windows still filling up (its 7- and
 * 30-day features and its score biased low), and the drift of the clean measured day against that
 * baseline was found on every windowed feature (issue 21).
 */
@Command(
    name = "daily",
    mixinStandardHelpOptions = true,
    description = {
      "One new day of --rows-per-day payments through the whole daily graph (local runner, one"
          + " session), after --history-days days of history, vs one plain read and write of"
          + " that day's rows. Last line: one JSON object."
    })
final class BenchDaily implements Callable<Integer> {
  static final LocalDate START = LocalDate.of(2026, 1, 1);
  static final String MODEL = "fraud_model";

  @ParentCommand BenchCommand parent;

  @Option(
      names = "--rows-per-day",
      defaultValue = "1000000",
      description = "Payments a day (default ${DEFAULT-VALUE}).")
  long rowsPerDay;

  @Option(
      names = "--history-days",
      defaultValue = "60",
      description =
          "Days before the measured day, checked and built (at least 21: labels take 10 days to"
              + " mature; default ${DEFAULT-VALUE}); clean source days are generated before"
              + " them so that every window is full.")
  int historyDays;

  @Mixin BenchCommand.Work work;

  @Override
  public Integer call() {
    if (rowsPerDay < 1000 || rowsPerDay > 100_000_000L) {
      throw ArgumentErrors.badArgument(
          "--rows-per-day", String.valueOf(rowsPerDay), "expected 1000 to 100000000");
    }
    if (historyDays < 21 || historyDays > 400) {
      throw ArgumentErrors.badArgument(
          "--history-days",
          String.valueOf(historyDays),
          "expected 21 to 400 (training needs mature labels: 10 days, then 9 days of windows)");
    }
    PrintWriter out = parent.spec.commandLine().getOut();
    double jvmStart = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    long s0 = System.nanoTime();
    LakehouseTables tables = parent.tables(work.dir);
    tables.spark().range(1).count();
    double sessionStart = (System.nanoTime() - s0) / 1e9;
    String root = tables.lakehouse().root();
    Path definition = bundledDefinitionFile();
    PipelineDefinition def = PipelineOption.load(definition.toString());
    int warmup = DemoCommand.warmupDays(def);
    LocalDate day = START.plusDays(historyDays);
    LocalDate lastHistory = day.minusDays(1);

    out.printf(
        "bench daily: %d days of history (%,d payments a day, after %d warm-up days of source data"
            + " from %s) into %s, then %s%n",
        historyDays, rowsPerDay, warmup, START.minusDays(warmup), root, day);
    out.flush();
    long setup = System.nanoTime();
    cli(
        out,
        "generate",
        "--rows",
        String.valueOf(rowsPerDay * (warmup + historyDays + 1)),
        "--days",
        String.valueOf(warmup + historyDays + 1),
        "--start",
        START.minusDays(warmup).toString(),
        "--lakehouse",
        root);
    String from = START.toString();
    String to = lastHistory.toString();
    for (String source : List.of("transactions", "fraud_labels")) {
      cli(out, quality(definition, source, from, to, root));
    }
    for (var t : def.featureTables()) {
      cli(
          out,
          "features",
          "build",
          "--pipeline",
          definition.toString(),
          "--table",
          t.name(),
          "--from",
          from,
          "--to",
          to,
          "--lakehouse",
          root);
      cli(out, quality(definition, t.name(), from, to, root));
    }
    champion(tables, def, lastHistory, out);
    out.printf("  history ready in %.1f s%n", (System.nanoTime() - setup) / 1e9);
    out.flush();

    long t0 = System.nanoTime();
    LocalRunner.Outcome o =
        new LocalRunner(tables, root, new PrintWriter(new StringWriter()))
            .run(
                new LocalRunner.Options(definition.toString(), "daily", null, false, false),
                day,
                day,
                true);
    double daily = (System.nanoTime() - t0) / 1e9;
    double floor = floor(tables, day);
    long rows = tables.read("transactions").where("ds = '" + day + "'").count();

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("stage", "daily");
    json.put("rows", rows);
    json.put("history_days", historyDays);
    json.put("seconds", BenchFeatures.round(daily));
    json.put("floor_seconds", BenchFeatures.round(floor));
    json.put("ratio_to_floor", BenchFeatures.round(daily / floor));
    json.put("jvm_start_seconds", BenchFeatures.round(jvmStart));
    json.put("session_start_seconds", BenchFeatures.round(sessionStart));
    Map<String, Object> tasks = new LinkedHashMap<>();
    for (List<String> row : o.summary()) {
      out.printf("  %-28s %-8s %6s s %s%n", row.get(1), row.get(2), row.get(3), row.get(4));
      tasks.put(row.get(1), row.get(3).isEmpty() ? null : Double.parseDouble(row.get(3)));
    }
    json.put("tasks", tasks);
    json.put("failed", o.failed());
    out.printf(
        "daily: %,d payments through %d tasks in %.2f s; floor (read + write of the day's rows)"
            + " %.2f s; ratio %.2f; JVM start %.1f s and session start %.1f s apart (paid per"
            + " task under Airflow)%s%n",
        rows,
        o.summary().size(),
        daily,
        floor,
        daily / floor,
        jvmStart,
        sessionStart,
        o.failed() ? "; A TASK FAILED (see the table above)" : "");
    out.println(Output.json(json));
    out.flush();
    return o.failed() ? Exits.USER_ERROR : Exits.OK;
  }

  private static String[] quality(
      Path definition, String table, String from, String to, String root) {
    return new String[] {
      "quality",
      "check",
      "--pipeline",
      definition.toString(),
      "--table",
      table,
      "--from",
      from,
      "--to",
      to,
      "--lakehouse",
      root
    };
  }

  /**
   * A quick champion with its training baseline, as {@code train} + {@code model promote} leave it:
   * the definition's model replaced by a logistic regression without search (the measured day
   * scores with it; training is not what this measures).
   */
  private static void champion(
      LakehouseTables tables, PipelineDefinition def, LocalDate asOf, PrintWriter out) {
    ModelSpec quick =
        new ModelSpec(
            MODEL,
            Algorithm.LOGISTIC_REGRESSION,
            List.of(),
            List.of("merchant_category"),
            7,
            1,
            1,
            Map.of("maxIter", 10L),
            Optional.empty(),
            ModelSpec.ClassWeight.NONE);
    PipelineDefinition withQuick =
        new PipelineDefinition(
            def.name(),
            def.description(),
            def.schedule(),
            def.entities(),
            def.sources(),
            def.featureTables(),
            def.label(),
            def.hash(),
            def.file(),
            def.quality(),
            List.of(quick),
            def.drift(),
            def.monitoring());
    Tracking tracking = Tracking.embedded(tables);
    TrainJob.Result r =
        TrainJob.run(
            tables,
            withQuick,
            new TrainJob.Params(
                Optional.of(MODEL),
                asOf,
                Optional.empty(),
                Optional.of("bench daily"),
                Optional.empty(),
                "bench",
                Optional.empty()),
            tracking);
    tracking.registry().setAlias(MODEL, ModelRegistry.CHAMPION, r.version());
    out.printf("  %s version %s trained as of %s and made champion%n", MODEL, r.version(), asOf);
    out.flush();
  }

  /** One plain read of the day's payments and a Delta write of them: the floor. */
  private static double floor(LakehouseTables tables, LocalDate day) {
    long t0 = System.nanoTime();
    tables
        .read("transactions")
        .where("ds = '" + day + "'")
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .save(tables.lakehouse().tablePath("bench_daily_floor"));
    return (System.nanoTime() - t0) / 1e9;
  }

  /** A setup step, as a user runs it; a failed gate in the history is reported, not fatal. */
  private static void cli(PrintWriter out, String... args) {
    StringWriter err = new StringWriter();
    long t0 = System.nanoTime();
    int code =
        Ballast.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    double s = (System.nanoTime() - t0) / 1e9;
    List<String> shown = new ArrayList<>(List.of(args[0], args[1]));
    List<String> all = List.of(args);
    for (String flag : List.of("--table", "--rows", "--from", "--to")) {
      int i = all.indexOf(flag);
      if (i >= 0 && i + 1 < args.length) {
        shown.add(flag + " " + args[i + 1]);
      }
    }
    out.printf("  %s: exit %d in %.1f s%n", String.join(" ", shown), code, s);
    if (code != Exits.OK) {
      err.toString()
          .lines()
          .filter(l -> l.startsWith("error:"))
          .limit(3)
          .forEach(l -> out.println("    " + l));
      if (code != Exits.USER_ERROR && code != Exits.DRIFT) {
        throw new IllegalStateException(
            "bench daily: setup step failed (exit " + code + "): " + String.join(" ", args));
      }
    }
    out.flush();
  }

  private static Path bundledDefinitionFile() {
    try (InputStream in =
        BenchDaily.class.getClassLoader().getResourceAsStream(DemoCommand.DEMO_PIPELINE)) {
      Path f = Files.createTempFile("card_fraud", ".yaml");
      f.toFile().deleteOnExit();
      Files.write(f, in.readAllBytes());
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
