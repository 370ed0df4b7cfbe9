package io.ballast.jobs.calibration;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.StructType;

/**
 * The last stage of a calibrated model: replaces the two-class {@code probability} vector by {@code
 * [1 - q, q]} with {@code q} the {@link CalibrationCurve} of the positive-class probability, and
 * the {@code prediction} by {@code q >= 0.5}. The curve is stored as the stage's params, so the
 * saved {@code PipelineModel} loads it back with Spark ML's own reader: every consumer of the model
 * (scoring, validation, drift of the score, the model card) sees calibrated probabilities.
 */
public final class CalibratedProbability extends Transformer implements DefaultParamsWritable {
  private final String uid;
  private final Param<String> method;
  private final DoubleArrayParam first;
  private final DoubleArrayParam second;
  private final Param<String> probabilityCol;
  private final Param<String> predictionCol;

  public CalibratedProbability(String uid) {
    this.uid = uid;
    method = new Param<>(this, "method", "platt or isotonic");
    first = new DoubleArrayParam(this, "first", "platt: slope, intercept; isotonic: boundaries");
    second = new DoubleArrayParam(this, "second", "isotonic: the value at each boundary");
    probabilityCol = new Param<>(this, "probabilityCol", "the probability vector, replaced");
    predictionCol = new Param<>(this, "predictionCol", "the predicted class, replaced");
    setDefault(probabilityCol, "probability");
    setDefault(predictionCol, "prediction");
    setDefault(second, new double[0]);
  }

  public CalibratedProbability(CalibrationCurve curve, String probability, String prediction) {
    this(Identifiable$.MODULE$.randomUID("calibrated_probability"));
    set(method, curve.method());
    set(first, curve.first());
    set(second, curve.second());
    set(probabilityCol, probability);
    set(predictionCol, prediction);
  }

  /** Spark ML's reader finds this by reflection when it loads a saved pipeline. */
  public static MLReader<CalibratedProbability> read() {
    return new DefaultParamsReader<>();
  }

  public CalibrationCurve curve() {
    return new CalibrationCurve($(method), $(first), $(second));
  }

  public Param<String> method() {
    return method;
  }

  public DoubleArrayParam first() {
    return first;
  }

  public DoubleArrayParam second() {
    return second;
  }

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> in) {
    transformSchema(in.schema());
    CalibrationCurve c = curve();
    UserDefinedFunction f =
        udf(
            (UDF1<Vector, Vector>)
                v -> {
                  if (v == null) {
                    return null;
                  }
                  double q = c.apply(v.apply(v.size() - 1));
                  return Vectors.dense(1 - q, q);
                },
            new VectorUDT());
    String p = $(probabilityCol);
    Dataset<Row> out = in.withColumn(p, f.apply(col(p)));
    String pred = $(predictionCol);
    if (List.of(in.columns()).contains(pred)) {
      Column positive = org.apache.spark.ml.functions.vector_to_array(col(p), "float64").getItem(1);
      out = out.withColumn(pred, when(positive.geq(0.5), 1.0).otherwise(0.0));
    }
    return out;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String p = $(probabilityCol);
    if (!List.of(schema.fieldNames()).contains(p)) {
      throw new IllegalStateException(
          "calibration needs the probability column '" + p + "'; have " + schema.simpleString());
    }
    return schema;
  }

  @Override
  public CalibratedProbability copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String toString() {
    return "CalibratedProbability(" + curve() + ")";
  }
}
