package io.ballast.jobs.bench;

import static org.apache.spark.sql.functions.col;

import io.ballast.features.config.DriftSpec;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.scoring.drift.BaselineProfile;
import io.ballast.scoring.drift.BaselineProfiler;
import io.ballast.scoring.drift.DriftJob;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ballast bench drift}: drift of 20 features (15 numeric, 5 categorical) over 30 daily
 * partitions in one pass, against one plain scan of the same columns (the floor) and against a loop
 * that runs the drift job once per partition.
 */
public final class DriftBench {
  private static final Logger LOG = LoggerFactory.getLogger(DriftBench.class);

  public static final int FEATURES = 20;
  public static final int PARTITIONS = 30;
  static final String TABLE = "bench_drift";
  static final LocalDate FIRST = LocalDate.of(2026, 9, 1);

  private DriftBench() {}

  public record Result(
      long rows,
      int features,
      int partitions,
      double seconds,
      double floorSeconds,
      double loopSeconds,
      int driftedPartitions) {
    public Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("stage", "drift");
      m.put("rows", rows);
      m.put("features", features);
      m.put("partitions", partitions);
      m.put("seconds", round(seconds));
      m.put("floor_seconds", round(floorSeconds));
      m.put("ratio_to_floor", round(seconds / floorSeconds));
      m.put("loop_seconds", round(loopSeconds));
      m.put("loop_speedup", round(loopSeconds / seconds));
      return m;
    }

    private static double round(double v) {
      return Math.round(v * 100.0) / 100.0;
    }
  }

  /** The generated table: a shift in f0 and c0 from the 20th day on. */
  static Dataset<Row> generate(LakehouseTables tables, long rows) {
    StringBuilder sql = new StringBuilder("SELECT date_format(date_add(DATE'" + FIRST + "', ");
    sql.append("CAST(id % ").append(PARTITIONS).append(" AS INT)), 'yyyy-MM-dd') AS ds");
    String shifted = "CASE WHEN id % " + PARTITIONS + " >= 20 THEN 1.5 ELSE 1.0 END";
    for (int i = 0; i < 15; i++) {
      String u = "(xxhash64(id, " + i + ") & 1048575) / 1048576.0";
      String f =
          switch (i % 3) {
            case 0 -> "100 * " + u;
            case 1 -> "exp(4 * " + u + ")";
            default -> "CAST(20 * " + u + " AS INT)";
          };
      if (i == 0) {
        f = f + " * " + shifted;
      }
      sql.append(", ").append(f).append(" AS f").append(i);
    }
    for (int i = 0; i < 5; i++) {
      String pick =
          "CAST((xxhash64(id, " + (100 + i) + ") & 1048575) % " + (4 + i * 3) + " AS INT)";
      String c = "concat('v', " + pick + ")";
      if (i == 0) {
        c = "CASE WHEN id % " + PARTITIONS + " >= 20 AND id % 5 = 0 THEN 'new' ELSE " + c + " END";
      }
      sql.append(", ").append(c).append(" AS c").append(i);
    }
    sql.append(" FROM range(").append(rows).append(")");
    return tables.spark().sql(sql.toString());
  }

  public static Result run(LakehouseTables tables, long rows) {
    tables.overwrite(generate(tables, rows), TABLE, "bench drift", "ds");
    List<String> features = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      features.add("f" + i);
    }
    for (int i = 0; i < 5; i++) {
      features.add("c" + i);
    }
    BaselineProfile baseline =
        BaselineProfiler.profile(
            tables.read(TABLE).where(col("ds").equalTo(FIRST.toString())),
            "bench_drift_model",
            "1",
            features,
            List.of(),
            DriftSpec.DEFAULT_BINS);
    LocalDate last = FIRST.plusDays(PARTITIONS - 1);
    DriftSpec spec = DriftSpec.defaults();

    // warm-up: one small run so that class loading and codegen do not count against the first
    DriftJob.run(
        tables,
        baseline,
        new DriftJob.Params(TABLE, FIRST, FIRST, Optional.empty(), features, spec));

    long t0 = System.nanoTime();
    tables
        .read(TABLE)
        .select(features.stream().map(f -> col(f)).toArray(Column[]::new))
        .write()
        .format("noop")
        .mode("overwrite")
        .save();
    double floor = (System.nanoTime() - t0) / 1e9;
    LOG.info("bench drift: one plain scan of {} rows, {} columns: {} s", rows, FEATURES, floor);

    t0 = System.nanoTime();
    DriftJob.Result one =
        DriftJob.run(
            tables,
            baseline,
            new DriftJob.Params(TABLE, FIRST, last, Optional.empty(), features, spec));
    double seconds = (System.nanoTime() - t0) / 1e9;

    t0 = System.nanoTime();
    for (LocalDate d = FIRST; !d.isAfter(last); d = d.plusDays(1)) {
      // the baseline this benchmark compares against: the drift job run once per partition
      DriftJob.run(
          tables, baseline, new DriftJob.Params(TABLE, d, d, Optional.empty(), features, spec));
    }
    double loop = (System.nanoTime() - t0) / 1e9;
    return new Result(
        rows, FEATURES, PARTITIONS, seconds, floor, loop, one.driftedPartitions().size());
  }
}
