package io.ballast.orchestration.graph;

import io.ballast.features.config.Aggregate;
import io.ballast.features.config.Feature;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.Schedule;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.Lakehouse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two task graphs of a pipeline definition. Daily: quality of each source, then per feature
 * table a build and its quality gate, then scoring, then drift of features and predictions and
 * (with a label) the live performance of the scored days whose labels matured that day. Retraining:
 * training set, train, validate, promote.
 */
public final class TaskGraphs {
  /** The quality results table every quality check writes. */
  public static final String QUALITY_RESULTS = BallastTable.QUALITY_RESULTS.qualified();

  /** The drift results table both drift tasks write. */
  public static final String DRIFT = BallastTable.DRIFT.qualified();

  /** The tracking and registry tables training and promotion write. */
  public static final String RUNS = BallastTable.RUNS.qualified();

  public static final String MODEL_VERSIONS = BallastTable.MODEL_VERSIONS.qualified();
  public static final String MODEL_METRICS = BallastTable.MODEL_METRICS.qualified();
  public static final String MODEL_ALIASES = BallastTable.MODEL_ALIASES.qualified();

  /** The Airflow template giving the retraining run's trigger reason, "manual" when none. */
  public static final String REASON = "{{ (dag_run.conf or {}).get('reason', 'manual') }}";

  /** The Airflow template giving the trigger's drift summary as JSON, {} when none. */
  public static final String DRIFT_SUMMARY =
      "{{ (dag_run.conf or {}).get('drift_summary', {}) | tojson }}";

  /**
   * The conf templates' values in a local run, which has no conf: {@link #REASON}'s own fallback;
   * {@link #DRIFT_SUMMARY} is not listed, so a local train is given no drift summary (there was no
   * drift trigger).
   */
  public static final Map<String, String> LOCAL_CONF = Map.of(REASON, "manual");

  private TaskGraphs() {}

  public static String dailyName(PipelineDefinition def) {
    return "ballast_" + def.name() + "_daily";
  }

  public static String retrainName(PipelineDefinition def) {
    return "ballast_" + def.name() + "_retrain";
  }

  public static String predictions(PipelineDefinition def) {
    return Lakehouse.qualified(BallastTable.predictionsTable(def));
  }

  public static String trainingSet(PipelineDefinition def) {
    return Lakehouse.qualified(def.name() + "_training_set");
  }

  /**
   * The daily graph.
   *
   * @param pipeline how the tasks name the definition file (a path on the machine that runs them)
   */
  public static TaskGraph daily(PipelineDefinition def, String pipeline) {
    Builder b = new Builder(def.schedule());
    // Quality gates only where the definition declares checks (its quality section).
    List<String> sources =
        sourcesRead(def).stream().filter(s -> def.quality().containsKey(s)).toList();
    for (String s : sources) {
      b.add(
          "quality_check_" + s,
          List.of("quality", "check", "--pipeline", pipeline, "--table", s, "--date", Task.DS),
          List.of(),
          List.of(def.source(s).location()),
          List.of(QUALITY_RESULTS));
    }
    List<String> gates = new ArrayList<>();
    List<String> featureTables = new ArrayList<>();
    for (FeatureTable t : def.featureTables()) {
      String table = Lakehouse.qualified(t.name());
      featureTables.add(table);
      List<String> reads = sourcesRead(t);
      b.add(
          "features_build_" + t.name(),
          List.of(
              "features", "build", "--pipeline", pipeline, "--table", t.name(), "--date", Task.DS),
          reads.stream().filter(sources::contains).map(s -> "quality_check_" + s).toList(),
          reads.stream().map(s -> def.source(s).location()).toList(),
          List.of(table));
      if (!def.quality().containsKey(t.name())) {
        gates.add("features_build_" + t.name());
        continue;
      }
      String gate = "quality_check_" + t.name();
      gates.add(gate);
      b.add(
          gate,
          List.of(
              "quality", "check", "--pipeline", pipeline, "--table", t.name(), "--date", Task.DS),
          List.of("features_build_" + t.name()),
          List.of(table),
          List.of(QUALITY_RESULTS));
    }
    b.add(
        "score",
        List.of("score", "--pipeline", pipeline, "--date", Task.DS),
        gates,
        featureTables,
        List.of(predictions(def)));
    b.add(
        "drift_features",
        List.of("drift", "features", "--pipeline", pipeline, "--date", Task.DS),
        List.of("score"),
        featureTables,
        List.of(DRIFT));
    b.add(
        "drift_predictions",
        List.of("drift", "predictions", "--pipeline", pipeline, "--date", Task.DS),
        List.of("score"),
        List.of(predictions(def)),
        List.of(DRIFT));
    // Live performance needs labels: without a label there is nothing to measure.
    def.label()
        .ifPresent(
            l ->
                b.add(
                    "live_performance",
                    List.of("drift", "performance", "--pipeline", pipeline, "--date", Task.DS),
                    List.of("score"),
                    List.of(predictions(def), def.source(l.source()).location()),
                    List.of(MODEL_METRICS)));
    return TaskGraph.of(dailyName(def), b.tasks);
  }

  /**
   * The retraining graph. The train task takes the trigger's reason and drift summary from the
   * Airflow run's {@code conf} ({@link #REASON}, {@link #DRIFT_SUMMARY}).
   */
  public static TaskGraph retraining(PipelineDefinition def, String pipeline) {
    Builder b = new Builder(def.schedule());
    List<String> inputs = new ArrayList<>();
    def.featureTables().forEach(t -> inputs.add(Lakehouse.qualified(t.name())));
    def.label().ifPresent(l -> inputs.add(def.source(l.source()).location()));
    String trainingSet = trainingSet(def);
    b.add(
        "training_set",
        List.of("features", "training-set", "--pipeline", pipeline, "--date", Task.DS),
        List.of(),
        inputs,
        List.of(trainingSet));
    b.add(
        "train",
        List.of(
            "train",
            "--pipeline",
            pipeline,
            "--date",
            Task.DS,
            "--reason",
            REASON,
            "--drift-summary",
            DRIFT_SUMMARY),
        List.of("training_set"),
        List.of(trainingSet),
        List.of(RUNS, MODEL_VERSIONS));
    b.add(
        "validate",
        List.of("model", "validate", "--pipeline", pipeline, "--date", Task.DS),
        List.of("train"),
        List.of(trainingSet, MODEL_VERSIONS),
        List.of(MODEL_METRICS));
    b.add(
        "promote",
        List.of("model", "promote", "--pipeline", pipeline, "--date", Task.DS),
        List.of("validate"),
        List.of(MODEL_METRICS, MODEL_VERSIONS),
        List.of(MODEL_ALIASES));
    return TaskGraph.of(retrainName(def), b.tasks);
  }

  /** The sources the feature tables read, in order of first use. */
  static List<String> sourcesRead(PipelineDefinition def) {
    Set<String> all = new LinkedHashSet<>();
    def.featureTables().forEach(t -> all.addAll(sourcesRead(t)));
    return List.copyOf(all);
  }

  /** A table's own source, then the other sources its aggregates read. */
  static List<String> sourcesRead(FeatureTable t) {
    Set<String> s = new LinkedHashSet<>();
    s.add(t.source());
    for (Feature f : t.features()) {
      f.aggregate().flatMap(Aggregate::source).ifPresent(s::add);
    }
    return List.copyOf(s);
  }

  private static final class Builder {
    private final Schedule schedule;
    private final List<Task> tasks = new ArrayList<>();

    Builder(Schedule schedule) {
      this.schedule = schedule;
    }

    void add(
        String id,
        List<String> args,
        List<String> upstream,
        List<String> reads,
        List<String> writes) {
      tasks.add(
          new Task(
              id,
              args,
              upstream,
              reads,
              writes,
              schedule.retries(),
              Duration.ofMinutes(schedule.retryDelayMinutes())));
    }
  }
}
