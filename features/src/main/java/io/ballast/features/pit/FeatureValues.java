package io.ballast.features.pit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * What the values of each feature column look like, as aggregate columns that go into a pass the
 * caller makes anyway (a {@code groupBy().agg} or a {@code Dataset.observe}): per feature its rows
 * that are not null, NaN and infinite ones (float and double columns only), and whether every other
 * value is the same ({@code min = max}). Four aggregates per feature, one Spark job for all of
 * them; nothing but these counts reaches the driver.
 */
public final class FeatureValues {
  /** Aggregates per feature, in the order {@link #aggregates} emits them. */
  public static final int PER_FEATURE = 4;

  private FeatureValues() {}

  /**
   * One feature's values.
   *
   * @param nonNull rows that are not null (NaN and infinite ones included)
   * @param constant every value that is not null, NaN or infinite is the same, and there is one
   */
  public record Counts(long rows, long nonNull, long nan, long infinite, boolean constant) {
    /**
     * Rows with a usable value: not null, not NaN (NaN is missing, as Spark ML's Imputer has it).
     */
    public long usable() {
      return nonNull - nan;
    }
  }

  /** Whether a column's values can be NaN or infinite. */
  public static boolean floating(DataType t) {
    return t instanceof DoubleType || t instanceof FloatType;
  }

  /** Whether a model can read a column as a number (numeric features are cast to double). */
  public static boolean numeric(DataType t) {
    return t instanceof NumericType || t instanceof BooleanType;
  }

  /**
   * {@link #PER_FEATURE} aggregate columns per feature: not-null rows, NaN rows, infinite rows,
   * constant. Complex columns (arrays, maps, structs) are never called constant.
   */
  public static List<Column> aggregates(StructType schema, List<String> features) {
    List<Column> out = new ArrayList<>();
    for (String f : features) {
      DataType t = schema.apply(f).dataType();
      Column c = col(f);
      out.add(count(c));
      if (floating(t)) {
        Column inf =
            c.equalTo(lit(Double.POSITIVE_INFINITY)).or(c.equalTo(lit(Double.NEGATIVE_INFINITY)));
        out.add(coalesce(sum(when(isnan(c), lit(1L)).otherwise(lit(0L))), lit(0L)));
        out.add(coalesce(sum(when(inf, lit(1L)).otherwise(lit(0L))), lit(0L)));
        Column finite = when(isnan(c).or(inf), lit(null)).otherwise(c);
        out.add(coalesce(min(finite).equalTo(max(finite)), lit(false)));
      } else {
        out.add(lit(0L));
        out.add(lit(0L));
        boolean ordered =
            t instanceof NumericType || t.typeName().matches("string|boolean|date|timestamp.*");
        out.add(ordered ? coalesce(min(c).equalTo(max(c)), lit(false)) : lit(false));
      }
    }
    return out;
  }

  /**
   * The counts of an aggregated row: {@link #aggregates}' columns from {@code offset} on, for
   * {@code rows} rows.
   */
  public static Map<String, Counts> read(Row r, int offset, long rows, List<String> features) {
    Map<String, Counts> out = new LinkedHashMap<>();
    for (int i = 0; i < features.size(); i++) {
      int at = offset + i * PER_FEATURE;
      out.put(
          features.get(i),
          new Counts(
              rows,
              ((Number) r.get(at)).longValue(),
              ((Number) r.get(at + 1)).longValue(),
              ((Number) r.get(at + 2)).longValue(),
              r.getBoolean(at + 3)));
    }
    return out;
  }

  /**
   * The features a model cannot read as their type: a numeric one (not declared categorical) must
   * be a number or boolean, a categorical one a plain value (not an array, map or struct). Feature
   * -> its type, from the schema alone.
   */
  public static Map<String, String> wrongTypes(
      StructType schema, List<String> features, List<String> categorical) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : features) {
      DataType t = schema.apply(f).dataType();
      boolean ok =
          categorical.contains(f)
              ? !t.typeName().matches("array|map|struct") && !(t instanceof StructType)
              : numeric(t);
      if (!ok) {
        out.put(f, t.simpleString());
      }
    }
    return out;
  }
}
