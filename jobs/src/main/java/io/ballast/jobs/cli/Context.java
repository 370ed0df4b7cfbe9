package io.ballast.jobs.cli;

import io.ballast.features.lakehouse.BallastSession;
import io.ballast.features.lakehouse.Lakehouse;
import io.ballast.features.lakehouse.LakehouseTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The lakehouse and the one SparkSession of this process; the session starts on first use. */
public final class Context {
  private final Lakehouse lakehouse;
  private final Map<String, String> conf;
  private LakehouseTables tables;

  private Context(Lakehouse lakehouse, Map<String, String> conf) {
    this.lakehouse = lakehouse;
    this.conf = conf;
  }

  static Context create(String lakehouseUri, List<String> confPairs) {
    Map<String, String> conf = new LinkedHashMap<>();
    for (String pair : confPairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw CliErrors.badConf(pair);
      }
      conf.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return new Context(Lakehouse.at(lakehouseUri), conf);
  }

  public Lakehouse lakehouse() {
    return lakehouse;
  }

  public synchronized LakehouseTables tables() {
    if (tables == null) {
      SparkSession spark = BallastSession.getOrCreate(lakehouse, conf);
      tables = new LakehouseTables(spark, lakehouse);
    }
    return tables;
  }

  public SparkSession spark() {
    return tables().spark();
  }
}
