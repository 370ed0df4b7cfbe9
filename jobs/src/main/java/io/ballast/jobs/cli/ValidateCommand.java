package io.ballast.jobs.cli;

import io.ballast.features.build.SourceReader;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.preflight.DefinitionCheck;
import io.ballast.features.preflight.DefinitionReport;
import io.ballast.features.preflight.SourceHistory;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ballast validate}: a definition against the lakehouse's tables, writing nothing. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a pipeline definition against the tables it names, without running a stage or"
          + " writing anything: sources readable, time/partition/key columns present with usable"
          + " types, every feature, label, filter and quality predicate resolving against its"
          + " source's schema, model features declared, windows against the history held.",
      "Prints one line per problem with its place in the file and the fix; exits 2 on any error"
          + " (windows longer than the history are warnings)."
    })
final class ValidateCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--pipeline",
      required = true,
      paramLabel = "FILE",
      description = "The pipeline definition (YAML) to check.")
  String pipeline;

  @Override
  public Integer call() {
    PipelineDefinition def = PipelineOption.load(pipeline);
    LakehouseTables tables = root.context().tables();
    tables.checkReachable();
    tables.spark().sparkContext().setJobDescription("ballast validate " + def.name());
    DefinitionReport report =
        new DefinitionCheck(tables.spark(), new SourceReader(tables)).check(def);
    PrintWriter out = spec.commandLine().getOut();
    report.problems().forEach(p -> out.println(p.line()));
    for (SourceHistory h : report.sources()) {
      out.println(
          "source "
              + h.name()
              + " ("
              + h.location()
              + "): "
              + h.days()
              + " day(s) of history"
              + h.first().map(f -> ", " + f + " .. " + h.last().get()).orElse(""));
    }
    out.flush();
    if (!report.ok()) {
      throw CliErrors.definitionDoesNotMatchTables(pipeline, report.blocking().size());
    }
    long warnings = report.problems().stream().filter(p -> !p.blocking()).count();
    out.println(
        "OK: "
            + def.name()
            + " matches the lakehouse ("
            + def.sources().size()
            + " source(s), "
            + def.featureTables().size()
            + " feature table(s), "
            + def.featureNames().size()
            + " feature(s), "
            + def.models().size()
            + " model(s)"
            + (warnings == 0 ? "" : ", " + warnings + " warning(s)")
            + "). Nothing was written.");
    out.flush();
    return Exits.OK;
  }
}
