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
        .hasMessageStartingWith("Cannot load pipeline definition bad.yaml: 10 problems.")
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
