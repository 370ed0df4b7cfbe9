package io.ballast.jobs.train;

import io.ballast.features.config.ModelSpec;
import io.ballast.scoring.drift.TrainingBaseline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;

/**
 * The Spark ML pipeline of a model, from raw feature columns to a probability: numeric features
 * cast to double and imputed (median), categorical ones indexed (unseen and null values kept as
 * their own index) and one-hot encoded, all assembled, scaled for linear models, then the
 * estimator. The saved {@code PipelineModel} scores feature rows as they are in the feature tables.
 */
public final class ModelPipelines {
  public static final String LABEL = "label";
  public static final String WEIGHT = "_weight";
  public static final String FEATURES = "_features";
  public static final String PROBABILITY = TrainingBaseline.PROBABILITY;
  public static final String PREDICTION = "prediction";

  private ModelPipelines() {}

  /** The pipeline and its estimator (whose params the search sets). */
  public record Built(Pipeline pipeline, PipelineStage estimator) {}

  public static Built build(ModelSpec spec, List<String> features, boolean weighted, long seed) {
    List<String> numeric = features.stream().filter(f -> !spec.categorical().contains(f)).toList();
    List<String> categorical =
        features.stream().filter(f -> spec.categorical().contains(f)).toList();
    List<PipelineStage> stages = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT *");
    numeric.forEach(
        f ->
            sql.append(", CAST(`")
                .append(f)
                .append("` AS DOUBLE) AS `_num_")
                .append(f)
                .append('`'));
    categorical.forEach(
        f ->
            sql.append(", CAST(`")
                .append(f)
                .append("` AS STRING) AS `_str_")
                .append(f)
                .append('`'));
    stages.add(new SQLTransformer().setStatement(sql.append(" FROM __THIS__").toString()));
    List<String> assembled = new ArrayList<>();
    if (!numeric.isEmpty()) {
      String[] in = numeric.stream().map(f -> "_num_" + f).toArray(String[]::new);
      String[] out = numeric.stream().map(f -> "_imp_" + f).toArray(String[]::new);
      stages.add(new Imputer().setStrategy("median").setInputCols(in).setOutputCols(out));
      assembled.addAll(List.of(out));
    }
    if (!categorical.isEmpty()) {
      String[] in = categorical.stream().map(f -> "_str_" + f).toArray(String[]::new);
      String[] idx = categorical.stream().map(f -> "_idx_" + f).toArray(String[]::new);
      String[] ohe = categorical.stream().map(f -> "_ohe_" + f).toArray(String[]::new);
      stages.add(
          new StringIndexer()
              .setInputCols(in)
              .setOutputCols(idx)
              .setHandleInvalid("keep")
              .setStringOrderType("frequencyDesc"));
      stages.add(new OneHotEncoder().setInputCols(idx).setOutputCols(ohe).setHandleInvalid("keep"));
      assembled.addAll(List.of(ohe));
    }
    boolean scale = spec.algorithm().needsScaling();
    String assembledCol = scale ? "_unscaled" : FEATURES;
    stages.add(
        new VectorAssembler()
            .setInputCols(assembled.toArray(String[]::new))
            .setOutputCol(assembledCol)
            .setHandleInvalid("keep"));
    if (scale) {
      stages.add(
          new StandardScaler()
              .setInputCol(assembledCol)
              .setOutputCol(FEATURES)
              .setWithMean(false)
              .setWithStd(true));
    }
    PipelineStage estimator = estimator(spec, weighted, seed);
    stages.add(estimator);
    return new Built(new Pipeline().setStages(stages.toArray(PipelineStage[]::new)), estimator);
  }

  static PipelineStage estimator(ModelSpec spec, boolean weighted, long seed) {
    ProbabilisticClassifier<?, ?, ?> c =
        switch (spec.algorithm()) {
          case LOGISTIC_REGRESSION -> new LogisticRegression().setMaxIter(100);
          case GBT -> new GBTClassifier().setSeed(seed).setMaxIter(50).setCheckpointInterval(10);
          case RANDOM_FOREST -> new RandomForestClassifier().setSeed(seed).setNumTrees(50);
          case XGBOOST -> xgboost(seed);
        };
    c.setFeaturesCol(FEATURES).setLabelCol(LABEL).setProbabilityCol(PROBABILITY);
    c.setPredictionCol(PREDICTION);
    if (weighted) {
      c.set(c.getParam("weightCol"), WEIGHT);
    }
    return c;
  }

  /**
   * XGBoost hist on one worker by default (set numWorkers for a cluster). The assembler emits
   * sparse vectors when many values are zero, which XGBoost accepts only with missing = 0.0: real
   * missing values are imputed before, so a zero is a zero either way.
   */
  static XGBoostClassifier xgboost(long seed) {
    XGBoostClassifier x = new XGBoostClassifier();
    x.set(x.getParam("treeMethod"), "hist");
    x.set(x.getParam("missing"), 0.0f);
    x.set(x.getParam("numRound"), 100);
    x.set(x.getParam("numWorkers"), 1);
    x.set(x.getParam("seed"), seed);
    return x;
  }

  /** The estimator's params for one candidate, each value converted to the param's type. */
  @SuppressWarnings("unchecked")
  public static ParamMap params(String model, PipelineStage estimator, Map<String, Object> values) {
    ParamMap pm = new ParamMap();
    values.forEach(
        (k, v) -> {
          Param<Object> p = (Param<Object>) estimator.getParam(k);
          Object typed = convert(model, p, k, v);
          if (!((Boolean) p.isValid().apply(typed))) {
            throw TrainingErrors.badHyperparameter(model, k, String.valueOf(v), p.doc());
          }
          pm.put(p, typed);
        });
    return pm;
  }

  private static Object convert(String model, Param<?> p, String k, Object v) {
    try {
      if (p instanceof IntParam) {
        return Math.toIntExact(wholeNumber(v));
      }
      if (p instanceof LongParam) {
        return wholeNumber(v);
      }
      if (p instanceof FloatParam) {
        return ((Number) v).floatValue();
      }
      if (p instanceof DoubleParam) {
        return ((Number) v).doubleValue();
      }
      if (p instanceof BooleanParam) {
        return (Boolean) v;
      }
      return String.valueOf(v);
    } catch (ClassCastException | ArithmeticException e) {
      throw TrainingErrors.badHyperparameter(model, k, String.valueOf(v), p.doc());
    }
  }

  private static long wholeNumber(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Double d && d == Math.rint(d)) {
      return d.longValue();
    }
    throw new ClassCastException();
  }
}
