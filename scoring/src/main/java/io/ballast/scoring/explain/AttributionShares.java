package io.ballast.scoring.explain;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How much of a model's attribution each feature takes, over many explained rows: per feature the
 * mean absolute attribution and its share of the sum over features. Shares are what attribution
 * drift compares with the training baseline; the means are the model card's global importance.
 *
 * <p>The sums come from one grouped aggregation of {@link Explanations#EXPLANATION} exploded, by
 * (group columns, feature): its sum of |attribution| and, on the element at position 0, the number
 * of rows (each explained row has exactly one first element). A row counts only when its
 * explanation lists at least {@code features} entries, i.e. every feature (scored with {@code
 * --top} below the number of features, a row lists only its largest attributions and would
 * overstate those features' shares): such rows are counted apart, as {@link #PARTIAL}, so a caller
 * can say why it has no shares.
 */
public final class AttributionShares {
  /** The pseudo-feature under which rows whose explanation lists too few features are counted. */
  public static final String PARTIAL = "__partial__";

  static final String FEATURE = "_feature";
  static final String ABS_SUM = "_abs_sum";
  static final String ROWS = "_rows";

  private AttributionShares() {}

  /** One feature's global importance. */
  public record Importance(String feature, double meanAbsolute, double share) {}

  /**
   * The grouped sums (lazy): columns {@code groups...}, {@link #FEATURE}, {@link #ABS_SUM} (sum of
   * |attribution|, 0 for {@link #PARTIAL}) and {@link #ROWS} (rows whose first feature this is;
   * summed over a group's features: its complete rows). Rows without an explanation are left out.
   *
   * @param features how many features a complete explanation lists
   */
  public static Dataset<Row> sums(Dataset<Row> explained, List<Column> groups, int features) {
    Column complete = size(col(Explanations.EXPLANATION)).geq(features);
    List<Column> key = new ArrayList<>();
    List<Column> aliased = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      aliased.add(groups.get(i).as("_g" + i));
      key.add(col("_g" + i));
    }
    aliased.add(complete.as("_complete"));
    aliased.add(posexplode(col(Explanations.EXPLANATION)).as(new String[] {"_pos", "_e"}));
    Dataset<Row> exploded =
        explained
            .where(col(Explanations.EXPLANATION).isNotNull())
            .select(aliased.toArray(Column[]::new));
    key.add(when(col("_complete"), col("_e.feature")).otherwise(lit(PARTIAL)).as(FEATURE));
    return exploded
        .groupBy(key.toArray(Column[]::new))
        .agg(
            sum(when(col("_complete"), abs(col("_e.attribution"))).otherwise(lit(0.0))).as(ABS_SUM),
            sum(when(col("_pos").equalTo(0), lit(1L)).otherwise(lit(0L))).as(ROWS));
  }

  /**
   * Mean |attribution| and share per feature from one group's sums (feature -> sum of |attribution|
   * over {@code rows} complete rows), largest first (ties: by name). Empty when there are no rows
   * or no attribution at all (shares are undefined).
   */
  public static List<Importance> importance(Map<String, Double> absSums, long rows) {
    double total = absSums.values().stream().mapToDouble(Double::doubleValue).sum();
    if (rows <= 0 || total <= 0) {
      return List.of();
    }
    List<Importance> out = new ArrayList<>();
    absSums.forEach((f, s) -> out.add(new Importance(f, s / rows, s / total)));
    out.sort(
        Comparator.comparingDouble((Importance i) -> -i.meanAbsolute())
            .thenComparing(Importance::feature));
    return List.copyOf(out);
  }

  /** Feature -> share, from {@link #importance}. */
  public static Map<String, Double> shares(List<Importance> importance) {
    Map<String, Double> out = new LinkedHashMap<>();
    importance.forEach(i -> out.put(i.feature(), i.share()));
    return out;
  }
}
