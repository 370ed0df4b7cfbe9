package io.ballast.features.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The label events a training set is built from.
 *
 * @param source the source holding label rows (entity keys, event time, label, known-at time)
 * @param column the Spark SQL expression giving the label (0/1 for classification)
 * @param maturity how long after its event a label has arrived; empty means measured from the
 *     source's observed delays (known-at minus event time)
 * @param minLabels fewest labelled rows a training, validation or test window may have
 * @param minPositives fewest positive labels a training, validation or test window may have
 */
public record Label(
    String source, String column, Optional<Duration> maturity, int minLabels, int minPositives) {
  /** Fewest labels per window unless the definition says otherwise. */
  public static final int DEFAULT_MIN_LABELS = 30;

  /** Fewest positives per window unless the definition says otherwise. */
  public static final int DEFAULT_MIN_POSITIVES = 3;

  /** A label with measured maturity and the default minimums. */
  public Label(String source, String column) {
    this(source, column, Optional.empty(), DEFAULT_MIN_LABELS, DEFAULT_MIN_POSITIVES);
  }
}
