package io.ballast.validation.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.ballast.features.config.CheckType;
import io.ballast.features.config.QualityCheck;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The rows that break a row-level check, with the names of the checks each breaks: one projection
 * over the data (plus one shuffle per {@code unique} key, to count duplicates within a partition).
 */
public final class Quarantine {
  public static final String FAILED_CHECKS = "_failed_checks";

  private Quarantine() {}

  /** Whether the plan has row-level checks at all. */
  public static boolean applies(QualityPlan plan) {
    return plan.quality().checks().stream().anyMatch(c -> c.type().rowLevel());
  }

  /**
   * Rows of {@code in} failing at least one row-level check, with {@value #FAILED_CHECKS}: the
   * names of the checks they fail. Duplicates of a {@code unique} key count within a partition.
   */
  public static Dataset<Row> failingRows(
      Dataset<Row> in, QualityPlan plan, String partitionColumn) {
    List<Column> flags = new ArrayList<>();
    for (QualityCheck c : plan.quality().checks()) {
      if (c.type() == CheckType.UNIQUE) {
        List<Column> keys = new ArrayList<>();
        keys.add(col(partitionColumn));
        c.columns().forEach(k -> keys.add(col(k)));
        Column n = count(lit(1)).over(Window.partitionBy(keys.toArray(Column[]::new)));
        flags.add(when(n.gt(1), lit(c.name())));
      } else {
        plan.rowPredicate(c).ifPresent(p -> flags.add(when(not(expr(p)), lit(c.name()))));
      }
    }
    String[] original = in.columns();
    return in.withColumn("__flags", array(flags.toArray(Column[]::new)))
        .withColumn(FAILED_CHECKS, expr("filter(__flags, x -> x IS NOT NULL)"))
        .where("size(" + FAILED_CHECKS + ") > 0")
        .select(selectWith(original));
  }

  private static Column[] selectWith(String[] original) {
    List<Column> out = new ArrayList<>();
    for (String c : original) {
      out.add(col(c));
    }
    out.add(col(FAILED_CHECKS));
    return out.toArray(Column[]::new);
  }
}
