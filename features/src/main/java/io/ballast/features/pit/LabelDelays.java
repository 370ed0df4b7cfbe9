package io.ballast.features.pit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.ballast.features.build.SourceReader;
import io.ballast.features.config.Source;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How long labels take to arrive, measured on the label source: the 99th percentile of {@code
 * known_at - event time} (seconds) over the labels known by the end of a day, in one aggregation.
 * Labels of the last days before that day are only those that came fast, so the measure leans short
 * when the source's history is shorter than its delays; declare {@code label.maturity} then.
 */
public final class LabelDelays {
  public static final double QUANTILE = 0.99;

  /** The measured delay, over how many labels. */
  public record Measured(double seconds, long labels) {}

  private LabelDelays() {}

  /** Empty delay (0 s over 0 labels) when the source has no known-at column. */
  public static Measured measure(LakehouseTables tables, Source labels, LocalDate knownBy) {
    if (labels.knownAt().isEmpty()) {
      return new Measured(0, 0);
    }
    Dataset<Row> raw = new SourceReader(tables).readAll(labels);
    if (labels.partitionColumn().isPresent()) {
      raw = raw.where(col(labels.partitionColumn().get()).leq(knownBy.toString()));
    }
    String k = "`" + labels.knownAt().get() + "`";
    String e = "`" + labels.eventTime() + "`";
    Row r =
        raw.where(expr(k + " < timestamp'" + knownBy.plusDays(1) + " 00:00:00'"))
            .select(
                expr("percentile_approx(unix_seconds("
                        + k
                        + ") - unix_seconds("
                        + e
                        + "), "
                        + QUANTILE
                        + ", 10000)")
                    .as("p"),
                count(lit(1)))
            .first();
    return new Measured(r.isNullAt(0) ? 0 : Math.max(0, r.getLong(0)), r.getLong(1));
  }
}
