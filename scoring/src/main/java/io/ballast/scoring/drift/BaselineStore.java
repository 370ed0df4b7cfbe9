package io.ballast.scoring.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ballast.features.lakehouse.LakehouseTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ballast.drift_baselines}: one row per (baseline_id, slice, slice value, feature) with the
 * bin edges or categories and the binned training distribution. A rerun for a baseline id replaces
 * its rows in one commit.
 */
public final class BaselineStore {
  public static final String TABLE = "drift_baselines";

  static final StructType SCHEMA =
      new StructType()
          .add("baseline_id", DataTypes.StringType, false)
          .add("model_name", DataTypes.StringType, false)
          .add("model_version", DataTypes.StringType, false)
          .add("slice", DataTypes.StringType, false)
          .add("slice_value", DataTypes.StringType, false)
          .add("feature", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("edges", DataTypes.createArrayType(DataTypes.DoubleType), false)
          .add("categories", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("bin_counts", DataTypes.createArrayType(DataTypes.LongType), false)
          .add("bin_sums", DataTypes.createArrayType(DataTypes.DoubleType), false)
          .add("rows", DataTypes.LongType, false)
          .add("nulls", DataTypes.LongType, false)
          .add("mean", DataTypes.DoubleType, true)
          .add("std", DataTypes.DoubleType, true)
          .add("min", DataTypes.DoubleType, true)
          .add("max", DataTypes.DoubleType, true)
          .add("sum_squares", DataTypes.DoubleType, false)
          .add("_created_at", DataTypes.TimestampType, false);

  private final LakehouseTables tables;

  public BaselineStore(LakehouseTables tables) {
    this.tables = tables;
  }

  public void write(BaselineProfile b) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (FeatureProfile p : b.profiles()) {
      Histogram h = p.histogram();
      boolean numeric = p.kind() == FeatureProfile.Kind.NUMERIC;
      boolean any = h.nonNull() > 0;
      rows.add(
          RowFactory.create(
              b.id(),
              b.modelName(),
              b.modelVersion(),
              p.slice(),
              p.sliceValue(),
              p.feature(),
              p.kind().key(),
              Arrays.stream(p.edges()).boxed().toList().toArray(Double[]::new),
              p.categories().toArray(String[]::new),
              Arrays.stream(h.counts()).boxed().toArray(Long[]::new),
              Arrays.stream(h.sums()).boxed().toArray(Double[]::new),
              h.rows(),
              h.nulls(),
              numeric && any ? h.mean() : null,
              numeric && any ? h.std() : null,
              numeric && any ? p.min() : null,
              numeric && any ? p.max() : null,
              h.sumSquares(),
              now));
    }
    Dataset<Row> df = tables.spark().createDataFrame(rows, SCHEMA);
    df.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", "baseline_id = '" + b.id().replace("'", "''") + "'")
        .option("userMetadata", "drift baseline " + b.id())
        .save(tables.lakehouse().tablePath(TABLE));
  }

  /** The baseline of a model version, if one was profiled. */
  public Optional<BaselineProfile> read(String model, String version) {
    if (!tables.exists(TABLE)) {
      return Optional.empty();
    }
    String id = BaselineProfile.id(model, version);
    List<Row> rows = tables.read(TABLE).where(col("baseline_id").equalTo(lit(id))).collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<FeatureProfile> profiles = new ArrayList<>();
    for (Row r : rows) {
      List<Double> edges = r.getList(r.fieldIndex("edges"));
      List<Long> counts = r.getList(r.fieldIndex("bin_counts"));
      List<Double> sums = r.getList(r.fieldIndex("bin_sums"));
      Histogram h =
          new Histogram(
              counts.stream().mapToLong(Long::longValue).toArray(),
              sums.stream().mapToDouble(Double::doubleValue).toArray(),
              r.getLong(r.fieldIndex("nulls")),
              r.getDouble(r.fieldIndex("sum_squares")));
      FeatureProfile.Kind kind =
          FeatureProfile.Kind.valueOf(r.<String>getAs("kind").toUpperCase(java.util.Locale.ROOT));
      profiles.add(
          new FeatureProfile(
              r.getAs("slice"),
              r.getAs("slice_value"),
              r.getAs("feature"),
              kind,
              edges.stream().mapToDouble(Double::doubleValue).toArray(),
              List.copyOf(r.<String>getList(r.fieldIndex("categories"))),
              h,
              r.isNullAt(r.fieldIndex("min")) ? 0.0 : r.<Double>getAs("min"),
              r.isNullAt(r.fieldIndex("max")) ? 0.0 : r.<Double>getAs("max")));
    }
    profiles.sort(
        java.util.Comparator.comparing((FeatureProfile p) -> !p.slice().equals(BinnedCounts.ALL))
            .thenComparing(FeatureProfile::slice)
            .thenComparing(FeatureProfile::sliceValue)
            .thenComparing(FeatureProfile::feature));
    return Optional.of(new BaselineProfile(id, model, version, profiles));
  }
}
