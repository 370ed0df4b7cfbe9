package io.ballast.jobs.cli;

import io.ballast.jobs.report.ReportJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ballast report}: the self-contained HTML monitoring report. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write a self-contained HTML monitoring report (inline SVG charts, no scripts, no network"
          + " needed to open it; readable on a desktop or a phone): a drift heatmap (day x"
          + " feature, injected faults marked), data quality over time with failed checks and"
          + " anomalies, model metrics by version and slice, validation gates and promotion"
          + " history (and why there is no champion), prediction volume and the champion's (else"
          + " the challenger's) score distribution per day.",
      "A section whose table does not exist yet says which command fills it."
    })
final class ReportCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "report.html",
      description = "Where to write the report (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--statistic",
      defaultValue = "psi",
      description =
          "Drift statistic for the heatmap (psi, js_distance, ks_statistic, wasserstein, ...;"
              + " default ${DEFAULT-VALUE}; the most frequent one if absent).")
  String statistic;

  @Option(
      names = "--comparison",
      defaultValue = "baseline",
      description =
          "Drift comparison: baseline, previous, or a seasonal baseline's (rolling_7d,"
              + " same_weekday_4; drift.baseline) (default ${DEFAULT-VALUE}).")
  String comparison;

  @Option(
      names = "--metric",
      defaultValue = "roc_auc",
      description = "Model metric to chart by version and slice (default ${DEFAULT-VALUE}).")
  String metric;

  @Override
  public Integer call() {
    var tables = root.context().tables();
    tables.checkReachable();
    ReportJob.Result r =
        ReportJob.run(tables, new ReportJob.Params(out, statistic, comparison, metric));
    var w = spec.commandLine().getOut();
    w.printf(
        "Report written to %s (%,d bytes; sections with data: %s)%n",
        r.path(), r.bytes(), r.sectionsWithData());
    w.flush();
    return Exits.OK;
  }
}
