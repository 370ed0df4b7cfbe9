package io.ballast.features.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A realistic card-transaction workload, computed row by row from hashes of the row id and the
 * seed: the same seed gives the same rows whatever the partitioning, and no row is ever held on the
 * driver, so 100M rows stream through in constant memory.
 *
 * <p>Rows are laid out in chunks of at most {@link #CHUNK_ROWS} rows that never span two days, one
 * chunk per Spark partition, so each task writes one file into one daily partition.
 */
public final class TransactionGenerator {
  static final long CHUNK_ROWS = 1_000_000;

  /** Merchant categories with their log-mean amount and share of online payments. */
  static final String[] CATEGORIES = {
    "grocery", "gas", "restaurants", "travel", "electronics", "online_retail",
    "entertainment", "pharmacy", "apparel", "utilities", "jewelry", "gaming"
  };

  static final double[] CATEGORY_LOG_MEAN = {
    3.5, 3.7, 3.4, 5.6, 5.1, 4.0, 3.6, 3.2, 4.2, 4.6, 5.9, 3.3
  };
  static final double[] CATEGORY_ONLINE = {
    0.05, 0.02, 0.10, 0.60, 0.45, 0.95, 0.40, 0.10, 0.35, 0.70, 0.25, 0.90
  };
  static final String SHIFT_CATEGORY = "crypto_exchange";

  /**
   * Labels arrive at most this many days after their payment (frauds after 1-6 days, the rest after
   * 2-10): label-windowed features need this much history beyond their window to be full.
   */
  public static final int MAX_LABEL_DELAY_DAYS = 10;

  /** Relative transaction volume per hour of day (UTC), a daily cycle peaking at midday. */
  static final double[] HOUR_WEIGHTS = {
    0.8, 0.5, 0.35, 0.3, 0.35, 0.6, 1.2, 2.2, 3.4, 4.2, 4.8, 5.3,
    5.8, 5.6, 5.1, 4.9, 5.0, 5.4, 5.6, 5.0, 4.0, 3.0, 2.0, 1.3
  };

  private final GeneratorParams p;
  private final InjectedFaults faults;
  private final ReferenceTables reference;

  public TransactionGenerator(GeneratorParams params) {
    this.p = params.validate();
    this.faults = new InjectedFaults(p, this);
    this.reference = new ReferenceTables(p, this);
  }

  public long customers() {
    return Math.max(500, Math.min(5_000_000, p.rows() / 40));
  }

  public long merchants() {
    return Math.max(100, Math.min(500_000, p.rows() / 400));
  }

  /** Rows per day: weekly seasonality (busier Friday and Saturday), summing exactly to rows. */
  public long[] rowsPerDay() {
    double[] w = new double[p.days()];
    double sum = 0;
    for (int d = 0; d < p.days(); d++) {
      DayOfWeek dow = p.start().plusDays(d).getDayOfWeek();
      w[d] =
          switch (dow) {
            case FRIDAY -> 1.15;
            case SATURDAY -> 1.25;
            case SUNDAY -> 0.85;
            default -> 1.0;
          };
      sum += w[d];
    }
    long[] n = new long[p.days()];
    long assigned = 0;
    for (int d = 0; d < p.days(); d++) {
      n[d] = (long) Math.floor(p.rows() * w[d] / sum);
      assigned += n[d];
    }
    for (int d = 0; assigned < p.rows(); d = (d + 1) % p.days()) {
      n[d]++;
      assigned++;
    }
    return n;
  }

  /** A uniform double in [0, 1) from the hash of {@code idCol}, the seed and a stream number. */
  String u(String idCol, int stream) {
    return String.format(
        Locale.ROOT,
        "(CAST(xxhash64(%s, CAST(%d AS BIGINT), %d) & 9223372036854775807 AS DOUBLE)"
            + " / 9.223372036854775807E18)",
        idCol,
        p.seed(),
        stream);
  }

  static String dateLit(LocalDate d) {
    return "DATE'" + d + "'";
  }

  /**
   * The generated events before any quality incident, with the hidden label columns ({@code
   * is_fraud}, {@code label_ts}); one partition per chunk.
   */
  public Dataset<Row> events(SparkSession spark) {
    long[] perDay = rowsPerDay();
    List<Long> chunkDay = new ArrayList<>();
    List<Long> chunkFirst = new ArrayList<>();
    List<Long> chunkEnd = new ArrayList<>();
    long offset = 0;
    for (int d = 0; d < perDay.length; d++) {
      for (long s = 0; s < perDay[d]; s += CHUNK_ROWS) {
        chunkDay.add((long) d);
        chunkFirst.add(offset + s);
        chunkEnd.add(offset + s + Math.min(CHUNK_ROWS, perDay[d] - s));
      }
      offset += perDay[d];
    }
    int n = chunkDay.size();
    // spark.range with n slices puts chunk i alone in partition i; its rows are exploded there.
    Dataset<Row> ids =
        spark
            .range(0, n, 1, n)
            .selectExpr(
                "CAST(element_at("
                    + longArraySql(chunkDay)
                    + ", CAST(id AS INT) + 1) AS INT) AS day_index",
                "explode(sequence(element_at("
                    + longArraySql(chunkFirst)
                    + ", CAST(id AS INT) + 1), element_at("
                    + longArraySql(chunkEnd)
                    + ", CAST(id AS INT) + 1) - 1)) AS txn_id")
            .withColumn("day", expr("date_add(" + dateLit(p.start()) + ", day_index)"));

    long nCust = customers();
    long nMerch = merchants();
    String shiftOn = p.distributionShift().map(d -> "day >= " + dateLit(d)).orElse("false");
    String conceptOn = p.conceptDrift().map(d -> "day >= " + dateLit(d)).orElse("false");

    Dataset<Row> e =
        ids.withColumn(
                "customer_id",
                expr("CAST(floor(" + nCust + " * pow(" + u("txn_id", 1) + ", 1.6)) AS BIGINT)"))
            .withColumn(
                "card_id",
                expr(
                    "customer_id * 4 + CAST(floor("
                        + u("txn_id", 2)
                        + " * (1 + pmod(xxhash64(customer_id, CAST("
                        + p.seed()
                        + " AS BIGINT), 101), 3))) AS BIGINT)"))
            .withColumn("shifted_row", expr("(" + shiftOn + ") AND " + u("txn_id", 14) + " < 0.08"))
            .withColumn(
                "merchant_id",
                expr(
                    "CASE WHEN shifted_row THEN "
                        + nMerch
                        + " + CAST(floor(50 * "
                        + u("txn_id", 15)
                        + ") AS BIGINT) ELSE CAST(floor("
                        + nMerch
                        + " * pow("
                        + u("txn_id", 3)
                        + ", 1.3)) AS BIGINT) END"))
            .withColumn("cat_index", expr(merchantCategoryIndex("merchant_id", nMerch)))
            .withColumn("merchant_category", expr(merchantCategorySql()))
            .withColumn("hour", expr(hourSql(u("txn_id", 4))))
            .withColumn(
                "event_ts",
                expr(
                    "timestamp_seconds(unix_date(day) * 86400 + hour * 3600 + CAST(floor("
                        + u("txn_id", 5)
                        + " * 3600) AS BIGINT))"))
            .withColumn(
                "channel",
                expr(
                    "CASE WHEN "
                        + u("txn_id", 6)
                        + " < (CASE WHEN cat_index < 0 THEN 1.0 ELSE element_at("
                        + arraySql(CATEGORY_ONLINE)
                        + ", cat_index + 1) END) THEN 'online' ELSE 'pos' END"))
            // A standard normal from two uniforms (Box-Muller): the amount's spread.
            .withColumn(
                "z",
                expr(
                    "sqrt(-2 * ln(1 - "
                        + u("txn_id", 7)
                        + ")) * cos(2 * pi() * "
                        + u("txn_id", 8)
                        + ")"))
            .withColumn(
                "amount",
                expr(
                    "round(exp((CASE WHEN cat_index < 0 THEN 6.2 ELSE element_at("
                        + arraySql(CATEGORY_LOG_MEAN)
                        + ", cat_index + 1) END) + 0.75 * z) * (CASE WHEN "
                        + shiftOn
                        + " THEN 1.6 ELSE 1.0 END), 2)"))
            .withColumn("fraud_logit", expr(fraudLogit(conceptOn)))
            .withColumn(
                "is_fraud",
                expr("CAST(" + u("txn_id", 9) + " < 1 / (1 + exp(-fraud_logit)) AS INT)"))
            .withColumn(
                "label_ts",
                expr(
                    "event_ts + make_dt_interval(0, 0, 0, CAST(86400 * (CASE WHEN is_fraud = 1"
                        + " THEN 1 + 5 * "
                        + u("txn_id", 10)
                        + " ELSE 2 + "
                        + (MAX_LABEL_DELAY_DAYS - 2)
                        + " * "
                        + u("txn_id", 10)
                        + " END) AS DECIMAL(18, 6)))"))
            .withColumn(
                "_ingested_at",
                expr(
                    "event_ts + make_dt_interval(0, 0, 0, CAST(30 + 600 * "
                        + u("txn_id", 13)
                        + " AS DECIMAL(18, 6)))"))
            .withColumn("ds", expr("date_format(day, 'yyyy-MM-dd')"));
    return e;
  }

  /** Index into {@link #CATEGORIES} for a merchant; -1 for the shift's new merchants. */
  String merchantCategoryIndex(String merchantCol, long nMerch) {
    return String.format(
        Locale.ROOT,
        "CASE WHEN %s >= %d THEN -1 ELSE CAST(pmod(xxhash64(%s, CAST(%d AS BIGINT), 102), %d) AS INT) END",
        merchantCol,
        nMerch,
        merchantCol,
        p.seed(),
        CATEGORIES.length);
  }

  /** The merchant category of column {@code cat_index} (-1: the distribution shift's category). */
  static String merchantCategorySql() {
    return "CASE WHEN cat_index < 0 THEN '"
        + SHIFT_CATEGORY
        + "' ELSE element_at("
        + arraySql(CATEGORIES)
        + ", cat_index + 1) END";
  }

  private String fraudLogit(String conceptOn) {
    String risky = "pmod(xxhash64(merchant_id, CAST(" + p.seed() + " AS BIGINT), 103), 25) = 0";
    String before =
        "-6.3 + 1.4 * CAST(channel = 'online' AS INT) + 1.2 * CAST(hour < 5 AS INT)"
            + " + 0.9 * CAST(merchant_category IN ('electronics', 'jewelry', 'gaming', 'travel') AS INT)"
            + " + 0.8 * z + 1.6 * CAST("
            + risky
            + " AS INT)";
    // After concept drift, fraud moves to small daytime card-present payments.
    String after =
        "-6.0 + 1.5 * CAST(channel = 'pos' AS INT) + 1.2 * CAST(hour BETWEEN 10 AND 16 AS INT)"
            + " - 0.9 * z + 1.1 * CAST(merchant_category IN ('grocery', 'gas', 'pharmacy') AS INT)";
    return "CASE WHEN " + conceptOn + " THEN " + after + " ELSE " + before + " END";
  }

  private static String hourSql(String uniform) {
    double total = 0;
    for (double w : HOUR_WEIGHTS) {
      total += w;
    }
    StringBuilder sb = new StringBuilder("CASE");
    double cum = 0;
    for (int h = 0; h < 23; h++) {
      cum += HOUR_WEIGHTS[h] / total;
      sb.append(String.format(Locale.ROOT, " WHEN %s < %.6f THEN %d", uniform, cum, h));
    }
    return sb.append(" ELSE 23 END").toString();
  }

  private static String longArraySql(List<Long> values) {
    return "array("
        + values.stream().map(v -> "CAST(" + v + " AS BIGINT)").collect(Collectors.joining(", "))
        + ")";
  }

  private static String arraySql(String[] values) {
    return "array("
        + java.util.Arrays.stream(values).map(v -> "'" + v + "'").collect(Collectors.joining(", "))
        + ")";
  }

  private static String arraySql(double[] values) {
    return "array("
        + java.util.Arrays.stream(values)
            .mapToObj(v -> String.format(Locale.ROOT, "CAST(%s AS DOUBLE)", v))
            .collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * The transactions table: what a payment system records, without the label. On the quality
   * incident's day, some amounts are null, negative or absurd, and some rows are duplicated ({@link
   * InjectedFaults#qualityIncident}).
   */
  public Dataset<Row> transactions(Dataset<Row> events) {
    Dataset<Row> t = faults.qualityIncident(events);
    return t.select(
        col("txn_id"),
        col("card_id"),
        col("customer_id"),
        col("merchant_id"),
        col("merchant_category"),
        col("amount"),
        lit("USD").as("currency"),
        col("channel"),
        col("event_ts"),
        col("_ingested_at"),
        col("ds"));
  }

  /**
   * Fraud labels, partitioned by the day they arrive (days after the transaction); labels that
   * would arrive after the last generated day have not arrived yet and are left out.
   */
  public Dataset<Row> labels(Dataset<Row> events) {
    return labels(events, p.end());
  }

  /**
   * Fraud labels arrived by the end of {@code arrivedBy} (the last generated day or later: a replay
   * of history that needs the labels of its last days, as the demo's retrain does).
   */
  public Dataset<Row> labels(Dataset<Row> events, LocalDate arrivedBy) {
    LocalDate afterEnd = arrivedBy.plusDays(1);
    long cutoff = afterEnd.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    return events
        .where(expr("label_ts < timestamp_seconds(" + cutoff + ")"))
        .select(
            col("txn_id"),
            col("card_id"),
            col("customer_id"),
            col("merchant_id"),
            col("event_ts"),
            col("label_ts"),
            col("is_fraud"),
            expr("date_format(label_ts, 'yyyy-MM-dd')").as("ds"));
  }

  /** The customers the events' {@code customer_id} draws from. */
  public Dataset<Row> customerTable(SparkSession spark) {
    return reference.customers(spark);
  }

  /** The merchants, with the distribution shift's new ones when it is injected. */
  public Dataset<Row> merchantTable(SparkSession spark) {
    return reference.merchants(spark);
  }

  /** The cards, one to three per customer. */
  public Dataset<Row> cardTable(SparkSession spark) {
    return reference.cards(spark);
  }

  /** The faults injected, one row each, so later stages can be scored on catching them. */
  public Dataset<Row> injectedFaults(SparkSession spark) {
    return faults.table(spark);
  }
}
