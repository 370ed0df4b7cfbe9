package io.ballast.scoring.drift;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Slice expressions: which of them resolve on a table (analysis only, no Spark job). */
public final class Slices {
  private static final Logger LOG = LoggerFactory.getLogger(Slices.class);

  private Slices() {}

  /** The slices whose columns {@code rows} has; the others are logged and left out. */
  public static List<String> resolvable(Dataset<Row> rows, List<String> slices) {
    List<String> out = new ArrayList<>();
    for (String s : slices) {
      try {
        rows.selectExpr(s);
        out.add(s);
      } catch (Exception e) { // AnalysisException is checked in Java's eyes
        if (!(e instanceof AnalysisException)) {
          throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        LOG.info("slice '{}' does not apply here (its columns are missing); left out", s);
      }
    }
    return out;
  }
}
