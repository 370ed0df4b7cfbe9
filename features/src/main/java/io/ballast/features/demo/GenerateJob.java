package io.ballast.features.demo;

import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the demo's source tables: {@code transactions} and {@code fraud_labels} (daily partitions,
 * replaced for the generated range), the {@code customers}, {@code merchants} and {@code cards}
 * dimensions, and {@code injected_faults}.
 */
public final class GenerateJob {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);

  /** What a generate run wrote. */
  public record Result(
      long rows,
      int days,
      String from,
      String to,
      long seed,
      List<String> tables,
      double seconds) {}

  private GenerateJob() {}

  public static Result run(LakehouseTables tables, GeneratorParams params) {
    return run(tables, params, params.end());
  }

  /**
   * As {@link #run(LakehouseTables, GeneratorParams)}, with the labels that arrive by the end of
   * {@code labelsArrivedBy} (not before the last generated day): the demo writes the labels of its
   * last days that arrive after them, so that a retrain can run once they are mature.
   */
  public static Result run(
      LakehouseTables tables, GeneratorParams params, LocalDate labelsArrivedBy) {
    if (labelsArrivedBy.isBefore(params.end())) {
      throw new IllegalStateException(
          "labels must be generated at least to the last day " + params.end());
    }
    Instant started = Instant.now();
    LOG.info("generate: start {}", params);
    TransactionGenerator gen = new TransactionGenerator(params);
    tables.checkReachable();
    SparkSession spark = tables.spark();
    String note = "ballast generate seed=" + params.seed() + " rows=" + params.rows();

    describe(spark, "generate: dimensions");
    tables.overwrite(gen.customerTable(spark), BallastTable.CUSTOMERS.name(), note);
    tables.overwrite(gen.merchantTable(spark), BallastTable.MERCHANTS.name(), note);
    tables.overwrite(gen.cardTable(spark), BallastTable.CARDS.name(), note);

    Dataset<Row> events = gen.events(spark);
    describe(spark, "generate: " + params.rows() + " transactions over " + params.days() + " days");
    tables.replacePartitions(
        gen.transactions(events),
        BallastTable.TRANSACTIONS.name(),
        "ds",
        params.start(),
        params.end(),
        note);
    describe(spark, "generate: fraud labels");
    tables.replacePartitions(
        gen.labels(events, labelsArrivedBy),
        BallastTable.FRAUD_LABELS.name(),
        "ds",
        params.start(),
        labelsArrivedBy,
        note);
    describe(spark, "generate: injected faults");
    tables.overwrite(gen.injectedFaults(spark), BallastTable.INJECTED_FAULTS.name(), note);
    spark.sparkContext().setJobDescription(null);

    Result r =
        new Result(
            params.rows(),
            params.days(),
            params.start().toString(),
            params.end().toString(),
            params.seed(),
            List.of(
                BallastTable.TRANSACTIONS.name(),
                BallastTable.FRAUD_LABELS.name(),
                BallastTable.CUSTOMERS.name(),
                BallastTable.MERCHANTS.name(),
                BallastTable.CARDS.name(),
                BallastTable.INJECTED_FAULTS.name()),
            Duration.between(started, Instant.now()).toMillis() / 1000.0);
    LOG.info("generate: done {}", r);
    return r;
  }

  private static void describe(SparkSession spark, String what) {
    spark.sparkContext().setJobDescription(what);
    LOG.info(what);
  }
}
