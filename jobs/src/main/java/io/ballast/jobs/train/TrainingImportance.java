package io.ballast.jobs.train;

import static org.apache.spark.sql.functions.col;

import io.ballast.features.pit.TimeSplit;
import io.ballast.scoring.ScoringModel;
import io.ballast.scoring.explain.GlobalImportance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global importance of a fitted model over its test window ({@link GlobalImportance}): one
 * Spark job over the cached training set's test rows, before the version is registered, so a
 * failure fails the run and registers nothing.
 */
final class TrainingImportance {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingImportance.class);

  private TrainingImportance() {}

  static GlobalImportance.Measured measure(
      String model,
      List<String> features,
      ModelTrainer.Prepared prepared,
      ModelTrainer.Fitted fitted) {
    Instant t0 = Instant.now();
    prepared
        .data()
        .sparkSession()
        .sparkContext()
        .setJobDescription("train " + model + ": global importance on the test window");
    GlobalImportance.Measured m =
        GlobalImportance.of(
            new ScoringModel(model, "new", model, fitted.model(), features, Map.of()),
            prepared.data().where(col(TimeSplit.COLUMN).equalTo(TimeSplit.TEST)));
    LOG.info(
        "train {}: global importance of {} features over {} test rows in {} ms",
        model,
        m.features().size(),
        m.rows(),
        Duration.between(t0, Instant.now()).toMillis());
    return m;
  }
}
