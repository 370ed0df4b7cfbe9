package io.ballast.jobs.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ballast sql}: any Spark SQL over the lakehouse catalog. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run Spark SQL over the lakehouse. Tables are ballast.<name>, e.g.",
      "  ballast sql \"SELECT ds, count(*) FROM ballast.transactions GROUP BY ds ORDER BY ds\"",
      "Time travel: SELECT * FROM ballast.transactions VERSION AS OF 0",
      "Any number of processes may query while a pipeline writes: the catalog is the"
          + " lakehouse folder itself."
    })
final class SqlCommand implements Callable<Integer> {
  enum Format {
    table,
    csv,
    json
  }

  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL statement.")
  String query;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (one object a line); default ${DEFAULT-VALUE}.")
  Format format;

  @Option(
      names = "--max-rows",
      defaultValue = "1000",
      description = "Most rows printed (default ${DEFAULT-VALUE}).")
  int maxRows;

  @Override
  public Integer call() {
    SparkSession spark = root.context().spark();
    Dataset<Row> df;
    List<Row> rows;
    try {
      df = spark.sql(query);
      rows = df.limit(maxRows + 1).collectAsList();
    } catch (Exception e) {
      if (Exits.userError(e) != null) {
        throw e; // e.g. the lakehouse refused the credentials while resolving a table
      }
      // Spark's Scala code throws AnalysisException (checked in Java) without declaring it.
      if (e instanceof AnalysisException
          || e.getClass().getName().startsWith("org.apache.spark.sql")) {
        throw CliErrors.sqlFailed(query, e);
      }
      throw e;
    }
    List<String> header = Arrays.asList(df.columns());
    boolean cut = rows.size() > maxRows;
    if (cut) {
      rows = rows.subList(0, maxRows);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      List<List<Object>> values = new ArrayList<>();
      for (Row r : rows) {
        List<Object> v = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
          v.add(jsonValue(r.get(i)));
        }
        values.add(v);
      }
      Output.jsonLines(out, header, values);
    } else {
      List<List<String>> text = new ArrayList<>();
      for (Row r : rows) {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
          v.add(r.isNullAt(i) ? (format == Format.csv ? "" : "NULL") : String.valueOf(r.get(i)));
        }
        text.add(v);
      }
      if (format == Format.csv) {
        Output.csv(out, header, text);
      } else {
        Output.table(out, header, text);
      }
    }
    if (cut) {
      spec.commandLine()
          .getErr()
          .println("(showing the first " + maxRows + " rows; raise --max-rows for more)");
    }
    return Exits.OK;
  }

  private static Object jsonValue(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
      return v;
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      List<Object> out = new ArrayList<>();
      scala.collection.JavaConverters.seqAsJavaList(seq).forEach(x -> out.add(jsonValue(x)));
      return out;
    }
    return String.valueOf(v);
  }
}
