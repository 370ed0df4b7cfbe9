package io.ballast.features.preflight;

import io.ballast.features.config.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Names and expressions against a schema, for {@link DefinitionCheck}: each miss a problem. */
final class SchemaChecks {
  private final SparkSession spark;

  SchemaChecks(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * The type of {@code expr} over a row of {@code schema}, or a problem when it does not resolve.
   */
  Optional<DataType> resolve(
      String at, String expr, StructType schema, Source src, List<DefinitionProblem> problems) {
    try {
      Dataset<Row> empty = spark.createDataFrame(new ArrayList<Row>(), schema);
      return Optional.of(empty.selectExpr(expr).schema().fields()[0].dataType());
    } catch (Exception e) {
      if (!(e instanceof AnalysisException)
          && !(e instanceof org.apache.spark.sql.catalyst.parser.ParseException)) {
        throw e;
      }
      problems.add(
          error(
              at,
              "'"
                  + expr
                  + "' does not resolve against "
                  + src.location()
                  + ": "
                  + firstLine(e.getMessage()),
              "Use only columns of "
                  + src.location()
                  + " ("
                  + String.join(", ", Arrays.asList(schema.fieldNames()))
                  + ")"));
      return Optional.empty();
    }
  }

  static boolean column(
      String at, String name, Source s, StructType schema, List<DefinitionProblem> problems) {
    if (Arrays.asList(schema.fieldNames()).contains(name)) {
      return true;
    }
    problems.add(
        error(
            at,
            s.location() + " has no column " + name,
            "Name one of its columns (" + String.join(", ", schema.fieldNames()) + ")"));
    return false;
  }

  static boolean timeColumn(
      String at, String name, Source s, StructType schema, List<DefinitionProblem> problems) {
    if (!column(at, name, s, schema, problems)) {
      return false;
    }
    DataType type = schema.apply(name).dataType();
    if (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.TimestampNTZType)) {
      return true;
    }
    problems.add(
        error(
            at,
            "column "
                + name
                + " of "
                + s.location()
                + " is "
                + type.simpleString()
                + ", not a timestamp",
            "Store it as a timestamp, or name a timestamp column"));
    return false;
  }

  static DefinitionProblem error(String at, String problem, String fix) {
    return new DefinitionProblem(at, problem, fix, true);
  }

  static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }
}
