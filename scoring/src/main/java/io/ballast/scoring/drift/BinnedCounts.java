package io.ballast.scoring.drift;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * The one-pass transform behind baseline profiles: every feature binned in one projection, the rows
 * stacked to (partition, slice, slice value, feature, bin) and counted in ONE groupBy over all
 * partitions, slices and features; a categorical feature can be grouped by its raw values (a
 * profile finds its categories this way). The result is small (partitions x slices x features x
 * bins). Drift, whose bins are all known, counts the same cells faster with {@link BinTally}.
 *
 * <p>Numeric values that are null, NaN or infinite count as null (bin null). A categorical feature
 * is binned by its kept categories (else the "other" bin) or, when profiling, by its raw value.
 */
public final class BinnedCounts {
  public static final String ALL = "all";
  static final String NULL_SLICE_VALUE = "null";

  private BinnedCounts() {}

  /**
   * How one feature is binned.
   *
   * @param edges numeric: the cut points (empty when profiling a numeric feature: only nulls and
   *     moments are counted, in bin 0)
   * @param categories categorical: the kept categories, or empty to group by the raw value
   */
  public record Binner(
      String feature,
      FeatureProfile.Kind kind,
      double[] edges,
      Optional<List<String>> categories) {}

  /**
   * Output columns: {@code ds, slice, slice_value, f (feature index), b (bin, null for null
   * values), c (raw category when profiling), n, s (value sum), ss (sum of squares)}.
   *
   * @param partition the partition column (a constant partition when empty, e.g. a training set)
   * @param slices SQL expressions; each value (as text) is a slice besides 'all'
   */
  public static Dataset<Row> of(
      Dataset<Row> in, Optional<String> partition, List<String> slices, List<Binner> binners) {
    List<Column> projected = new ArrayList<>();
    projected.add(partition.map(p -> col(p).cast("string")).orElse(lit(ALL)).as("ds"));
    for (int i = 0; i < slices.size(); i++) {
      projected.add(expr(slices.get(i)).cast("string").as("_slice" + i));
    }
    List<Column> stacked = new ArrayList<>();
    for (int f = 0; f < binners.size(); f++) {
      Binner b = binners.get(f);
      Column raw = col("`" + b.feature() + "`");
      Column bin;
      Column cat = lit(null).cast(DataTypes.StringType);
      Column value = lit(null).cast(DataTypes.DoubleType);
      if (b.kind() == FeatureProfile.Kind.NUMERIC) {
        Column v = raw.cast("double");
        value =
            when(
                    v.isNull()
                        .or(v.isNaN())
                        .or(v.equalTo(Double.POSITIVE_INFINITY))
                        .or(v.equalTo(Double.NEGATIVE_INFINITY)),
                    lit(null).cast(DataTypes.DoubleType))
                .otherwise(v);
        bin = numericBin(value, b.edges());
      } else {
        Column s = raw.cast("string");
        if (b.categories().isPresent()) {
          bin = categoryBin(s, b.categories().get());
        } else {
          bin = when(s.isNotNull(), lit(0));
          cat = s;
        }
      }
      stacked.add(struct(lit(f).as("f"), bin.as("b"), cat.as("c"), value.as("v")));
    }
    projected.add(array(stacked.toArray(Column[]::new)).as("_cells"));
    Dataset<Row> p = in.select(projected.toArray(Column[]::new));

    Column sliceArray;
    List<Column> sliceStructs = new ArrayList<>();
    sliceStructs.add(struct(lit(ALL).as("slice"), lit(ALL).as("slice_value")));
    for (int i = 0; i < slices.size(); i++) {
      sliceStructs.add(
          struct(
              lit(slices.get(i)).as("slice"),
              coalesce(col("_slice" + i), lit(NULL_SLICE_VALUE)).as("slice_value")));
    }
    sliceArray = array(sliceStructs.toArray(Column[]::new));
    Dataset<Row> cells =
        p.select(col("ds"), expr("inline(_cells)"), sliceArray.as("_slices"))
            .select(col("ds"), expr("inline(_slices)"), col("f"), col("b"), col("c"), col("v"));
    return cells
        .groupBy("ds", "slice", "slice_value", "f", "b", "c")
        .agg(
            count(lit(1)).as("n"),
            coalesce(sum("v"), lit(0.0)).as("s"),
            coalesce(sum(col("v").multiply(col("v"))), lit(0.0)).as("ss"));
  }

  /**
   * bin = how many edges are <= v (0..edges.length), null for null: a binary search in a small Java
   * function (a chain of CASE branches per feature grows past what Spark's code generator compiles
   * once 20 features are binned in one projection).
   */
  static Column numericBin(Column v, double[] edges) {
    if (edges.length == 0) {
      return when(v.isNotNull(), lit(0));
    }
    double[] e = edges.clone();
    UDF1<Double, Integer> bin = x -> x == null ? null : binOf(e, x);
    return udf(bin, DataTypes.IntegerType).apply(v);
  }

  /** How many of the sorted {@code edges} are <= v. */
  static int binOf(double[] edges, double v) {
    return binOf(edges, 0, edges.length, v);
  }

  /**
   * {@link #binOf(double[], double)} when the answer is known to be in {@code [from, to]}: every
   * edge before {@code from} is <= v, every edge from {@code to} on is > v.
   */
  static int binOf(double[] edges, int from, int to, double v) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static Column categoryBin(Column s, List<String> categories) {
    Column c = when(s.isNull(), lit(null).cast(DataTypes.IntegerType));
    for (int i = 0; i < categories.size(); i++) {
      c = c.when(s.equalTo(lit(categories.get(i))), lit(i));
    }
    return c.otherwise(lit(categories.size()));
  }
}
