package io.ballast.orchestration.dag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.orchestration.Demo;
import io.ballast.orchestration.graph.Task;
import io.ballast.orchestration.graph.TaskGraph;
import io.ballast.orchestration.graph.TaskGraphs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DagRendererTest {
  static final String REFRESH =
      "./ballast airflow render --pipeline orchestration/pipelines/card_fraud.yaml --out"
          + " orchestration/dags (or: mvn -o test -pl orchestration -Dtest=DagRendererTest"
          + " -Dballast.refreshDags)";

  final PipelineDefinition demo = Demo.definition();
  final DagOptions options = DagOptions.defaults("card_fraud.yaml");
  final Map<String, String> files = new DagRenderer(options).render(demo);

  @Test
  void committedDemoDagsAreUpToDate() throws Exception {
    if (System.getProperty("ballast.refreshDags") != null) {
      Files.createDirectories(Demo.DAGS);
      for (var f : files.entrySet()) {
        Files.writeString(Demo.DAGS.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
      }
    }
    assertThat(files.keySet())
        .containsExactly("ballast_card_fraud_daily.py", "ballast_card_fraud_retrain.py");
    for (var f : files.entrySet()) {
      Path committed = Demo.DAGS.resolve(f.getKey());
      assertThat(committed)
          .as("orchestration/dags/%s is missing; render it with: %s", f.getKey(), REFRESH)
          .exists();
      assertThat(Files.readString(committed, StandardCharsets.UTF_8))
          .as(
              "orchestration/dags/%s is stale (card_fraud.yaml or the renderer changed);"
                  + " refresh it with: %s",
              f.getKey(), REFRESH)
          .isEqualTo(f.getValue());
    }
  }

  @Test
  void renderingIsDeterministic() {
    assertThat(new DagRenderer(options).render(Demo.definition())).isEqualTo(files);
  }

  @Test
  void dailyDagParsesAndMatchesTheTaskGraph(@TempDir Path dir) throws Exception {
    JsonNode dag = check(dir, "ballast_card_fraud_daily.py");
    TaskGraph graph = TaskGraphs.daily(demo, options.pipeline());
    assertMatches(dag, graph);
    JsonNode kw = dag.get("dags").get(0);
    assertThat(kw.get("dag_id").asText()).isEqualTo("ballast_card_fraud_daily");
    assertThat(kw.get("schedule").asText()).isEqualTo("0 3 * * *");
    assertThat(kw.get("catchup").asBoolean()).isFalse();
    assertThat(kw.get("max_active_runs").asInt()).isEqualTo(1);
    assertThat(kw.get("default_args").get("retries").asInt()).isEqualTo(2);
    assertThat(kw.get("default_args").get("retry_delay").get("expr").asText())
        .isEqualTo("timedelta(minutes=5)");
    assertThat(kw.get("start_date").get("expr").asText())
        .isEqualTo("datetime(2026, 1, 1, tzinfo=timezone.utc)");
    JsonNode build = operator(dag, "features_build_customer_features");
    assertThat(build.get("application").asText())
        .isEqualTo("{{ var.value.get('ballast_jar', '/opt/ballast/ballast-jobs-spark.jar') }}");
    assertThat(build.get("java_class").asText()).isEqualTo("io.ballast.jobs.Ballast");
    assertThat(build.get("conn_id").asText()).isEqualTo("spark_default");
    assertThat(build.get("conf").get("spark.driver.extraJavaOptions").asText())
        .isEqualTo(DagRenderer.JAVA17_OPTIONS)
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    assertThat(build.get("conf").get("spark.executor.extraJavaOptions").asText())
        .isEqualTo(DagRenderer.JAVA17_OPTIONS);
    assertThat(build.get("env_vars").get("BALLAST_LAKEHOUSE").asText())
        .isEqualTo("s3a://ballast/lakehouse");
    assertThat(build.get("outlets").get(0).get("expr").asText())
        .isEqualTo("Asset('s3a://ballast/lakehouse/tables/customer_features')");
    assertThat(dag.get("imports").toString())
        .contains(
            "airflow.sdk.Asset",
            "airflow.datasets.Dataset",
            "airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator");
  }

  @Test
  void retrainDagIsTriggeredOnlyAndTakesTheReasonFromTheRunConf(@TempDir Path dir)
      throws Exception {
    JsonNode dag = check(dir, "ballast_card_fraud_retrain.py");
    assertMatches(dag, TaskGraphs.retraining(demo, options.pipeline()));
    JsonNode kw = dag.get("dags").get(0);
    assertThat(kw.get("schedule").isNull()).isTrue();
    assertThat(kw.get("catchup").asBoolean()).isFalse();
    assertThat(operator(dag, "train").get("application_args").toString())
        .contains("{{ (dag_run.conf or {}).get('reason', 'manual') }}")
        .contains("{{ (dag_run.conf or {}).get('drift_summary', {}) | tojson }}");
  }

  @Test
  void optionsReachTheFile(@TempDir Path dir) throws Exception {
    DagOptions o =
        options
            .withApplication("/jars/ballast \"x\".jar")
            .withConnId("spark_yarn")
            .withPipeline("/etc/ballast/card_fraud.yaml")
            .withLakehouse("s3a://lake/prod/");
    Path f = dir.resolve("d.py");
    Files.writeString(f, new DagRenderer(o).render(demo).get("ballast_card_fraud_daily.py"));
    JsonNode score = operator(PythonDagCheck.check(f), "score");
    assertThat(score.get("application").asText()).isEqualTo("/jars/ballast \"x\".jar");
    assertThat(score.get("conn_id").asText()).isEqualTo("spark_yarn");
    assertThat(score.get("application_args").get(2).asText())
        .isEqualTo("/etc/ballast/card_fraud.yaml");
    assertThat(score.get("outlets").get(0).get("expr").asText())
        .isEqualTo("Asset('s3a://lake/prod/tables/card_fraud_predictions')");
  }

  @Test
  void pythonStringsEscapeQuotesBackslashesAndNonAscii() {
    assertThat(Python.str("a\"b\\c\nd\u00e9")).isEqualTo("\"a\\\"b\\\\c\\nd\\u00e9\"");
    assertThat(Python.identifier("quality_check_my-source")).isEqualTo("quality_check_my_source");
  }

  private JsonNode check(Path dir, String name) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, files.get(name), StandardCharsets.UTF_8);
    return PythonDagCheck.check(f);
  }

  private static JsonNode operator(JsonNode dag, String taskId) {
    for (JsonNode op : dag.get("operators")) {
      if (op.get("task_id").asText().equals(taskId)) {
        return op.get("kwargs");
      }
    }
    throw new AssertionError("no operator " + taskId);
  }

  private static void assertMatches(JsonNode dag, TaskGraph graph) {
    assertThat(dag.get("dags")).hasSize(1);
    List<String> ids = new ArrayList<>();
    dag.get("operators").forEach(op -> ids.add(op.get("task_id").asText()));
    assertThat(ids).containsExactlyElementsOf(graph.tasks().stream().map(Task::id).toList());
    for (Task t : graph.tasks()) {
      List<String> args = new ArrayList<>();
      operator(dag, t.id()).get("application_args").forEach(a -> args.add(a.asText()));
      assertThat(args).as("application_args of %s", t.id()).isEqualTo(t.args());
    }
    List<List<String>> edges = new ArrayList<>();
    dag.get("edges").forEach(e -> edges.add(List.of(e.get(0).asText(), e.get(1).asText())));
    assertThat(edges).containsExactlyInAnyOrderElementsOf(graph.edges());
  }
}
