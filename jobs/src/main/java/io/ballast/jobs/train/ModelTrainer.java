package io.ballast.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ballast.features.LakehouseErrors;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.SearchSpec;
import io.ballast.features.pit.FeatureValues;
import io.ballast.features.pit.TimeSplit;
import io.ballast.features.pit.TimeSplit.WindowStats;
import io.ballast.jobs.calibration.CalibratedProbability;
import io.ballast.jobs.calibration.CalibrationReport;
import io.ballast.jobs.calibration.Calibrators;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Fits a model on a point-in-time training set: split by time, weigh classes, search candidates in
 * parallel (each fitted on the training window and scored on the validation window), refit the best
 * on training + validation when there was a search, and measure every window. The set is cached
 * once and released at the end.
 */
public final class ModelTrainer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelTrainer.class);

  private ModelTrainer() {}

  /** One search candidate: its hyperparameters and validation metric. */
  public record Candidate(int index, Map<String, Object> params, double metric) {}

  /** What was fitted. */
  public record Fitted(
      PipelineModel model,
      Map<String, Object> bestParams,
      String searchMetric,
      List<Candidate> candidates,
      Map<String, WindowStats> windows,
      Map<String, Evaluation> evaluations,
      boolean refit,
      Optional<CalibrationReport> calibration) {}

  /**
   * Rows and positives of each window of a label spine (keys, event_ts, label), one aggregation.
   */
  public static Map<String, WindowStats> windowStats(Dataset<Row> labels, TimeSplit split) {
    Map<String, WindowStats> out = new LinkedHashMap<>();
    split
        .assign(labels)
        .where(col(ModelPipelines.LABEL).isNotNull())
        .groupBy(TimeSplit.COLUMN)
        .agg(
            count(lit(1)),
            sum(
                when(col(ModelPipelines.LABEL).cast("double").equalTo(1.0), lit(1L))
                    .otherwise(lit(0L))))
        .collectAsList()
        .forEach(r -> out.put(r.getString(0), new WindowStats(r.getLong(1), r.getLong(2))));
    return out;
  }

  /**
   * The training set checked and cached: its label windows, its feature values' verdict and each
   * candidate's params. Made before any run is recorded; {@link #release} frees the cache.
   */
  public record Prepared(
      Dataset<Row> data,
      Map<String, WindowStats> windows,
      TrainingData.Verdict values,
      ModelPipelines.Built pipeline,
      List<Map<String, Object>> candidates,
      List<ParamMap> params) {
    public void release() {
      data.unpersist();
    }

    public List<String> warnings() {
      return values.warnings();
    }
  }

  /** Prepares, fits and releases (benchmarks and tests). */
  public static Fitted fit(
      Dataset<Row> trainingSet, ModelSpec spec, List<String> features, TimeSplit split) {
    Prepared p = prepare(trainingSet, spec, features, split, Map.of());
    try {
      return fit(p, spec);
    } finally {
      p.release();
    }
  }

  /**
   * Everything that can refuse a training set, before any fitting: its columns and their types
   * (schema only), each candidate's hyperparameters (plain Java), then one Spark job over the
   * cached set computing, per window, the label counts and every feature's value counts ({@link
   * FeatureValues}): an empty window, a label that is not 0/1 or has one class, a feature with no
   * value or with infinite values are refused ({@link TrainingData}).
   *
   * @param tables feature -> its feature table, for messages
   */
  public static Prepared prepare(
      Dataset<Row> trainingSet,
      ModelSpec spec,
      List<String> features,
      TimeSplit split,
      Map<String, String> tables) {
    List<String> have = List.of(trainingSet.columns());
    List<String> needed = new ArrayList<>(features);
    needed.add(ModelPipelines.LABEL);
    needed.add(io.ballast.features.build.FeatureBuilder.EVENT_TS);
    List<String> missing = needed.stream().filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw LakehouseErrors.missingColumns(
          "train model " + spec.name(), "the training set", missing, have);
    }
    Map<String, String> wrong =
        FeatureValues.wrongTypes(trainingSet.schema(), features, spec.categorical());
    if (!wrong.isEmpty()) {
      throw TrainingErrors.wrongFeatureTypes(spec.name(), wrong, tables);
    }
    // Convert every candidate first: a bad value fails before any Spark work.
    boolean weighted = spec.classWeight() == ModelSpec.ClassWeight.BALANCED;
    ModelPipelines.Built built = ModelPipelines.build(spec, features, weighted, SearchSpace.SEED);
    List<Map<String, Object>> candidates = SearchSpace.candidates(spec.params(), spec.search());
    List<ParamMap> maps = new ArrayList<>();
    for (Map<String, Object> c : candidates) {
      maps.add(ModelPipelines.params(spec.name(), built.estimator(), c));
    }
    Dataset<Row> labelled =
        split
            .assign(trainingSet)
            .withColumn(ModelPipelines.LABEL, col(ModelPipelines.LABEL).cast("double"))
            .where(col(ModelPipelines.LABEL).isNotNull())
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Column> aggs = new ArrayList<>();
      aggs.add(sum(ModelPipelines.LABEL));
      aggs.add(min(ModelPipelines.LABEL));
      aggs.add(max(ModelPipelines.LABEL));
      aggs.add(sum(when(col(ModelPipelines.LABEL).isin(0.0, 1.0), lit(0)).otherwise(lit(1))));
      aggs.addAll(FeatureValues.aggregates(labelled.schema(), features));
      Map<String, Row> stats = new HashMap<>();
      labelled
          .groupBy(TimeSplit.COLUMN)
          .agg(count(lit(1)), aggs.toArray(Column[]::new))
          .collectAsList()
          .forEach(r -> stats.put(r.getString(0), r));
      Map<String, WindowStats> windows = new LinkedHashMap<>();
      Map<String, Map<String, FeatureValues.Counts>> values = new LinkedHashMap<>();
      for (String w : List.of(TimeSplit.TRAIN, TimeSplit.VALIDATION, TimeSplit.TEST)) {
        Row r = stats.get(w);
        if (r == null || r.getLong(1) == 0) {
          var d = split.window(w);
          throw TrainingErrors.emptyWindow(spec.name(), w, d[0].toString(), d[1].toString());
        }
        if (r.getLong(5) > 0) {
          throw TrainingErrors.labelNotBinary(
              spec.name(), w, r.getLong(5), r.getDouble(3), r.getDouble(4));
        }
        if (r.getDouble(3) == r.getDouble(4)) {
          throw TrainingErrors.singleClass(spec.name(), w, r.getLong(1), r.getDouble(3));
        }
        windows.put(w, new WindowStats(r.getLong(1), Math.round(r.getDouble(2))));
        values.put(w, FeatureValues.read(r, 6, r.getLong(1), features));
      }
      TrainingData.Verdict verdict = TrainingData.check(spec.name(), split, values, tables);
      return new Prepared(labelled, windows, verdict, built, candidates, maps);
    } catch (RuntimeException e) {
      labelled.unpersist();
      throw e;
    }
  }

  /** Fits a prepared training set (cached; the caller releases it). */
  public static Fitted fit(Prepared p, ModelSpec spec) {
    Map<String, WindowStats> windows = p.windows();
    boolean weighted = spec.classWeight() == ModelSpec.ClassWeight.BALANCED;
    WindowStats t = windows.get(TimeSplit.TRAIN);
    double wPos = t.rows() / (2.0 * t.positives());
    double wNeg = t.rows() / (2.0 * (t.rows() - t.positives()));
    Dataset<Row> data =
        p.data()
            .withColumn(
                ModelPipelines.WEIGHT,
                weighted
                    ? when(col(ModelPipelines.LABEL).equalTo(1.0), lit(wPos)).otherwise(lit(wNeg))
                    : lit(1.0));
    return fitCached(data, spec, windows, p.pipeline(), p.candidates(), p.params());
  }

  private static Fitted fitCached(
      Dataset<Row> data,
      ModelSpec spec,
      Map<String, WindowStats> windows,
      ModelPipelines.Built built,
      List<Map<String, Object>> candidates,
      List<ParamMap> maps) {
    Dataset<Row> train = data.where(col(TimeSplit.COLUMN).equalTo(TimeSplit.TRAIN));
    Dataset<Row> validation = data.where(col(TimeSplit.COLUMN).equalTo(TimeSplit.VALIDATION));
    Dataset<Row> test = data.where(col(TimeSplit.COLUMN).equalTo(TimeSplit.TEST));
    String metric = spec.search().map(SearchSpec::metric).orElse("areaUnderROC");
    int parallelism = spec.search().map(SearchSpec::parallelism).orElse(1);
    List<PipelineModel> models = new ArrayList<>();
    List<Candidate> scored = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, maps.size())));
    CandidateProgress progress =
        CandidateProgress.start(
            spec.name(), maps.size(), parallelism, windows.get(TimeSplit.TRAIN).rows());
    try {
      List<Future<Object[]>> futures = new ArrayList<>();
      for (int i = 0; i < maps.size(); i++) {
        final int index = i;
        futures.add(
            pool.submit(
                () -> {
                  long t0 = System.nanoTime();
                  data.sparkSession()
                      .sparkContext()
                      .setJobDescription("train " + spec.name() + " candidate " + index);
                  PipelineModel m = built.pipeline().fit(train, maps.get(index));
                  double v = Evaluation.metric(m.transform(validation), metric);
                  progress.finished(
                      index, metric, v, java.time.Duration.ofNanos(System.nanoTime() - t0));
                  return new Object[] {m, v};
                }));
      }
      for (int i = 0; i < futures.size(); i++) {
        Object[] r = futures.get(i).get();
        models.add((PipelineModel) r[0]);
        scored.add(new Candidate(i, candidates.get(i), (Double) r[1]));
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("fitting a candidate failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fitting", e);
    } finally {
      pool.shutdownNow();
    }
    int best = 0;
    for (Candidate c : scored) {
      if (c.metric() > scored.get(best).metric()) {
        best = c.index();
      }
    }
    PipelineModel searched = models.get(best);
    // Calibration needs rows the model did not learn from: with calibration, the validation window
    // is kept out of the fit (no refit on training + validation) and the calibrator learns there.
    boolean calibrate = spec.calibration() != ModelSpec.Calibration.NONE;
    boolean refit = maps.size() > 1 && !calibrate;
    if (refit) {
      LOG.info(
          "train {}: refitting candidate {} of {} on the training and validation windows",
          spec.name(),
          best + 1,
          maps.size());
    }
    PipelineModel base =
        refit ? built.pipeline().fit(train.union(validation), maps.get(best)) : searched;
    PipelineModel model = base;
    Optional<CalibrationReport> report = Optional.empty();
    if (calibrate) {
      data.sparkSession().sparkContext().setJobDescription("calibrate " + spec.name());
      LOG.info(
          "train {}: calibrating ({}) on the validation window",
          spec.name(),
          spec.calibration().name().toLowerCase(java.util.Locale.ROOT));
      CalibratedProbability cal =
          Calibrators.fit(
              base.transform(validation),
              spec.calibration(),
              spec.name(),
              ModelPipelines.PROBABILITY,
              ModelPipelines.PREDICTION,
              ModelPipelines.LABEL);
      model = calibrated(base, cal);
      int bins = spec.validation().eceBins();
      report =
          Optional.of(
              new CalibrationReport(
                  spec.calibration().key(),
                  cal.curve().toString(),
                  reliability(base.transform(validation), bins),
                  reliability(model.transform(validation), bins),
                  reliability(base.transform(test), bins),
                  reliability(model.transform(test), bins)));
    }
    Map<String, Evaluation> evals = new LinkedHashMap<>();
    evals.put(TimeSplit.TRAIN, Evaluation.of(model.transform(train)));
    evals.put(
        TimeSplit.VALIDATION, Evaluation.of((calibrate ? model : searched).transform(validation)));
    evals.put(TimeSplit.TEST, Evaluation.of(model.transform(test)));
    return new Fitted(
        model, candidates.get(best), metric, List.copyOf(scored), windows, evals, refit, report);
  }

  /** The fitted pipeline with the calibrator as its last stage. */
  static PipelineModel calibrated(PipelineModel base, CalibratedProbability cal) {
    Transformer[] stages = java.util.Arrays.copyOf(base.stages(), base.stages().length + 1);
    stages[stages.length - 1] = cal;
    return new PipelineModel(base.uid(), stages);
  }

  private static io.ballast.jobs.calibration.Reliability reliability(
      Dataset<Row> scored, int bins) {
    return Calibrators.reliability(scored, ModelPipelines.PROBABILITY, ModelPipelines.LABEL, bins);
  }
}
