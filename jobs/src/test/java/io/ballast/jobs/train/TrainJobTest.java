package io.ballast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import io.ballast.features.TestSpark;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.jobs.tracking.ModelVersion;
import io.ballast.jobs.tracking.Tracking;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training end to end on the shared test lakehouse, with the embedded tracking store. */
class TrainJobTest {
  static final LakehouseTables TABLES = TestSpark.tables();
  static final LocalDate AS_OF = LocalDate.of(2026, 3, 8);
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
    Path mlmodel = Path.of(URI.create(challenger.source() + "/MLmodel"));
    assertThat(Files.readString(mlmodel))
        .contains("model_data: sparkml", "model_class: pyspark.ml.pipeline.PipelineModel")
        .contains("run_id: " + runId);

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

  @Test
  void aSingleClassLabelFailsTheRunAndRegistersNothing() {
    PipelineDefinition one =
        TrainFixtures.load(
            TrainFixtures.definition(
                "trn",
                "CAST(0 AS INT)",
                TrainFixtures.GBT_SEARCH.replace("fraud_model", "one_class")));
    Tracking tracking = Tracking.embedded(TABLES);
    assertThatThrownBy(
            () ->
                TrainJob.run(
                    TABLES,
                    one,
                    new TrainJob.Params(
                        Optional.empty(),
                        AS_OF,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "test"),
                    tracking))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot train model one_class: every one of the 480 labels in the train window is 0.0,"
                + " a classifier needs both 0 and 1. Use a longer window or check the label"
                + " expression.");
    List<Row> failed =
        TABLES.read("runs").where("tags['ballast.model'] = 'one_class'").collectAsList();
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).<String>getAs("status")).isEqualTo("FAILED");
    assertThat(failed.get(0).<String>getAs("error")).contains("every one of the 480 labels");
    assertThat(tracking.registry().models()).doesNotContain("one_class");
  }

  @Test
  void anEmptyWindowFailsTheRun() {
    Tracking tracking = Tracking.embedded(TABLES);
    assertThatThrownBy(() -> TrainJob.run(TABLES, def, params(LocalDate.of(2026, 3, 12)), tracking))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot train model fraud_model: the validation window 2026-03-11 .. 2026-03-11 has no"
                + " labelled rows. Check that labels exist for those days (ballast features"
                + " training-set), or pick another --as-of date or longer windows.");
    Row last = runs("fraud_model").stream().reduce((a, b) -> b).orElseThrow();
    assertThat(last.<String>getAs("status")).isEqualTo("FAILED");
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
    assertThatThrownBy(() -> TrainJob.run(TABLES, bad, params(AS_OF), Tracking.embedded(TABLES)))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith(
            "Cannot train model fraud_model: hyperparameter stepSize = 7 is not valid (Step size")
        .hasMessageEndingWith("each estimator). Fix it under models: params or search.grid.");
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
    List<Row> failed =
        TABLES.read("runs").where("tags['ballast.model'] = 'no_label'").collectAsList();
    assertThat(failed).extracting(r -> r.<String>getAs("status")).containsExactly("FAILED");
    assertThat(tracking.registry().models()).doesNotContain("no_label");
  }
}
