package io.ballast.validation.model;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ballast.features.config.ValidationSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Every metric of scored rows, per group of key columns, in one aggregation of the rows by (keys,
 * score) followed by window sums over that much smaller table: no job per group, no sort of the
 * rows themselves. Rows carry a weight (1, or a bootstrap replicate's Poisson weight), so the same
 * transform serves the test metrics and the bootstrap.
 *
 * <p>Definitions (weights w, label y in {0, 1}, score s):
 *
 * <ul>
 *   <li>roc_auc: the probability that a positive outscores a negative, ties counted half
 *       (Mann-Whitney; equals the average-rank formula);
 *   <li>pr_auc: average precision, sum over distinct scores (high to low) of the recall gained
 *       times the precision at that score (all rows with a tied score enter together);
 *   <li>log_loss (scores clipped to [1e-15, 1 - 1e-15]), brier = mean (s - y)^2;
 *   <li>ece: sum over equal-width score bins of |positives - sum of scores| / rows;
 *   <li>precision, recall, f1 at {@code s >= threshold};
 *   <li>precision_at_top_k: positives among the ceil(k% of rows) highest scores; a group of tied
 *       scores that straddles the cut counts pro rata (random tie-breaking's expectation);
 *   <li>rmse, mae, r2 of the score as a prediction of the label (regression).
 * </ul>
 *
 * Undefined values (e.g. roc_auc of a slice without positives) are null, never NaN.
 */
public final class ScoreMetrics {
  public static final String SCORE = "score";
  public static final String LABEL = "label";
  public static final String WEIGHT = "weight";
  private static final double EPS = 1e-15;

  /** Metric settings. */
  public record Params(double threshold, double topKPercent, int eceBins) {}

  /** Output columns besides the keys: the counts and metrics, then the confusion counts. */
  public static final List<String> METRICS = metrics();

  public static final List<String> COUNTS = List.of("tp", "fp", "fn", "tn");

  private ScoreMetrics() {}

  /** One row per distinct key: {@code keys..., METRICS..., COUNTS...}. */
  public static Dataset<Row> compute(Dataset<Row> in, List<String> keys, Params p) {
    List<String> missing = new ArrayList<>();
    List<String> have = List.of(in.columns());
    for (String c : concat(keys, List.of(SCORE, LABEL, WEIGHT))) {
      if (!have.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("score metrics need columns " + missing + "; have " + have);
    }
    Column w = col(WEIGHT);
    Column y = col(LABEL).cast("double");
    Column s = col(SCORE).cast("double");
    Column sc = least(greatest(s, lit(EPS)), lit(1 - EPS));
    Column loss = y.multiply(log(sc)).plus(lit(1).minus(y).multiply(log(lit(1).minus(sc))));
    List<Column> groupCols = new ArrayList<>();
    keys.forEach(k -> groupCols.add(col(k)));
    groupCols.add(s.as(SCORE));
    Dataset<Row> g =
        in.where(w.gt(0))
            .groupBy(groupCols.toArray(Column[]::new))
            .agg(
                sum(w).as("n"),
                sum(w.multiply(y)).as("pos"),
                sum(w.multiply(loss)).multiply(-1).as("ll"),
                sum(w.multiply(pow(s.minus(y), 2))).as("sq"),
                sum(w.multiply(abs(s.minus(y)))).as("ab"),
                sum(w.multiply(y).multiply(y)).as("syy"));

    Column[] part = keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    WindowSpec all = Window.partitionBy(part);
    WindowSpec down =
        Window.partitionBy(part)
            .orderBy(col(SCORE).desc())
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column bin = least(floor(col(SCORE).multiply(p.eceBins())), lit(p.eceBins() - 1));
    List<Column> binPart = new ArrayList<>(List.of(part));
    binPart.add(col("bin"));
    WindowSpec inBin = Window.partitionBy(binPart.toArray(Column[]::new));

    Dataset<Row> c =
        g.withColumn("tot_n", sum("n").over(all))
            .withColumn("tot_pos", sum("pos").over(all))
            .withColumn("cum_n", sum("n").over(down))
            .withColumn("cum_pos", sum("pos").over(down))
            .withColumn("bin", bin)
            .withColumn("bin_n", sum("n").over(inBin))
            .withColumn("bin_gap", sum(col("pos").minus(col(SCORE).multiply(col("n")))).over(inBin))
            .withColumn(
                "k", greatest(lit(1.0), ceil(col("tot_n").multiply(p.topKPercent() / 100))));
    Column neg = col("n").minus(col("pos"));
    Column totNeg = col("tot_n").minus(col("tot_pos"));
    Column cumNeg = col("cum_n").minus(col("cum_pos"));
    Column negBelow = totNeg.minus(cumNeg);
    Column above = col(SCORE).geq(p.threshold());
    Column before = col("cum_n").minus(col("n"));
    Column topTp =
        when(col("cum_n").leq(col("k")), col("pos"))
            .when(before.lt(col("k")), col("pos").multiply(col("k").minus(before)).divide(col("n")))
            .otherwise(0.0);

    List<Column> aggs = new ArrayList<>();
    aggs.add(first("tot_n").as("_n"));
    aggs.add(first("tot_pos").as("_pos"));
    aggs.add(first("k").as("_k"));
    aggs.add(sum(col("pos").multiply(negBelow.plus(neg.multiply(0.5)))).as("_auc"));
    aggs.add(sum(col("pos").multiply(col("cum_pos")).divide(col("cum_n"))).as("_ap"));
    aggs.add(sum("ll").as("_ll"));
    aggs.add(sum("sq").as("_sq"));
    aggs.add(sum("ab").as("_ab"));
    aggs.add(sum("syy").as("_syy"));
    aggs.add(sum(abs(col("bin_gap")).multiply(col("n")).divide(col("bin_n"))).as("_ece"));
    aggs.add(sum(when(above, col("pos")).otherwise(0.0)).as("_tp"));
    aggs.add(sum(when(above, col("n")).otherwise(0.0)).as("_pp"));
    aggs.add(sum(topTp).as("_topk"));
    Dataset<Row> a =
        c.groupBy(part).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));

    Column n = col("_n");
    Column pos = col("_pos");
    Column negs = n.minus(pos);
    Column tp = col("_tp");
    Column pp = col("_pp");
    Column sst = col("_syy").minus(pos.multiply(pos).divide(n));
    List<Column> out = new ArrayList<>(List.of(part));
    out.add(n.as("rows"));
    out.add(pos.as("positives"));
    out.add(when(pos.gt(0).and(negs.gt(0)), col("_auc").divide(pos.multiply(negs))).as("roc_auc"));
    out.add(when(pos.gt(0), col("_ap").divide(pos)).as("pr_auc"));
    out.add(col("_ll").divide(n).as("log_loss"));
    out.add(col("_sq").divide(n).as("brier"));
    out.add(col("_ece").divide(n).as("ece"));
    out.add(when(pp.gt(0), tp.divide(pp)).as("precision"));
    out.add(when(pos.gt(0), tp.divide(pos)).as("recall"));
    out.add(when(pp.plus(pos).gt(0), tp.multiply(2).divide(pp.plus(pos))).as("f1"));
    out.add(col("_topk").divide(col("_k")).as("precision_at_top_k"));
    out.add(sqrt(col("_sq").divide(n)).as("rmse"));
    out.add(col("_ab").divide(n).as("mae"));
    out.add(when(sst.gt(0), lit(1).minus(col("_sq").divide(sst))).as("r2"));
    out.add(tp.as("tp"));
    out.add(pp.minus(tp).as("fp"));
    out.add(pos.minus(tp).as("fn"));
    out.add(negs.minus(pp.minus(tp)).as("tn"));
    return a.select(out.toArray(Column[]::new));
  }

  private static List<String> metrics() {
    List<String> all = new ArrayList<>(ValidationSpec.COUNTS);
    all.addAll(ValidationSpec.CLASSIFICATION_METRICS);
    all.addAll(ValidationSpec.REGRESSION_METRICS);
    return List.copyOf(all);
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
