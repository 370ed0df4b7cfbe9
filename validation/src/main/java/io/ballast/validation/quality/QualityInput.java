package io.ballast.validation.quality;

import io.ballast.features.lakehouse.LakehouseTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The data a quality run reads: one pinned Delta version of the table, checked against the plan
 * before any Spark job (every missing column and every unresolvable predicate named at once).
 */
public record QualityInput(Dataset<Row> data, long version) {

  /** Reads the table's current version, pinned, and checks the plan against its schema. */
  public static QualityInput open(LakehouseTables tables, QualityTarget target, QualityPlan plan) {
    Dataset<Row> current = tables.read(target.table());
    String path = tables.lakehouse().tablePath(target.table());
    long version =
        io.delta.tables.DeltaTable.forPath(tables.spark(), path)
            .history(1)
            .select("version")
            .first()
            .getLong(0);
    Dataset<Row> pinned =
        tables.spark().read().format("delta").option("versionAsOf", version).load(path);
    requireColumns(pinned, target, plan);
    return new QualityInput(pinned, version);
  }

  /** Throws a user error naming every column and predicate the table cannot satisfy. */
  static void requireColumns(Dataset<Row> data, QualityTarget target, QualityPlan plan) {
    Set<String> have = new TreeSet<>(Arrays.asList(data.columns()));
    List<String> problems = new ArrayList<>();
    Set<String> missing = new TreeSet<>(plan.columns());
    missing.add(target.partitionColumn());
    missing.removeAll(have);
    if (!missing.isEmpty()) {
      problems.add("missing columns " + missing);
    }
    for (Map.Entry<String, String> p : plan.sqlPredicates().entrySet()) {
      try {
        data.selectExpr(p.getValue()).schema(); // analysis only: no Spark job
      } catch (Exception e) { // AnalysisException: checked in Java, undeclared by Scala
        if (!(e instanceof AnalysisException)) {
          throw e;
        }
        problems.add(
            "check '"
                + p.getKey()
                + "': predicate '"
                + p.getValue()
                + "' does not resolve: "
                + firstLine(e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw QualityErrors.qualityColumnsMissing(target.qualified(), problems, List.copyOf(have));
    }
  }

  /** The data with the plan's derived columns added (a projection; no job). */
  public static Dataset<Row> withDerived(Dataset<Row> data, QualityPlan plan) {
    List<String> exprs = new ArrayList<>();
    exprs.add("*");
    plan.derivedColumns().forEach((name, e) -> exprs.add(e + " AS " + QualityPlan.q(name)));
    return exprs.size() == 1 ? data : data.selectExpr(exprs.toArray(String[]::new));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
