package io.ballast.features.build;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.collection.JavaConverters;

/**
 * Columns a definition computes from each source row (an expression {@code known_at}, derived
 * entity keys), added when the source is read so that every later step sees plain columns.
 *
 * <p>A derived column is added to a source that has every column its expression reads and no column
 * of its name; a key made of columns the source lacks (a label table without them) is left out
 * there, and {@code ballast validate} names the source where a key it needs does not resolve.
 */
public final class DerivedColumns {
  private DerivedColumns() {}

  /** {@code raw} with each applicable derived column appended: one projection, no Spark job. */
  public static Dataset<Row> add(Dataset<Row> raw, Map<String, String> derived) {
    List<String> applicable = applicable(raw.columns(), derived);
    if (applicable.isEmpty()) {
      return raw;
    }
    List<Column> cols = new ArrayList<>();
    cols.add(col("*"));
    applicable.forEach(n -> cols.add(expr(derived.get(n)).as(n)));
    return raw.select(cols.toArray(new Column[0]));
  }

  /** The derived columns that apply to a source with these columns, in declaration order. */
  public static List<String> applicable(String[] columns, Map<String, String> derived) {
    Set<String> have = new HashSet<>();
    for (String c : columns) {
      have.add(c.toLowerCase(Locale.ROOT));
    }
    List<String> out = new ArrayList<>();
    derived.forEach(
        (name, expression) -> {
          if (!have.contains(name.toLowerCase(Locale.ROOT))
              && have.containsAll(references(expression))) {
            out.add(name);
          }
        });
    return out;
  }

  /**
   * The top-level columns an expression reads, lower-cased (a struct field {@code a.b} reads {@code
   * a}). An expression that does not parse reads nothing here; the loader reports it.
   */
  static Set<String> references(String expression) {
    Set<String> out = new HashSet<>();
    Expression parsed;
    try {
      parsed = CatalystSqlParser$.MODULE$.parseExpression(expression);
    } catch (Exception e) { // ParseException: reported with its place by the loader
      return out;
    }
    collect(parsed, out);
    return out;
  }

  private static void collect(Expression e, Set<String> out) {
    if (e instanceof UnresolvedAttribute a) {
      out.add(a.nameParts().head().toLowerCase(Locale.ROOT));
      return;
    }
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      collect(child, out);
    }
  }
}
