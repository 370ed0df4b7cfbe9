package io.ballast.jobs.train;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.ballast.features.pit.TimeSplit;
import io.ballast.features.tracking.Metric;
import io.ballast.features.tracking.ModelVersion;
import io.ballast.features.tracking.RecordedRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A reproduction compared with the run it reproduces: params exactly, metrics and the probabilities
 * both models give the test window's rows within a tolerance. Lines are kept in the order compared:
 * params, metrics, predictions.
 */
final class RunComparison {
  /** Params that are model outputs, compared through the predictions rather than as text. */
  static final Set<String> NOT_COMPARED = Set.of("calibration.curve");

  /**
   * Params recorded only since reproduction exists (and {@code feature_join.*}, since event-keyed
   * joins): absent from older runs, not a difference.
   */
  static final Set<String> RECORDED_SINCE = Set.of("seed");

  private final double tolerance;
  private final List<Reproduction.Line> lines = new ArrayList<>();
  private final List<String> differing = new ArrayList<>();
  private int paramsCompared;
  private double maxMetricDiff;
  private boolean metricsOk = true;
  private boolean metricsExact = true;
  private long testRows;
  private double maxPredictionDiff;
  private boolean predictionsOk;

  RunComparison(double tolerance) {
    this.tolerance = tolerance;
  }

  /** Compares the params as text; a param only the reproduction records is no difference. */
  void params(Map<String, String> original, Map<String, String> reproduced) {
    Set<String> keys = new TreeSet<>(original.keySet());
    keys.addAll(reproduced.keySet());
    for (String k : keys) {
      String a = original.get(k);
      String b = reproduced.get(k);
      if (NOT_COMPARED.contains(k)
          || (a == null && (RECORDED_SINCE.contains(k) || k.startsWith("feature_join.")))) {
        continue;
      }
      paramsCompared++;
      if (a == null || !a.equals(b)) {
        differing.add(k);
        lines.add(
            new Reproduction.Line("param", k, String.valueOf(a), String.valueOf(b), null, false));
      }
    }
  }

  /** Compares every metric the original recorded with the reproduction's. */
  void metrics(Map<String, Double> original, List<Metric> reproduced) {
    Map<String, Double> mine = new TreeMap<>();
    reproduced.forEach(m -> mine.put(RecordedRun.metricKey(m.key(), m.step()), m.value()));
    for (var e : original.entrySet()) {
      Double b = mine.get(e.getKey());
      double a = e.getValue();
      Double diff = b == null ? null : difference(a, b);
      boolean ok = diff != null && diff <= tolerance;
      metricsOk &= ok;
      metricsExact &= diff != null && diff == 0.0;
      if (diff != null) {
        maxMetricDiff = Math.max(maxMetricDiff, diff);
      }
      lines.add(
          new Reproduction.Line(
              "metric", e.getKey(), String.valueOf(a), String.valueOf(b), diff, ok));
    }
  }

  /** Compares the probabilities on the test window's rows of {@code data}: one Spark job. */
  void predictions(Dataset<Row> data, ModelVersion version, PipelineModel repro) {
    Row pred = predictionDifference(data, version, repro);
    testRows = pred.getLong(1);
    maxPredictionDiff = pred.isNullAt(0) ? Double.NaN : pred.getDouble(0);
    predictionsOk = maxPredictionDiff <= tolerance;
    lines.add(
        new Reproduction.Line(
            "predictions",
            "P(label = 1), " + testRows + " test rows: max |diff|",
            "version " + version.version(),
            "reproduction",
            maxPredictionDiff,
            predictionsOk));
  }

  Reproduction.Verdict verdict() {
    if (!differing.isEmpty() || !metricsOk || !predictionsOk) {
      return Reproduction.Verdict.DIFFERS;
    }
    return metricsExact && maxPredictionDiff == 0.0
        ? Reproduction.Verdict.EQUAL
        : Reproduction.Verdict.WITHIN_TOLERANCE;
  }

  List<Reproduction.Line> lines() {
    return lines;
  }

  List<String> differing() {
    return differing;
  }

  int paramsCompared() {
    return paramsCompared;
  }

  double maxMetricDiff() {
    return maxMetricDiff;
  }

  long testRows() {
    return testRows;
  }

  double maxPredictionDiff() {
    return maxPredictionDiff;
  }

  /** |a - b|, 0 when both are NaN (an undefined metric reproduced as undefined). */
  static double difference(double a, double b) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return 0.0;
    }
    return Math.abs(a - b);
  }

  /**
   * The largest absolute difference between the probabilities the original version and the
   * reproduction give the test window's rows, and the row count: one Spark job, both models applied
   * one after the other to the same rows (no join).
   */
  static Row predictionDifference(Dataset<Row> data, ModelVersion version, PipelineModel repro) {
    PipelineModel original = PipelineModel.load(version.sparkmlPath());
    Dataset<Row> test = data.where(col(TimeSplit.COLUMN).equalTo(TimeSplit.TEST));
    List<Column> keep = new ArrayList<>();
    for (String c : test.columns()) {
      keep.add(col("`" + c.replace("`", "``") + "`"));
    }
    keep.add(score().as("_p_original"));
    Dataset<Row> first = original.transform(test).select(keep.toArray(Column[]::new));
    return repro
        .transform(first)
        .select(max(abs(score().minus(col("_p_original")))), count(lit(1)))
        .first();
  }

  private static Column score() {
    return element_at(vector_to_array(col(ModelPipelines.PROBABILITY), "float64"), 2);
  }
}
