package io.ballast.jobs.cli;

import io.ballast.features.lakehouse.CatalogComments;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.lakehouse.TableDocs;
import io.ballast.features.lakehouse.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ballast tables}: what the lakehouse holds. */
@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description =
        "List the lakehouse's tables with their kind, current Delta version, rows and last write"
            + " (row counts from Delta file statistics, not a scan).")
final class TablesCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "One JSON object a table instead of a text table.")
  boolean json;

  @Option(
      names = "--apply-comments",
      description =
          "First write each table's documented table and column comments into its Delta"
              + " metadata (one metadata-only commit per table whose comments differ; none if"
              + " they are current).")
  boolean applyComments;

  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      description =
          "With --apply-comments: also comment each feature column with its definition from this"
              + " pipeline definition.")
  java.nio.file.Path pipeline;

  @Override
  public Integer call() {
    LakehouseTables tables = root.context().tables();
    tables.checkReachable();
    if (applyComments) {
      CatalogComments.applyAll(
          tables,
          pipeline == null
              ? java.util.Map.of()
              : TableDocs.featureColumns(
                  new io.ballast.features.config.PipelineLoader(
                          new io.ballast.features.config.SparkExpressionParser())
                      .load(pipeline)));
    }
    List<TableInfo> infos = tables.describeAll();
    var out = spec.commandLine().getOut();
    if (json) {
      infos.forEach(i -> out.println(Output.json(i)));
      out.flush();
      return Exits.OK;
    }
    print(infos, tables, out);
    return Exits.OK;
  }

  static void print(LakehouseTables tables, java.io.PrintWriter out) {
    print(tables.describeAll(), tables, out);
  }

  private static void print(
      List<TableInfo> infos, LakehouseTables tables, java.io.PrintWriter out) {
    if (infos.isEmpty()) {
      out.println("No tables in " + tables.lakehouse() + " yet. Run: ./ballast demo");
      out.flush();
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (TableInfo i : infos) {
      rows.add(
          List.of(
              "ballast." + i.name(),
              i.kind(),
              String.valueOf(i.version()),
              String.format("%,d", i.rows()),
              String.join(",", i.partitionColumns()),
              String.valueOf(i.files()),
              i.lastWrite().toString(),
              i.lastOperation()));
    }
    Output.table(
        out,
        List.of(
            "table",
            "kind",
            "version",
            "rows",
            "partitioned by",
            "files",
            "last write",
            "operation"),
        rows);
  }
}
