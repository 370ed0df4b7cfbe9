package io.ballast.features.demo;

import static org.apache.spark.sql.functions.expr;

import io.ballast.features.lakehouse.BallastTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The faults the demo injects into the generated workload, each from its day: a quality incident
 * (bad amounts and duplicated rows on one day), a distribution shift (larger amounts, a new
 * merchant category) and a concept drift (fraud changes pattern). The shift and the drift are drawn
 * inside {@link TransactionGenerator#events}; the incident is applied to the transactions here, and
 * all three are listed in the injected-faults table.
 */
record InjectedFaults(GeneratorParams p, TransactionGenerator g) {
  /**
   * On the quality incident's day: 5% of amounts null, 1% negative, 0.5% absurd (9999999.99), 2% of
   * rows twice; other days and no incident: the events unchanged.
   */
  Dataset<Row> qualityIncident(Dataset<Row> events) {
    if (p.qualityIncident().isEmpty()) {
      return events;
    }
    String onDay = "day = " + TransactionGenerator.dateLit(p.qualityIncident().get());
    String q = g.u("txn_id", 11);
    return events
        .withColumn(
            "amount",
            expr(
                "CASE WHEN NOT ("
                    + onDay
                    + ") THEN amount WHEN "
                    + q
                    + " < 0.05 THEN NULL WHEN "
                    + q
                    + " < 0.06 THEN -amount WHEN "
                    + q
                    + " < 0.065 THEN 9999999.99 ELSE amount END"))
        .withColumn(
            "copies",
            expr(
                "explode(sequence(1, CASE WHEN ("
                    + onDay
                    + ") AND "
                    + g.u("txn_id", 12)
                    + " < 0.02 THEN 2 ELSE 1 END))"));
  }

  /** One row per fault injected, so later stages can be scored on catching them. */
  Dataset<Row> table(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("fault", DataTypes.StringType)
            .add("first_day", DataTypes.StringType)
            .add("last_day", DataTypes.StringType)
            .add("table_name", DataTypes.StringType)
            .add("columns", DataTypes.createArrayType(DataTypes.StringType))
            .add("description", DataTypes.StringType)
            .add("seed", DataTypes.LongType);
    List<Row> rows = new ArrayList<>();
    p.qualityIncident()
        .ifPresent(
            d ->
                rows.add(
                    fault(
                        "quality_incident",
                        d,
                        d,
                        BallastTable.TRANSACTIONS.name(),
                        new String[] {"amount", "txn_id"},
                        "5% null amounts, 1% negative amounts, 0.5% amounts of 9999999.99,"
                            + " 2% duplicated rows (same txn_id)")));
    p.distributionShift()
        .ifPresent(
            d ->
                rows.add(
                    fault(
                        "distribution_shift",
                        d,
                        p.end(),
                        BallastTable.TRANSACTIONS.name(),
                        new String[] {"amount", "merchant_category", "merchant_id", "channel"},
                        "amounts x1.6; 8% of payments go to a new category '"
                            + TransactionGenerator.SHIFT_CATEGORY
                            + "' (new merchants, every payment online)")));
    p.conceptDrift()
        .ifPresent(
            d ->
                rows.add(
                    fault(
                        "concept_drift",
                        d,
                        p.end(),
                        BallastTable.FRAUD_LABELS.name(),
                        new String[] {"is_fraud"},
                        "fraud moves from night-time online payments to small daytime card-present"
                            + " payments at grocery, gas and pharmacy")));
    return spark.createDataFrame(rows, schema);
  }

  /** One row of the table: a fault from its first to its last day, in a table's columns. */
  private Row fault(
      String name,
      LocalDate first,
      LocalDate last,
      String table,
      String[] columns,
      String description) {
    return RowFactory.create(
        name, first.toString(), last.toString(), table, columns, description, p.seed());
  }
}
