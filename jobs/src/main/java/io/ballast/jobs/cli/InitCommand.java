package io.ballast.jobs.cli;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.LakehouseErrors;
import io.ballast.features.OnboardErrors;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import io.ballast.features.lakehouse.Lakehouse;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.onboard.DefinitionDraft;
import io.ballast.features.onboard.TableProfile;
import io.ballast.features.onboard.TableProfiler;
import io.ballast.validation.quality.DeequAdapter;
import io.ballast.validation.quality.Suggestions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ballast init}: a first definition drafted from a table. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Draft a first pipeline definition from a table (one ballast source add wrote, or any"
          + " catalog table): the source, an entity, candidate features by column type with"
          + " trailing windows that fit the table's history, the label, quality checks suggested"
          + " by profiling the table, and a logistic-regression model with a gate; each section"
          + " with a comment. The file loads as a valid definition; check it against the"
          + " lakehouse with ballast validate --pipeline FILE."
    })
final class InitCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--from-table",
      required = true,
      paramLabel = "TABLE",
      description = "The table: NAME or ballast.NAME in the lakehouse, or a catalog table.")
  String fromTable;

  @Option(
      names = "--entity",
      required = true,
      paramLabel = "COL",
      description = "The column naming what is predicted about (a customer, an account).")
  String entity;

  @Option(
      names = "--event-time",
      required = true,
      paramLabel = "COL",
      description = "The timestamp column of each row.")
  String eventTime;

  @Option(
      names = "--label",
      required = true,
      paramLabel = "COL",
      description = "The 0/1 (or boolean) column to predict.")
  String label;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the definition here (never over an existing file); default: print it.")
  Path out;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The pipeline's name (default: the table's name).")
  String name;

  @Override
  public Integer call() {
    if (out != null && Files.exists(out)) {
      throw OnboardErrors.draftExists(out.toString());
    }
    LakehouseTables tables = root.context().tables();
    String prefix = Lakehouse.CATALOG + ".";
    String shortName =
        fromTable.toLowerCase(Locale.ROOT).startsWith(prefix)
            ? fromTable.substring(prefix.length())
            : fromTable;
    Dataset<Row> df;
    String tableRef;
    if (tables.exists(shortName)) {
      df = tables.read(shortName);
      tableRef = Lakehouse.qualified(shortName);
    } else if (tables.spark().catalog().tableExists(fromTable)) {
      df = tables.spark().table(fromTable);
      tableRef = fromTable;
      shortName = fromTable.substring(fromTable.lastIndexOf('.') + 1);
    } else {
      throw LakehouseErrors.tableNotFound(fromTable, tables.list());
    }
    String pipeline = name != null ? name : shortName;
    if (!pipeline.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw ArgumentErrors.badArgument(
          "--name", pipeline, "expected a name of letters, digits and _");
    }
    Optional<String> partition = dayPartition(df);
    TableProfile profile = TableProfiler.profile(df, tableRef, partition, entity, eventTime, label);

    tables.spark().sparkContext().setJobDescription("init " + tableRef + ": suggested checks");
    Dataset<Row> profiled = partition.map(df::drop).orElse(df);
    List<String> checks =
        new ArrayList<>(
            Suggestions.checks(DeequAdapter.suggest(profiled), Set.of(partition.orElse(""))));
    tables.spark().sparkContext().setJobDescription(null);
    checks.add(0, Suggestions.rowCount(profile.dailyRows()[0], profile.dailyRows()[1]));

    String yaml =
        DefinitionDraft.yaml(
            new DefinitionDraft.Request(pipeline, shortName, entity, eventTime, label),
            profile,
            checks);
    // what init writes must load: a draft that does not is a bug here, not the user's
    var def = new PipelineLoader(new SparkExpressionParser()).parse(yaml, "(drafted definition)");
    PrintWriter o = spec.commandLine().getOut();
    if (out == null) {
      o.print(yaml);
    } else {
      try {
        if (out.toAbsolutePath().getParent() != null) {
          Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, yaml);
      } catch (IOException e) {
        throw CliErrors.cannotWriteFile(out.toString(), e);
      }
      o.println(
          "wrote "
              + out
              + ": source "
              + shortName
              + " ("
              + tableRef
              + ", "
              + profile.rows()
              + " rows, "
              + profile.days()
              + " days), "
              + def.featureNames().size()
              + " features in "
              + def.featureTables().get(0).name()
              + ", "
              + def.quality().values().stream().mapToInt(q -> q.checks().size()).sum()
              + " quality checks, model "
              + def.models().get(0).name()
              + ". Next: ballast validate --pipeline "
              + out);
    }
    o.flush();
    return Exits.OK;
  }

  /** {@code ds} when the table has a day column of that name (as source add writes it). */
  private static Optional<String> dayPartition(Dataset<Row> df) {
    if (!Arrays.asList(df.columns()).contains("ds")) {
      return Optional.empty();
    }
    DataType t = df.schema().apply("ds").dataType();
    return t.equals(DataTypes.StringType) || t.equals(DataTypes.DateType)
        ? Optional.of("ds")
        : Optional.empty();
  }
}
