package io.ballast.features;

import io.ballast.features.lakehouse.BallastSession;
import io.ballast.features.lakehouse.Lakehouse;
import io.ballast.features.lakehouse.LakehouseTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: local[2], UI off, 2 shuffle partitions, Delta, and the {@code
 * ballast} catalog on a temporary lakehouse. Created on first use, never stopped by a test. Tests
 * use their own table names so they do not see each other's data.
 */
public final class TestSpark {
  private static LakehouseTables tables;

  private TestSpark() {}

  public static synchronized LakehouseTables tables() {
    if (tables == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("ballast-test-lakehouse");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Lakehouse lakehouse = Lakehouse.at(dir.toString());
      SparkSession spark =
          BallastSession.getOrCreate(
              lakehouse,
              Map.of(
                  "spark.master", "local[2]",
                  "spark.ui.enabled", "false",
                  "spark.sql.shuffle.partitions", "2",
                  "spark.default.parallelism", "2",
                  "spark.driver.host", "127.0.0.1",
                  "spark.driver.bindAddress", "127.0.0.1",
                  "spark.databricks.delta.snapshotPartitions", "2",
                  "spark.ui.showConsoleProgress", "false",
                  "spark.sql.warehouse.dir", dir.resolve("warehouse").toString()));
      tables = new LakehouseTables(spark, lakehouse);
    }
    return tables;
  }

  public static SparkSession spark() {
    return tables().spark();
  }

  public static Lakehouse lakehouse() {
    return tables().lakehouse();
  }
}
