package io.ballast.features.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSectionTest {
  private final PipelineLoader loader = new PipelineLoader(new SparkExpressionParser());

  private static final String BASE =
      """
      name: tiny
      entities:
        customer: {keys: [customer_id]}
      sources:
        tx: {table: ballast.tx, event_time: event_ts, partition_column: ds}
      feature_tables:
        - name: f
          entity: customer
          source: tx
          features:
            - {name: amount, expr: amount}
            - {name: category, expr: category}
            - {name: n_7d, agg: count, window: 7d}
      """;

  @Test
  void readsAModelWithSearch() {
    PipelineDefinition def =
        loader.parse(
            BASE
                + """
                models:
                  - name: fraud_model
                    algorithm: gbt
                    categorical: [category]
                    training_window_days: 5
                    params: {maxDepth: 5, stepSize: 0.1}
                    search: {method: grid, parallelism: 2, grid: {maxDepth: [3, 5]}}
                    class_weight: none
                """,
            "tiny.yaml");
    ModelSpec m = def.model("fraud_model").orElseThrow();
    assertThat(m.algorithm()).isEqualTo(Algorithm.GBT);
    assertThat(m.featuresOr(def.featureNames())).containsExactly("amount", "category", "n_7d");
    assertThat(m.categorical()).containsExactly("category");
    assertThat(m.totalDays()).isEqualTo(7);
    assertThat(m.params()).isEqualTo(Map.of("maxDepth", 5L, "stepSize", 0.1));
    SearchSpec s = m.search().orElseThrow();
    assertThat(s.method()).isEqualTo(SearchSpec.Method.GRID);
    assertThat(s.metric()).isEqualTo("areaUnderROC");
    assertThat(s.grid()).isEqualTo(Map.of("maxDepth", List.of(3L, 5L)));
    assertThat(m.classWeight()).isEqualTo(ModelSpec.ClassWeight.NONE);
    assertThat(m.calibration()).isEqualTo(ModelSpec.Calibration.PLATT);
  }

  @Test
  void readsCalibrationAndLabelMaturityAndMinimums() {
    String yaml =
        BASE.replace(
                "  tx: {table: ballast.tx, event_time: event_ts, partition_column: ds}",
                "  tx: {table: ballast.tx, event_time: event_ts, partition_column: ds}\n"
                    + "  labels: {table: ballast.labels, event_time: event_ts, known_at: label_ts}")
            + """
            label: {source: labels, column: is_fraud, maturity: 36h, min_labels: 200, min_positives: 0}
            models:
              - {name: iso, algorithm: gbt, calibration: isotonic}
              - {name: raw, algorithm: gbt, calibration: None}
            """;
    PipelineDefinition def = loader.parse(yaml, "tiny.yaml");
    assertThat(def.model("iso").orElseThrow().calibration())
        .isEqualTo(ModelSpec.Calibration.ISOTONIC);
    assertThat(def.model("raw").orElseThrow().calibration()).isEqualTo(ModelSpec.Calibration.NONE);
    Label l = def.label().orElseThrow();
    assertThat(l.maturity()).contains(java.time.Duration.ofHours(36));
    assertThat(l.minLabels()).isEqualTo(200);
    assertThat(l.minPositives()).isZero();
    Label dflt =
        loader
            .parse(yaml.replace(", maturity: 36h, min_labels: 200, min_positives: 0", ""), "t.yaml")
            .label()
            .orElseThrow();
    assertThat(dflt.maturity()).isEmpty();
    assertThat(dflt.minLabels()).isEqualTo(Label.DEFAULT_MIN_LABELS);
    assertThat(
            loader
                .parse(yaml.replace("maturity: 36h", "maturity: 0d"), "t.yaml")
                .label()
                .orElseThrow()
                .maturity())
        .contains(java.time.Duration.ZERO);
    assertThatThrownBy(
            () ->
                loader.parse(
                    yaml.replace("maturity: 36h", "maturity: soon")
                        .replace("min_labels: 200", "min_labels: -1")
                        .replace("calibration: isotonic", "calibration: beta"),
                    "bad.yaml"))
        .hasMessageContaining(
            "label.maturity: 'soon' is not a duration; use a number and s, m, h or d (e.g. 7d)")
        .hasMessageContaining("label.min_labels: expected a whole number >= 0")
        .hasMessageContaining(
            "models[0].calibration: unknown calibration 'beta'; use platt, isotonic or none");
  }

  @Test
  void readsChosenWindowsAndReportsBadOnes() {
    PipelineDefinition def =
        loader.parse(
            BASE
                + """
                models:
                  - name: chosen
                    algorithm: gbt
                    windows: {train: [2026-01-01, 2026-02-28], test: [2026-03-01, "2026-03-31"]}
                  - name: derived
                    algorithm: gbt
                """,
            "tiny.yaml");
    assertThat(def.model("chosen").orElseThrow().windows())
        .contains(
            new ModelWindows(
                java.time.LocalDate.of(2026, 1, 1),
                java.time.LocalDate.of(2026, 2, 28),
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                java.time.LocalDate.of(2026, 3, 1),
                java.time.LocalDate.of(2026, 3, 31)));
    assertThat(def.model("derived").orElseThrow().windows()).isEmpty();
    assertThatThrownBy(
            () ->
                loader.parse(
                    BASE
                        + """
                        models:
                          - name: chosen
                            algorithm: gbt
                            windows: {train: [2026-01-01], validation: [2026-02-30, 2026-03-01], holdout: []}
                        """,
                    "bad.yaml"))
        .hasMessageContaining("models[0].windows.holdout: unknown key 'holdout'")
        .hasMessageContaining(
            "models[0].windows.train: expected [first day, last day] (YYYY-MM-DD), got a list")
        .hasMessageContaining(
            "models[0].windows.validation[0]: expected a day YYYY-MM-DD, got '2026-02-30'")
        .hasMessageContaining(
            "models[0].windows.test: is required: [first day, last day], e.g. [2026-01-01,"
                + " 2026-02-28]");
  }

  @Test
  void definitionsWithoutModelsStillLoad() {
    assertThat(loader.parse(BASE, "tiny.yaml").models()).isEmpty();
  }

  @Test
  void reportsEveryModelProblemWithItsPath() {
    String bad =
        BASE
            + """
            models:
              - name: a
                algorithm: svm
              - name: b
                algorithm: logistic_regression
                features: [amount, nope]
                categorical: [n_8d]
                training_window_days: 0
                test_days: two
                params: {maxDepth: 3}
                search: {method: random, grid: {regParam: []}, colour: red}
                class_weight: heavy
            """;
    assertThatThrownBy(() -> loader.parse(bad, "bad.yaml"))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith(
            "Cannot load pipeline definition bad.yaml: 10 problems (the first: ")
        .hasMessageContaining(
            "models[0].algorithm: unknown algorithm 'svm'; known: [logistic_regression, gbt,"
                + " random_forest, xgboost]")
        .hasMessageContaining(
            "models[1].features[1]: unknown feature 'nope'; declared: [amount, category, n_7d]")
        .hasMessageContaining("models[1].categorical[0]: unknown feature 'n_8d'")
        .hasMessageContaining(
            "models[1].training_window_days: expected a whole number > 0, got '0'")
        .hasMessageContaining("models[1].test_days: expected a whole number > 0, got 'two'")
        .hasMessageContaining(
            "models[1].params.maxDepth: unknown hyperparameter 'maxDepth' for algorithm"
                + " logistic_regression; valid: [aggregationDepth, elasticNetParam, fitIntercept,"
                + " maxIter, regParam, standardization, threshold, tol]")
        .hasMessageContaining("models[1].search.colour: unknown key 'colour'")
        .hasMessageContaining("models[1].search.grid.regParam: expected a non-empty list of values")
        .hasMessageContaining("models[1].search.samples: is required for method random")
        .hasMessageContaining(
            "models[1].class_weight: unknown class weight 'heavy'; use balanced or none");
  }
}
