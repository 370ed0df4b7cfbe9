package io.ballast.jobs.train;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ballast.features.BallastException;
import io.ballast.features.TestSpark;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.ModelVersion;
import io.ballast.jobs.tracking.ModelFiles;
import io.ballast.jobs.tracking.Tracking;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Training end to end on the shared test lakehouse, with the embedded tracking store. */
class TrainJobTest {
  static final LakehouseTables TABLES = TestSpark.tables();
  // Labels come an hour after their payment: the measured maturity is one day, so a run as of
  // 03-09 uses the label days up to 03-08.
  static final LocalDate AS_OF = LocalDate.of(2026, 3, 9);
  static PipelineDefinition def;

  @BeforeAll
  static void prepare() {
    def = TrainFixtures.load(TrainFixtures.definition("trn", "is_fraud", TrainFixtures.GBT_SEARCH));
    TrainFixtures.prepare(def, "trn");
  }

  static TrainJob.Params params(LocalDate asOf) {
    return new TrainJob.Params(
        Optional.of("fraud_model"),
        asOf,
        Optional.empty(),
        Optional.of("drift"),
        Optional.of("amount psi 0.3"),
        "test");
  }

  static List<Row> runs(String model) {
    return TABLES
        .read("runs")
        .where("tags['ballast.model'] = '" + model + "' AND experiment = '" + def.name() + "'")
        .orderBy("start_time")
        .collectAsList();
  }

  /** Runs recorded for a model; none when no run was ever recorded in the lakehouse. */
  static long recordedRuns(String model) {
    return TABLES.exists("runs")
        ? TABLES.read("runs").where("tags['ballast.model'] = '" + model + "'").count()
        : 0;
  }

  @Test
  void trainsSearchesTracksRegistersAndScoresTheChallenger() throws Exception {
    Tracking tracking = Tracking.embedded(TABLES);
    TrainJob.Result r = TrainJob.run(TABLES, def, params(AS_OF), tracking);

    assertThat(r.trainFrom()).isEqualTo("2026-03-01");
    assertThat(r.testTo()).isEqualTo("2026-03-08");
    assertThat(r.candidates()).isEqualTo(2);
    assertThat(r.trainRows()).isEqualTo(480);
    assertThat(r.validationRows()).isEqualTo(80);
    assertThat(r.testRows()).isEqualTo(80);
    assertThat(r.testAuc()).isGreaterThan(0.7);
    assertThat(r.featureTableVersions()).containsOnlyKeys("trn_cf");
    // The train window starts on the source's first day, whose 1-day windows were partial.
    assertThat(r.warnings())
        .anyMatch(
            w ->
                w.contains("before the trailing windows of trn_cf are full (from 2026-03-02")
                    && w.endsWith("Train as of 2026-03-10 or later for full windows"));

    Row run = runs("fraud_model").get(runs("fraud_model").size() - 1);
    assertThat(run.<String>getAs("status")).isEqualTo("FINISHED");
    assertThat(run.<Object>getAs("end_time")).isNotNull();
    assertThat(run.getJavaMap(run.fieldIndex("tags")))
        .containsEntry("ballast.reason", "drift")
        .containsEntry("ballast.definition_hash", def.hash());
    String runId = run.getAs("run_id");
    assertThat(runId).isEqualTo(r.runId());
    Dataset<Row> metrics = TABLES.read("run_metrics").where("run_id = '" + runId + "'");
    assertThat(metrics.where("key = 'candidate_validation_areaUnderROC'").count()).isEqualTo(2);
    for (String k :
        List.of(
            "train_auc", "validation_pr_auc", "test_log_loss", "train_rows", "test_label_rate")) {
      assertThat(metrics.where("key = '" + k + "'").count()).as(k).isEqualTo(1);
    }
    Dataset<Row> params = TABLES.read("run_params").where("run_id = '" + runId + "'");
    assertThat(params.where("key = 'feature_table_version.trn_cf'").count()).isEqualTo(1);
    assertThat(params.where("key = 'best.maxDepth'").count()).isEqualTo(1);

    ModelVersion challenger = tracking.registry().resolve("fraud_model@challenger");
    assertThat(challenger.version()).isEqualTo(r.version());
    assertThat(challenger.runId()).isEqualTo(runId);
    assertThat(challenger.source())
        .isEqualTo(TABLES.lakehouse().modelsRoot() + "/fraud_model/" + r.version());
    assertThat(challenger.tags()).containsEntry("ballast.feature_table.trn_cf", "0");
    assertThat(challenger.tags().get("ballast.feature_types"))
        .as("the training types scoring checks against")
        .contains("\"amount\":\"double\"", "\"category\":\"string\"");
    Path mlmodel = Path.of(URI.create(challenger.source() + "/MLmodel"));
    assertThat(Files.readString(mlmodel))
        .contains("model_data: sparkml", "model_class: pyspark.ml.pipeline.PipelineModel")
        .contains("loader_module: mlflow.spark")
        .contains("run_id: " + runId);
    // The same MLflow files as with an MLflow server: `mlflow models serve -m <folder>` reads them.
    for (String f : List.of("conda.yaml", "python_env.yaml", "requirements.txt")) {
      assertThat(Path.of(URI.create(challenger.source() + "/" + f))).as(f).isRegularFile();
    }
    assertThat(signatureInputs(Files.readString(mlmodel)))
        .containsExactlyElementsOf(List.of(challenger.tags().get("ballast.features").split(",")));

    PipelineModel model = PipelineModel.load(challenger.sparkmlPath());
    // Calibrated by default (Platt, fitted on the validation window), inside the saved model.
    assertThat(model.stages()[model.stages().length - 1])
        .isInstanceOf(io.ballast.jobs.calibration.CalibratedProbability.class);
    assertThat(r.calibration()).isEqualTo("platt");
    assertThat(r.testEceAfter()).isNotNull();
    assertThat(params.where("key = 'calibration' AND value = 'platt'").count()).isEqualTo(1);
    assertThat(metrics.where("key = 'calibration_ece_after'").count()).isEqualTo(1);
    Dataset<Row> cal =
        TABLES
            .read("model_metrics")
            .where(
                "model_name = 'fraud_model' AND model_version = '"
                    + r.version()
                    + "' AND dataset = 'calibration'");
    assertThat(cal.where("slice = 'all' AND metric IN ('ece_before', 'ece_after')").count())
        .isEqualTo(2);
    assertThat(cal.where("slice = 'reliability_after' AND metric = 'rows'").count()).isPositive();
    // Global importance over the test window: one share per input feature, summing to 1.
    Dataset<Row> importance =
        TABLES
            .read("model_metrics")
            .where(
                "model_name = 'fraud_model' AND model_version = '"
                    + r.version()
                    + "' AND dataset = 'importance'");
    List<Row> shares =
        importance
            .where("slice = 'feature' AND metric = 'attribution_share'")
            .select("slice_value", "value", "window_from", "window_to")
            .collectAsList();
    assertThat(shares.stream().map(x -> x.getString(0)))
        .containsExactlyInAnyOrderElementsOf(
            List.of(challenger.tags().get("ballast.features").split(",")));
    assertThat(shares.stream().mapToDouble(x -> x.getDouble(1)).sum()).isCloseTo(1.0, within(1e-9));
    assertThat(shares.get(0).getString(2) + ".." + shares.get(0).getString(3))
        .isEqualTo(challenger.tags().get("ballast.test_window"));
    assertThat(importance.where("metric = 'explained_rows'").first().<Double>getAs("value"))
        .isEqualTo(80.0);
    Dataset<Row> tiny =
        TestSpark.spark()
            .sql(
                "SELECT * FROM VALUES (1L, 95.0D, 'travel', 2L), (2L, 12.0D, 'food', 0L),"
                    + " (3L, CAST(NULL AS DOUBLE), 'unseen', CAST(NULL AS BIGINT))"
                    + " AS t(customer_id, amount, category, n_1d)");
    List<Row> scored =
        model.transform(tiny).select("customer_id", "probability", "prediction").collectAsList();
    assertThat(scored).hasSize(3);
    assertThat(scored.get(0).getAs("probability").toString()).startsWith("[");
  }

  /** The input column names of an MLmodel's signature, each checked to have an MLflow type. */
  static List<String> signatureInputs(String mlmodel) throws Exception {
    JsonNode m = new YAMLMapper().readTree(mlmodel);
    JsonNode inputs = new ObjectMapper().readTree(m.path("signature").path("inputs").asText());
    List<String> names = new ArrayList<>();
    for (JsonNode c : inputs) {
      assertThat(c.path("type").asText()).isIn(ModelFiles.MLFLOW_TYPES);
      names.add(c.path("name").asText());
    }
    return names;
  }

  @RegisterExtension
  static WireMockExtension mlflow =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Test
  void withMlflowTheTrainedModelIsUploadedToTheRunsArtifactsAndRegisteredFromThere()
      throws Exception {
    String api = "/api/2.0/mlflow/";
    String artifacts = "/api/2.0/mlflow-artifacts/artifacts/1/mlrun1/artifacts/model/";
    mlflow.stubFor(
        get(urlPathEqualTo(api + "experiments/get-by-name"))
            .willReturn(okJson("{\"experiment\": {\"experiment_id\": \"1\"}}")));
    mlflow.stubFor(
        post(api + "runs/create")
            .willReturn(okJson("{\"run\": {\"info\": {\"run_id\": \"mlrun1\"}}}")));
    mlflow.stubFor(post(api + "runs/log-batch").willReturn(okJson("{}")));
    mlflow.stubFor(post(api + "runs/update").willReturn(okJson("{}")));
    mlflow.stubFor(
        get(urlEqualTo(api + "runs/get?run_id=mlrun1"))
            .willReturn(
                okJson(
                    "{\"run\": {\"info\": {\"run_id\": \"mlrun1\", \"artifact_uri\":"
                        + " \"mlflow-artifacts:/1/mlrun1/artifacts\"}}}")));
    mlflow.stubFor(put(urlPathMatching(artifacts + ".+")).willReturn(okJson("{}")));
    mlflow.stubFor(post(api + "runs/log-model").willReturn(okJson("{}")));
    mlflow.stubFor(post(api + "registered-models/create").willReturn(okJson("{}")));
    mlflow.stubFor(post(api + "registered-models/alias").willReturn(okJson("{}")));
    String folder = TABLES.lakehouse().modelsRoot() + "/fraud_model/runs/mlrun1";
    mlflow.stubFor(
        post(api + "model-versions/create")
            .willReturn(
                okJson(
                    "{\"model_version\": {\"name\": \"fraud_model\", \"version\": \"904\","
                        + " \"status\": \"READY\", \"run_id\": \"mlrun1\", \"source\":"
                        + " \"mlflow-artifacts:/1/mlrun1/artifacts/model\", \"tags\": [{\"key\":"
                        + " \"ballast.model_path\", \"value\": \""
                        + folder
                        + "\"}]}}")));

    Tracking tracking = Tracking.open(Optional.of(mlflow.baseUrl()), Map.of(), TABLES);
    TrainJob.Result r = TrainJob.run(TABLES, def, params(AS_OF), tracking);
    assertThat(r.version()).isEqualTo("904");
    assertThat(r.modelPath()).isEqualTo(folder + "/sparkml");

    // Every file of the saved model, MLmodel, the environment files and sparkml/, was PUT once.
    Map<String, byte[]> put = new TreeMap<>();
    for (var e : mlflow.getAllServeEvents()) {
      String url = e.getRequest().getUrl();
      if (e.getRequest().getMethod().getName().equals("PUT")) {
        put.put(url.substring(artifacts.length()), e.getRequest().getBody());
      }
    }
    List<String> files = ModelFiles.list(TABLES.spark().sessionState().newHadoopConf(), folder);
    assertThat(put.keySet()).containsExactlyInAnyOrderElementsOf(files);
    assertThat(files)
        .contains("MLmodel", "conda.yaml", "python_env.yaml", "requirements.txt")
        .anyMatch(f -> f.startsWith("sparkml/metadata/"))
        .anyMatch(f -> f.startsWith("sparkml/stages/"));
    String mlmodel = new String(put.get("MLmodel"), StandardCharsets.UTF_8);
    assertThat(mlmodel).contains("run_id: mlrun1", "loader_module: mlflow.spark");
    JsonNode created =
        new ObjectMapper()
            .readTree(
                mlflow
                    .findAll(postRequestedFor(urlEqualTo(api + "model-versions/create")))
                    .get(0)
                    .getBodyAsString());
    assertThat(created.get("source").asText())
        .isEqualTo("mlflow-artifacts:/1/mlrun1/artifacts/model");
    assertThat(created.get("run_id").asText()).isEqualTo("mlrun1");
    String features = "";
    for (JsonNode t : created.get("tags")) {
      if (t.get("key").asText().equals("ballast.features")) {
        features = t.get("value").asText();
      }
    }
    assertThat(signatureInputs(mlmodel)).containsExactlyElementsOf(List.of(features.split(",")));
    // Calibrated by default: a Ballast stage PySpark cannot load, named in the MLmodel.
    assertThat(mlmodel).contains("io.ballast.jobs.calibration.CalibratedProbability");
    assertThat(PipelineModel.load(folder + "/sparkml").stages()).isNotEmpty();
    assertThat(mlflow.findAllUnmatchedRequests()).isEmpty();
  }

  static final String LR =
      """
        - name: %s
          algorithm: logistic_regression
          categorical: [category]
          training_window_days: 6
      """;

  static PipelineDefinition withLabel(String model, String label) {
    return TrainFixtures.load(
        TrainFixtures.definition("trn", "is_fraud", LR.formatted(model))
            .replace("label: {source: labels, column: \"is_fraud\"}", label));
  }

  static TrainJob.Params params(LocalDate asOf, Optional<LocalDate> knownBy) {
    return new TrainJob.Params(
        Optional.empty(), asOf, knownBy, Optional.empty(), Optional.empty(), "test");
  }

  @Test
  void theImmatureLabelDayAtTheEndIsLeftOutAndTheJustMatureOneIsUsed() {
    // Declared: labels take 2 days. As of 03-09, 03-07 is the last day whose labels have all come.
    PipelineDefinition two =
        withLabel(
            "mature_model",
            "label: {source: labels, column: is_fraud, maturity: 2d, min_labels: 50}");
    Tracking tracking = Tracking.embedded(TABLES);
    TrainJob.Result r = TrainJob.run(TABLES, two, params(AS_OF, Optional.empty()), tracking);
    assertThat(r.testTo()).isEqualTo("2026-03-07");
    assertThat(r.testRows()).isEqualTo(80);
    assertThat(r.validationRows()).isEqualTo(80);
    assertThat(r.trainFrom()).isEqualTo("2026-02-28");
    // The train window starts before the source's first day (03-01): warned about all the same.
    assertThat(r.warnings())
        .anyMatch(
            w ->
                w.contains("starts on 2026-02-28, before the trailing windows of trn_cf are full")
                    && w.endsWith("Train as of 2026-03-11 or later for full windows"));
    Dataset<Row> params = TABLES.read("run_params").where("run_id = '" + r.runId() + "'");
    assertThat(
            params
                .where(
                    "(key = 'label_maturity_days' AND value = '2') OR (key = 'labels_known_by'"
                        + " AND value = '2026-03-09') OR (key = 'label_last_mature_day' AND value ="
                        + " '2026-03-07') OR (key = 'test_window' AND value ="
                        + " '2026-03-07..2026-03-07')")
                .count())
        .isEqualTo(4);
    assertThat(params.where("key = 'label_maturity_source'").first().<String>getAs("value"))
        .isEqualTo("declared 2d");
  }

  @Test
  void theMeasuredMaturityIsRecorded() {
    var m = TrainJob.maturity(TABLES, def, AS_OF, Optional.empty());
    assertThat(m.maturityDays()).isEqualTo(1);
    assertThat(m.lastDay()).isEqualTo(LocalDate.of(2026, 3, 8));
    assertThat(m.source())
        .isEqualTo(
            "measured: p99 of known_at - event time over 717 labels known by 2026-03-09 = 0.04"
                + " days");
  }

  @Test
  void aTooSmallTestWindowIsRefusedBeforeTheRunIsRecorded() {
    PipelineDefinition big =
        withLabel("small_window", "label: {source: labels, column: is_fraud, min_labels: 100}");
    assertThatThrownBy(
            () ->
                TrainJob.run(
                    TABLES, big, params(AS_OF, Optional.empty()), Tracking.embedded(TABLES)))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot train model small_window: the validation window 2026-03-07 .. 2026-03-07 has"
                + " 80 labels (label.min_labels = 100); the test window 2026-03-08 .. 2026-03-08"
                + " has 80 labels (label.min_labels = 100), counting labels known by 2026-03-09 of"
                + " label days up to 2026-03-08 (maturity 1d, measured: p99 of known_at - event"
                + " time over 717 labels known by 2026-03-09 = 0.04 days). Train at a later"
                + " --as-of so more label days are mature, widen the window in the model"
                + " definition, or lower label.min_labels / label.min_positives.");
    assertThat(recordedRuns("small_window")).isZero();
  }

  @Test
  void knownByLaterThanAsOfIsRefused() {
    assertThatThrownBy(
            () ->
                TrainJob.run(
                    TABLES,
                    def,
                    params(LocalDate.of(2026, 3, 8), Optional.of(AS_OF)),
                    Tracking.embedded(TABLES)))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot train as of 2026-03-08: --known-by 2026-03-09 is later than --as-of, so the"
                + " model would learn from labels that arrived after the day it is trained on."
                + " Pass a --known-by on or before 2026-03-08, or leave it out (it defaults to"
                + " --as-of).");
  }

  @Test
  void aSingleClassLabelIsRefusedAndRecordsNothing() {
    PipelineDefinition one =
        TrainFixtures.load(
            TrainFixtures.definition(
                "trn",
                "CAST(0 AS INT)",
                TrainFixtures.GBT_SEARCH.replace("fraud_model", "one_class")));
    Tracking tracking = Tracking.embedded(TABLES);
    assertThatThrownBy(() -> TrainJob.run(TABLES, one, params(AS_OF, Optional.empty()), tracking))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith(
            "Cannot train model one_class: the train window 2026-03-01 .. 2026-03-06 has 0"
                + " positives of 480 labels (label.min_positives = 3); the validation window");
    assertThat(recordedRuns("one_class")).isZero();
    assertThat(tracking.registry().models()).doesNotContain("one_class");
  }

  @Test
  void anEmptyWindowIsRefused() {
    Tracking tracking = Tracking.embedded(TABLES);
    assertThatThrownBy(() -> TrainJob.run(TABLES, def, params(LocalDate.of(2026, 3, 12)), tracking))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith(
            "Cannot train model fraud_model: the validation window 2026-03-10 .. 2026-03-10 has 0"
                + " labels (label.min_labels = 30); the test window 2026-03-11 .. 2026-03-11 has 0"
                + " labels (label.min_labels = 30), counting labels known by 2026-03-12");
  }

  @Test
  void unknownModelAndMissingModelsSectionAreUserErrors() {
    assertThatThrownBy(() -> TrainJob.spec(def, Optional.of("nope")))
        .hasMessage(
            "Cannot train model nope of test.yaml: the definition declares no such model (declared:"
                + " [fraud_model]). Pass --model with one of them, or add it under models:.");
    PipelineDefinition none =
        TrainFixtures.load(
            TrainFixtures.definition("trn", "is_fraud", "").replace("models:\n", ""));
    assertThatThrownBy(() -> TrainJob.spec(none, Optional.empty()))
        .hasMessage(
            "Cannot train a model of test.yaml: the definition has no models section. Add models:"
                + " [{name: ..., algorithm: gbt}].");
  }

  @Test
  void aBadHyperparameterValueIsAUserError() {
    PipelineDefinition bad =
        TrainFixtures.load(
            TrainFixtures.definition(
                "trn",
                "is_fraud",
                TrainFixtures.GBT_SEARCH.replace("{maxIter: 5}", "{maxIter: 5, stepSize: 7}")));
    long before = recordedRuns("fraud_model");
    assertThatThrownBy(() -> TrainJob.run(TABLES, bad, params(AS_OF), Tracking.embedded(TABLES)))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith(
            "Cannot train model fraud_model: hyperparameter stepSize = 7 is not valid (Step size")
        .hasMessageEndingWith("each estimator). Fix it under models: params or search.grid.");
    // refused before the run is recorded (it used to leave a FAILED run with its params)
    assertThat(recordedRuns("fraud_model")).isEqualTo(before);
  }

  @Test
  void xgboostTrainsOnSparseAssembledVectorsAndScoresBack() {
    PipelineDefinition xgb =
        TrainFixtures.load(
            TrainFixtures.definition(
                "trn",
                "is_fraud",
                """
                  - name: xgb_model
                    algorithm: xgboost
                    categorical: [category]
                    training_window_days: 6
                    params: {numRound: 20, maxDepth: 3, eta: 0.3}
                """));
    Tracking tracking = Tracking.embedded(TABLES);
    TrainJob.Result r =
        TrainJob.run(
            TABLES,
            xgb,
            new TrainJob.Params(
                Optional.empty(),
                AS_OF,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "test"),
            tracking);
    assertThat(r.algorithm()).isEqualTo("xgboost");
    assertThat(r.testAuc()).isGreaterThan(0.7);
    PipelineModel model =
        PipelineModel.load(tracking.registry().resolve("xgb_model@challenger").sparkmlPath());
    Dataset<Row> tiny =
        TestSpark.spark()
            .sql(
                "SELECT * FROM VALUES (1L, 95.0D, 'travel', 0L), (2L, 0.0D, 'unseen', 0L)"
                    + " AS t(customer_id, amount, category, n_1d)");
    assertThat(model.transform(tiny).select("probability").collectAsList()).hasSize(2);
  }

  @Test
  void aDefinitionWithoutLabelFailsTheRun() {
    PipelineDefinition noLabel =
        TrainFixtures.load(
            TrainFixtures.definition(
                    "trn", "is_fraud", TrainFixtures.GBT_SEARCH.replace("fraud_model", "no_label"))
                .replaceAll("(?m)^label: .*$", ""));
    Tracking tracking = Tracking.embedded(TABLES);
    assertThatThrownBy(
            () -> TrainJob.run(TABLES, noLabel, params(AS_OF).withModel("no_label"), tracking))
        .hasMessage(
            "Cannot build a training set from test.yaml: the definition has no label section. Add"
                + " label: {source: ..., column: ...}.");
    assertThat(recordedRuns("no_label")).isZero();
    assertThat(tracking.registry().models()).doesNotContain("no_label");
  }
}
