package io.ballast.validation.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * The metrics of one slice value ({@code all}/{@code all} = the whole test window): a small value
 * collected from the metrics job, read by plain-Java gate logic.
 *
 * @param values metric name to value; a metric that is undefined here is absent
 * @param counts tp, fp, fn, tn at the threshold
 */
public record SliceMetrics(
    String slice, String sliceValue, Map<String, Double> values, Map<String, Double> counts) {
  public static final String ALL = "all";

  public boolean isAll() {
    return ALL.equals(slice) && ALL.equals(sliceValue);
  }

  public Optional<Double> value(String metric) {
    return Optional.ofNullable(values.get(metric));
  }

  public double count(String name) {
    return counts.getOrDefault(name, 0.0);
  }

  /** Reads a row of {@link ScoreMetrics#compute} whose first two columns are slice and value. */
  static SliceMetrics of(Row r) {
    Map<String, Double> v = new LinkedHashMap<>();
    for (String m : ScoreMetrics.METRICS) {
      int i = r.fieldIndex(m);
      if (!r.isNullAt(i)) {
        double d = r.getDouble(i);
        if (!Double.isNaN(d)) {
          v.put(m, d);
        }
      }
    }
    Map<String, Double> c = new LinkedHashMap<>();
    for (String m : ScoreMetrics.COUNTS) {
      int i = r.fieldIndex(m);
      c.put(m, r.isNullAt(i) ? 0.0 : r.getDouble(i));
    }
    return new SliceMetrics(r.getString(0), r.getString(1), v, c);
  }
}
