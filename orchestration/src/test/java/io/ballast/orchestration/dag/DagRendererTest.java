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
    // Not the bare cron string: on Airflow 3 that means CronTriggerTimetable and {{ ds }} = the
    // run's own, unfinished day (see airflow3PartsOfTheDailyDag).
    assertThat(kw.get("schedule").get("expr").asText())
        .isEqualTo("CronDataIntervalTimetable('0 3 * * *', timezone='UTC')");
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
        .isEqualTo("Asset('s3://ballast/lakehouse/tables/customer_features')");
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
        .isEqualTo("Asset('s3://lake/prod/tables/card_fraud_predictions')");
    // Spark itself keeps reading through S3A.
    assertThat(score.get("env_vars").get("BALLAST_LAKEHOUSE").asText())
        .isEqualTo("s3a://lake/prod/");
  }

  @Test
  void airflow3PartsOfTheDailyDag(@TempDir Path dir) throws Exception {
    String name = "ballast_card_fraud_daily.py";
    String source = files.get(name);
    JsonNode dag = check(dir, name);
    JsonNode kw = dag.get("dags").get(0);
    // An explicit data-interval timetable, imported where each version has it.
    assertThat(kw.get("schedule").get("expr").asText())
        .startsWith(DagRenderer.TIMETABLE + "('0 3 * * *'");
    assertThat(fallback(dag, "airflow.sdk", DagRenderer.TIMETABLE))
        .isEqualTo(List.of("airflow.timetables.interval." + DagRenderer.TIMETABLE));
    // DAG and Asset from airflow.sdk (3.x), else Airflow 2's DAG and Dataset under the same names.
    assertThat(fallback(dag, "airflow.sdk", "DAG"))
        .containsExactly("airflow.DAG", "airflow.datasets.Dataset");
    assertThat(fallback(dag, "airflow.sdk", "Asset"))
        .containsExactly("airflow.DAG", "airflow.datasets.Dataset");
    for (JsonNode f : dag.get("fallbacks")) {
      assertThat(bound(f.get("except"))).as("names bound by %s", f).isEqualTo(bound(f.get("try")));
    }
    // Removed in Airflow 3: schedule_interval and timetable arguments,
    // airflow.utils.dates.days_ago.
    List<String> keys = new ArrayList<>();
    kw.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .contains("schedule", "catchup", "start_date")
        .doesNotContain("schedule_interval", "timetable");
    assertThat(source).doesNotContain("schedule_interval", "days_ago", "airflow.utils.dates");
    // catchup is set (3.x defaults it to False, 2.x to True) and start_date has a time zone.
    assertThat(kw.get("catchup").isBoolean()).isTrue();
    // Every task's date is the data interval's start, never the logical date {{ ds }}.
    JsonNode score = operator(dag, "score");
    assertThat(score.get("application_args").toString())
        .contains("\"--date\",\"{{ data_interval_start | ds }}\"")
        .doesNotContain("{{ ds }}");
    assertThat(source).doesNotContain("\"{{ ds }}\"");
  }

  @Test
  void theRetrainDagIsUnscheduledAndImportsNoTimetable(@TempDir Path dir) throws Exception {
    String name = "ballast_card_fraud_retrain.py";
    JsonNode dag = check(dir, name);
    assertThat(dag.get("dags").get(0).get("schedule").isNull()).isTrue();
    assertThat(dag.get("imports").toString()).doesNotContain("Timetable");
    assertThat(files.get(name)).doesNotContain("schedule_interval", "days_ago", "\"{{ ds }}\"");
    assertThat(operator(dag, "train").get("application_args").toString())
        .contains("{{ data_interval_start | ds }}");
  }

  @Test
  void everyRenderedDagCompilesWithPyCompile(@TempDir Path dir) throws Exception {
    List<Path> written = new ArrayList<>();
    List<DagOptions> variants =
        List.of(
            options,
            options.withLakehouse("/var/lib/ballast lake/"),
            options.withApplication("C:\\jars\\b\"'.jar").withPipeline("p\u00e9.yaml"));
    for (int i = 0; i < variants.size(); i++) {
      for (var f : new DagRenderer(variants.get(i)).render(demo).entrySet()) {
        Path p = Files.createDirectories(dir.resolve("v" + i)).resolve(f.getKey());
        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        written.add(p);
      }
    }
    PythonDagCheck.pyCompile(written, dir.resolve("pycache"));
    assertThat(written).hasSize(6);
  }

  @Test
  void assetUrisUseTheSchemesOtherProducersUse() {
    // S3 through any Hadoop connector is s3:// (Airflow's S3 Assets); Spark keeps s3a://.
    assertThat(DagRenderer.assetUri("s3a://bucket/lake/")).isEqualTo("s3://bucket/lake");
    assertThat(DagRenderer.assetUri("s3n://bucket/lake")).isEqualTo("s3://bucket/lake");
    assertThat(DagRenderer.assetUri("S3A://bucket/lake")).isEqualTo("s3://bucket/lake");
    assertThat(DagRenderer.assetUri("s3://bucket/lake")).isEqualTo("s3://bucket/lake");
    // Local folders and file: URIs are absolute file:/// URIs.
    assertThat(DagRenderer.assetUri("/data/lake/")).isEqualTo("file:///data/lake");
    assertThat(DagRenderer.assetUri("file:/data/lake")).isEqualTo("file:///data/lake");
    assertThat(DagRenderer.assetUri("file:///data/lake")).isEqualTo("file:///data/lake");
    assertThat(DagRenderer.assetUri("lake"))
        .isEqualTo(Path.of("lake").toAbsolutePath().toUri().toString().replaceAll("/$", ""))
        .startsWith("file:///");
    // Other stores as given.
    assertThat(DagRenderer.assetUri("gs://bucket/lake")).isEqualTo("gs://bucket/lake");
    assertThat(new DagRenderer(options.withLakehouse("/data/lake")).datasetUri("ballast.drift"))
        .isEqualTo("file:///data/lake/tables/drift");
    assertThat(new DagRenderer(options).datasetUri("ballast.drift"))
        .isEqualTo("s3://ballast/lakehouse/tables/drift");
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

  /**
   * The imports that stand in for {@code module.name} when it cannot be imported: those of the
   * except ImportError branch of the try that imports it.
   */
  private static List<String> fallback(JsonNode dag, String module, String name) {
    for (JsonNode f : dag.get("fallbacks")) {
      for (JsonNode i : f.get("try")) {
        if (i.get("module").asText().equals(module) && i.get("name").asText().equals(name)) {
          List<String> out = new ArrayList<>();
          f.get("except")
              .forEach(e -> out.add(e.get("module").asText() + "." + e.get("name").asText()));
          return out;
        }
      }
    }
    throw new AssertionError("no try/except ImportError imports " + module + "." + name);
  }

  private static java.util.Set<String> bound(JsonNode imports) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    imports.forEach(i -> out.add(i.get("as").asText()));
    return out;
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
