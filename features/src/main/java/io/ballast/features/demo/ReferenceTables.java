package io.ballast.features.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The reference tables the generated events point into: customers, merchants (with the distribution
 * shift's new ones) and cards, each row computed from hashes of its id and the seed, so they agree
 * with the ids the events draw.
 */
record ReferenceTables(GeneratorParams p, TransactionGenerator g) {
  Dataset<Row> customers(SparkSession spark) {
    return spark
        .range(g.customers())
        .withColumnRenamed("id", "customer_id")
        .withColumn(
            "segment",
            expr(
                "element_at(array('mass', 'mass', 'mass', 'affluent', 'student', 'small_business'), CAST(floor("
                    + g.u("customer_id", 201)
                    + " * 6) AS INT) + 1)"))
        .withColumn(
            "home_region",
            expr(
                "element_at(array('north', 'south', 'east', 'west', 'central'), CAST(floor("
                    + g.u("customer_id", 202)
                    + " * 5) AS INT) + 1)"))
        .withColumn(
            "signup_date",
            expr(
                "date_sub("
                    + TransactionGenerator.dateLit(p.start())
                    + ", CAST(floor("
                    + g.u("customer_id", 203)
                    + " * 3650) AS INT))"));
  }

  Dataset<Row> merchants(SparkSession spark) {
    long n = g.merchants() + (p.distributionShift().isPresent() ? 50 : 0);
    return spark
        .range(n)
        .withColumnRenamed("id", "merchant_id")
        .withColumn("cat_index", expr(g.merchantCategoryIndex("merchant_id", g.merchants())))
        .withColumn("merchant_category", expr(TransactionGenerator.merchantCategorySql()))
        .withColumn(
            "merchant_region",
            expr(
                "element_at(array('north', 'south', 'east', 'west', 'central'), CAST(floor("
                    + g.u("merchant_id", 204)
                    + " * 5) AS INT) + 1)"))
        .drop("cat_index");
  }

  Dataset<Row> cards(SparkSession spark) {
    return customers(spark)
        .select("customer_id")
        .withColumn(
            "n_cards",
            expr("1 + pmod(xxhash64(customer_id, CAST(" + p.seed() + " AS BIGINT), 101), 3)"))
        .withColumn("card_slot", expr("explode(sequence(0, n_cards - 1))"))
        .select(
            expr("customer_id * 4 + card_slot").as("card_id"),
            col("customer_id"),
            expr("element_at(array('debit', 'credit', 'credit', 'prepaid'), CAST(floor("
                    + g.u("customer_id * 4 + card_slot", 205)
                    + " * 4) AS INT) + 1)")
                .as("card_type"));
  }
}
