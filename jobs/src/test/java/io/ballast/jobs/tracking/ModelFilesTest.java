package io.ballast.jobs.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MLflow model files Ballast writes, parsed back as MLflow would read them. */
class ModelFilesTest {
  static final List<String> FEATURES = List.of("amount", "txn_count_7d", "merchant_category");

  static ModelFiles.Description description(String runId, List<String> jvmOnly) {
    return new ModelFiles.Description(
        "fraud_model",
        runId,
        Instant.parse("2026-03-08T10:15:30.123456Z"),
        "3.5.7",
        ModelFiles.inputs(FEATURES, List.of("merchant_category")),
        4096L,
        jvmOnly);
  }

  @Test
  void theMlmodelHasTheSparkAndPyfuncFlavorsAndASignatureOfEveryFeature() throws Exception {
    Map<String, String> files =
        ModelFiles.files(
            description("r1", List.of("io.ballast.jobs.calibration.CalibratedProbability")));
    assertThat(files.keySet())
        .containsExactly("MLmodel", "requirements.txt", "conda.yaml", "python_env.yaml");
    JsonNode m = ModelFiles.YAML.readTree(files.get("MLmodel"));
    List<String> keys = new ArrayList<>();
    m.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "artifact_path",
            "flavors",
            "metadata",
            "mlflow_version",
            "model_size_bytes",
            "model_uuid",
            "run_id",
            "signature",
            "utc_time_created");
    assertThat(m.get("artifact_path").asText()).isEqualTo("model");
    assertThat(m.get("run_id").asText()).isEqualTo("r1");
    assertThat(m.get("mlflow_version").asText()).isEqualTo("2.16.0");
    assertThat(m.get("model_size_bytes").asLong()).isEqualTo(4096L);
    assertThat(m.get("model_uuid").asText()).matches("[0-9a-f]{32}");
    assertThat(m.get("utc_time_created").asText()).isEqualTo("2026-03-08 10:15:30.123456");

    JsonNode spark = m.path("flavors").path("spark");
    assertThat(spark.get("pyspark_version").asText()).isEqualTo("3.5.7");
    assertThat(spark.get("model_data").asText()).isEqualTo("sparkml");
    assertThat(spark.get("model_class").asText()).isEqualTo("pyspark.ml.pipeline.PipelineModel");
    assertThat(spark.has("code")).isTrue();
    assertThat(spark.get("code").isNull()).isTrue();

    JsonNode pyfunc = m.path("flavors").path("python_function");
    assertThat(pyfunc.get("loader_module").asText()).isEqualTo("mlflow.spark");
    assertThat(pyfunc.get("data").asText()).isEqualTo("sparkml");
    assertThat(pyfunc.path("env").get("conda").asText()).isEqualTo("conda.yaml");
    assertThat(pyfunc.path("env").get("virtualenv").asText()).isEqualTo("python_env.yaml");
    // A string, not the number 3.11 (YAML would read an unquoted 3.10 as 3.1).
    assertThat(pyfunc.get("python_version").isTextual()).isTrue();
    assertThat(pyfunc.get("python_version").asText()).isEqualTo("3.11");
    assertThat(files.get("MLmodel"))
        .containsPattern("python_version: [\"']3.11[\"']")
        .containsPattern("utc_time_created: [\"']2026-03-08 10:15:30.123456[\"']")
        .contains("loader_module: mlflow.spark");

    // The signature: JSON strings inside the YAML, as MLflow's ModelSignature.to_dict writes it.
    JsonNode sig = m.get("signature");
    assertThat(sig.get("inputs").isTextual()).isTrue();
    assertThat(sig.get("params").isNull()).isTrue();
    JsonNode inputs = MlflowHttp.JSON.readTree(sig.get("inputs").asText());
    List<String> names = new ArrayList<>();
    for (JsonNode c : inputs) {
      names.add(c.get("name").asText());
      assertThat(c.get("type").asText()).isIn(ModelFiles.MLFLOW_TYPES);
      assertThat(c.get("required").asBoolean()).isTrue();
    }
    assertThat(names).containsExactlyElementsOf(FEATURES);
    assertThat(inputs.get(0).get("type").asText()).isEqualTo("double");
    assertThat(inputs.get(2).get("type").asText()).isEqualTo("string");
    JsonNode outputs = MlflowHttp.JSON.readTree(sig.get("outputs").asText());
    assertThat(outputs.toString())
        .isEqualTo("[{\"type\":\"double\",\"name\":\"prediction\",\"required\":true}]");

    assertThat(m.path("metadata").get("ballast_model").asText()).isEqualTo("fraud_model");
    assertThat(m.path("metadata").get("ballast_jvm_only_stages").get(0).asText())
        .isEqualTo("io.ballast.jobs.calibration.CalibratedProbability");
  }

  @Test
  void theEnvironmentFilesPinPysparkToTheSparkThatSavedTheModel() throws Exception {
    Map<String, String> files = ModelFiles.files(description("r1", List.of()));
    assertThat(files.get("requirements.txt")).isEqualTo("mlflow==2.16.0\npyspark==3.5.7\n");
    JsonNode conda = ModelFiles.YAML.readTree(files.get("conda.yaml"));
    assertThat(conda.get("name").asText()).isEqualTo("mlflow-env");
    assertThat(conda.get("channels").get(0).asText()).isEqualTo("conda-forge");
    JsonNode deps = conda.get("dependencies");
    assertThat(deps.get(0).asText()).isEqualTo("python=3.11");
    assertThat(deps.get(1).asText()).isEqualTo("pip");
    assertThat(deps.get(2).get("pip").toString())
        .isEqualTo("[\"mlflow==2.16.0\",\"pyspark==3.5.7\"]");
    JsonNode env = ModelFiles.YAML.readTree(files.get("python_env.yaml"));
    assertThat(env.get("python").isTextual()).isTrue();
    assertThat(env.get("python").asText()).isEqualTo("3.11");
    assertThat(env.get("build_dependencies").toString())
        .isEqualTo("[\"pip\",\"setuptools\",\"wheel\"]");
    assertThat(env.get("dependencies").get(0).asText()).isEqualTo("-r requirements.txt");
  }

  @Test
  void theLoggedModelSummaryIsTheRunLevelPartOfTheMlmodel() throws Exception {
    JsonNode m =
        ModelFiles.YAML.readTree(ModelFiles.files(description("r9", List.of())).get("MLmodel"));
    JsonNode logged = ModelFiles.loggedModel(m);
    List<String> keys = new ArrayList<>();
    logged.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly("run_id", "artifact_path", "utc_time_created", "model_uuid", "flavors");
    assertThat(logged.path("flavors").path("python_function").get("loader_module").asText())
        .isEqualTo("mlflow.spark");
  }

  @Test
  void writtenFilesAreListedRelativeToTheFolderWithoutChecksums(@TempDir Path dir)
      throws Exception {
    Configuration conf = new Configuration();
    String folder = dir.toUri().toString() + "m";
    Files.createDirectories(dir.resolve("m/sparkml/metadata"));
    Files.writeString(dir.resolve("m/sparkml/metadata/part-00000"), "{}");
    Files.writeString(dir.resolve("m/sparkml/metadata/.part-00000.crc"), "x");
    Files.writeString(dir.resolve("m/sparkml/metadata/_SUCCESS"), "");
    ModelFiles.write(conf, folder, description("r1", List.of()));
    assertThat(ModelFiles.list(conf, folder))
        .containsExactly(
            "MLmodel",
            "conda.yaml",
            "python_env.yaml",
            "requirements.txt",
            "sparkml/metadata/_SUCCESS",
            "sparkml/metadata/part-00000");
    assertThat(ModelFiles.readMlmodel(conf, folder).get("run_id").asText()).isEqualTo("r1");
    assertThat(ModelFiles.size(conf, folder + "/sparkml")).isEqualTo(2L);
  }

  @Test
  void onlySparkMlStagesAreLoadableByPyspark() {
    assertThat(
            ModelFiles.jvmOnlyStages(
                List.of(
                    "org.apache.spark.ml.feature.SQLTransformer",
                    "org.apache.spark.ml.classification.GBTClassificationModel",
                    "ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel",
                    "io.ballast.jobs.calibration.CalibratedProbability")))
        .containsExactly(
            "ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel",
            "io.ballast.jobs.calibration.CalibratedProbability");
  }
}
