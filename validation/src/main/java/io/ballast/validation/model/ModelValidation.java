package io.ballast.validation.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.ballast.features.config.ValidationSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Validates scored test rows: every metric for the whole window, every slice value and both
 * protected groups in one {@link ScoreMetrics} job (rows exploded once into their slices), the
 * fairness differences, the champion comparison by {@link Bootstrap}, then the {@link Gates}.
 */
public final class ModelValidation {
  public static final String SCORE = ScoreMetrics.SCORE;
  public static final String CHAMPION_SCORE = Bootstrap.CHAMPION_SCORE;

  /** What validation found. */
  public record Report(
      List<SliceMetrics> metrics,
      Map<String, Double> fairness,
      Optional<Comparison> comparison,
      List<GateResult> gates) {

    public boolean passed() {
      return Gates.allPassed(gates);
    }

    public SliceMetrics all() {
      return metrics.stream()
          .filter(SliceMetrics::isAll)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no 'all' metrics"));
    }
  }

  private ModelValidation() {}

  /**
   * Checks, without running a job, that every slice expression and the protected attribute resolve
   * against the rows (and the attribute is boolean); a problem exits 2 naming it.
   */
  public static void checkExpressions(Dataset<Row> rows, ValidationSpec spec) {
    for (String s : spec.slices()) {
      resolve(rows, "slice", s);
    }
    if (spec.protectedAttribute().isPresent()) {
      String p = spec.protectedAttribute().get();
      DataType t = resolve(rows, "protected_attribute", p);
      if (!t.equals(DataTypes.BooleanType)) {
        throw ValidationErrors.protectedNotBoolean(p, t.simpleString());
      }
    }
  }

  private static DataType resolve(Dataset<Row> rows, String what, String expression) {
    try {
      return rows.select(expr(expression)).schema().fields()[0].dataType();
    } catch (Exception e) { // Spark's AnalysisException is thrown unchecked from Scala
      if (e instanceof AnalysisException || e.getCause() instanceof AnalysisException) {
        throw ValidationErrors.sliceNotResolved(
            what, expression, firstLine(e.getMessage()), List.of(rows.columns()));
      }
      throw e;
    }
  }

  /**
   * @param rows {@code label}, {@code score} (the version validated), {@code score_champion} when a
   *     champion is compared, and the columns the slices read
   * @param idColumns columns identifying a row, for the bootstrap's weights
   */
  public static Report run(
      Dataset<Row> rows,
      ValidationSpec spec,
      List<String> idColumns,
      Optional<String> championVersion) {
    checkExpressions(rows, spec);
    ScoreMetrics.Params p =
        new ScoreMetrics.Params(spec.threshold(), spec.topKPercent(), spec.eceBins());
    LinkedHashSet<String> sliceExprs = new LinkedHashSet<>(spec.slices());
    spec.protectedAttribute().ifPresent(sliceExprs::add);
    List<Column> parts = new ArrayList<>();
    parts.add(struct(lit(SliceMetrics.ALL).as("s"), lit(SliceMetrics.ALL).as("v")));
    for (String s : sliceExprs) {
      parts.add(struct(lit(s).as("s"), coalesce(expr(s).cast("string"), lit("null")).as("v")));
    }
    Dataset<Row> sliced =
        rows.select(
                col(ScoreMetrics.LABEL),
                col(SCORE),
                lit(1.0).as(ScoreMetrics.WEIGHT),
                explode(array(parts.toArray(Column[]::new))).as("_slice"))
            .select(
                col("_slice.s").as("slice"),
                col("_slice.v").as("slice_value"),
                col(SCORE),
                col(ScoreMetrics.LABEL),
                col(ScoreMetrics.WEIGHT));
    rows.sparkSession().sparkContext().setJobDescription("validation metrics by slice");
    List<SliceMetrics> metrics =
        ScoreMetrics.compute(sliced, List.of("slice", "slice_value"), p)
            .orderBy("slice", "slice_value")
            .collectAsList()
            .stream()
            .map(SliceMetrics::of)
            .toList();
    Map<String, Double> fairness = Map.of();
    if (spec.protectedAttribute().isPresent()) {
      String pa = spec.protectedAttribute().get();
      fairness = Fairness.differences(group(metrics, pa, "true"), group(metrics, pa, "false"));
    }
    Optional<Comparison> comparison = Optional.empty();
    if (championVersion.isPresent() && spec.champion().isPresent()) {
      ValidationSpec.ChampionGate c = spec.champion().get();
      comparison =
          Optional.of(
              Bootstrap.compare(
                  rows.withColumnRenamed(SCORE, Bootstrap.CHALLENGER_SCORE),
                  idColumns,
                  c.metric(),
                  c.bootstrap(),
                  c.confidence(),
                  c.seed(),
                  p));
    }
    rows.sparkSession().sparkContext().setJobDescription(null);
    List<GateResult> gates = Gates.evaluate(spec, metrics, fairness, championVersion, comparison);
    return new Report(metrics, fairness, comparison, gates);
  }

  private static Optional<SliceMetrics> group(List<SliceMetrics> m, String slice, String value) {
    return m.stream()
        .filter(s -> s.slice().equals(slice) && s.sliceValue().equals(value))
        .findFirst();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "it does not resolve";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
