package io.ballast.validation.model;

import io.ballast.features.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Scored rows small enough to compute every metric by hand. */
final class ModelFixtures {
  private ModelFixtures() {}

  static final StructType SCORED =
      new StructType()
          .add("id", DataTypes.IntegerType)
          .add("grp", DataTypes.StringType)
          .add("amount", DataTypes.DoubleType)
          .add("is_online", DataTypes.IntegerType)
          .add("score", DataTypes.DoubleType)
          .add("label", DataTypes.DoubleType)
          .add("weight", DataTypes.DoubleType);

  /** Scores with ties (0.8 and 0.4 each shared by a positive and a negative). */
  static final double[][] TIES = {
    {0.9, 1}, {0.8, 0}, {0.8, 1}, {0.6, 0}, {0.4, 1}, {0.4, 0}, {0.2, 0}, {0.1, 0}
  };

  /** {@link #TIES} as rows: group a; amount 100 * (i + 1); online for ids 0..3. */
  static Dataset<Row> ties() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < TIES.length; i++) {
      rows.add(
          RowFactory.create(i, "a", 100.0 * (i + 1), i < 4 ? 1 : 0, TIES[i][0], TIES[i][1], 1.0));
    }
    return TestSpark.spark().createDataFrame(rows, SCORED);
  }

  static Dataset<Row> rows(List<Row> rows) {
    return TestSpark.spark().createDataFrame(rows, SCORED);
  }
}
