package io.ballast.features.pit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.ballast.features.build.FeatureBuilder;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.tracking.ModelVersion;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Consecutive label-day windows ending at the as-of day: training, then validation, then test. Rows
 * are assigned by the day of their {@code event_ts}, never at random, so no test row is earlier
 * than a validation row and no validation row earlier than a training row.
 */
public record TimeSplit(
    LocalDate trainFrom,
    LocalDate trainTo,
    LocalDate validationFrom,
    LocalDate validationTo,
    LocalDate testFrom,
    LocalDate testTo) {
  public static final String COLUMN = "_split";
  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final String TEST = "test";

  /** Rows and positives of one window. */
  public record WindowStats(long rows, long positives) {
    public double labelRate() {
      return rows == 0 ? 0.0 : (double) positives / rows;
    }
  }

  /** The version tag naming the last label day of its windows. */
  public static final String LAST_DAY_TAG = "ballast.label_last_mature_day";

  /**
   * The windows a registered version was trained on: ending at its last mature label day (a version
   * trained before label maturity: at its as-of day).
   */
  public static TimeSplit of(ModelVersion v, ModelSpec spec) {
    String train = v.tags().get("ballast.train_window");
    String validation = v.tags().get("ballast.validation_window");
    String test = v.tags().get("ballast.test_window");
    if (train != null && validation != null && test != null) {
      return TimeSplit.parse(train, validation, test);
    }
    String last = v.tags().getOrDefault(LAST_DAY_TAG, v.tags().get("ballast.as_of"));
    return TimeSplit.of(LocalDate.parse(last), spec);
  }

  public static TimeSplit of(LocalDate asOf, ModelSpec m) {
    LocalDate testFrom = asOf.minusDays(m.testDays() - 1L);
    LocalDate validationTo = testFrom.minusDays(1);
    LocalDate validationFrom = validationTo.minusDays(m.validationDays() - 1L);
    LocalDate trainTo = validationFrom.minusDays(1);
    LocalDate trainFrom = trainTo.minusDays(m.trainingWindowDays() - 1L);
    return new TimeSplit(trainFrom, trainTo, validationFrom, validationTo, testFrom, asOf);
  }

  /** The windows as recorded, each {@code from..to} (params {@code train_window} and so on). */
  public static TimeSplit parse(String train, String validation, String test) {
    String[] a = train.split("\\.\\.");
    String[] b = validation.split("\\.\\.");
    String[] c = test.split("\\.\\.");
    return new TimeSplit(
        LocalDate.parse(a[0]),
        LocalDate.parse(a[1]),
        LocalDate.parse(b[0]),
        LocalDate.parse(b[1]),
        LocalDate.parse(c[0]),
        LocalDate.parse(c[1]));
  }

  /** The days of one window, for messages. */
  public LocalDate[] window(String name) {
    return switch (name) {
      case TRAIN -> new LocalDate[] {trainFrom, trainTo};
      case VALIDATION -> new LocalDate[] {validationFrom, validationTo};
      case TEST -> new LocalDate[] {testFrom, testTo};
      default -> throw new IllegalStateException("no window " + name);
    };
  }

  /** Adds {@link #COLUMN} (train, validation or test) and drops rows outside the three windows. */
  public Dataset<Row> assign(Dataset<Row> in) {
    Column day = date_format(col(FeatureBuilder.EVENT_TS), "yyyy-MM-dd");
    Column split =
        when(day.between(trainFrom.toString(), trainTo.toString()), lit(TRAIN))
            .when(day.between(validationFrom.toString(), validationTo.toString()), lit(VALIDATION))
            .when(day.between(testFrom.toString(), testTo.toString()), lit(TEST));
    return in.withColumn(COLUMN, split).where(col(COLUMN).isNotNull());
  }
}
