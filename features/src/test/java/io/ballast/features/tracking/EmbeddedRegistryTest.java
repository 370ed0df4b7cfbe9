package io.ballast.features.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The embedded registry and tracker on the shared test lakehouse. */
class EmbeddedRegistryTest {
  final ModelRegistry registry = EmbeddedRegistry.on(TestSpark.tables());

  @Test
  void versionsAreNumberedAndAliasesMoveResolveAndDelete() {
    List<String> folders = new ArrayList<>();
    ModelVersion v1 = registry.register("reg_model", "run1", Map.of("k", "v"), folders::add);
    ModelVersion v2 = registry.register("reg_model", "run2", Map.of(), folders::add);
    String root = TestSpark.lakehouse().modelsRoot();
    assertThat(folders).containsExactly(root + "/reg_model/1", root + "/reg_model/2");
    assertThat(List.of(v1.version(), v2.version())).containsExactly("1", "2");

    registry.setAlias("reg_model", "champion", "1");
    registry.setAlias("reg_model", "challenger", "2");
    assertThat(registry.resolve("reg_model@champion").runId()).isEqualTo("run1");
    registry.setAlias("reg_model", "previous", "1");
    registry.setAlias("reg_model", "champion", "2"); // moves
    assertThat(registry.aliases("reg_model"))
        .containsExactly(
            Map.entry("challenger", "2"), Map.entry("champion", "2"), Map.entry("previous", "1"));
    assertThat(registry.resolve("reg_model/1").tags()).containsEntry("k", "v");
    assertThat(registry.versions("reg_model").get(0).aliases())
        .containsExactly("challenger", "champion");
    registry.deleteAlias("reg_model", "previous");
    assertThat(registry.aliases("reg_model")).doesNotContainKey("previous");
    assertThat(registry.models()).contains("reg_model");

    List<Row> rows =
        TestSpark.spark()
            .sql(
                "SELECT alias, version FROM ballast.model_aliases WHERE model_name = 'reg_model'"
                    + " ORDER BY alias")
            .collectAsList();
    assertThat(rows).hasSize(2);
  }

  @Test
  void unknownNamesVersionsAndAliasesAreUserErrors() {
    registry.register("reg_err", "run1", Map.of(), f -> {});
    assertThatThrownBy(() -> registry.resolve("reg_err@champion"))
        .hasMessage(
            "Cannot resolve reg_err@champion: the model has no alias champion (aliases: []). Set it"
                + " with 'ballast model set-alias reg_err champion VERSION'.");
    assertThatThrownBy(() -> registry.setAlias("reg_err", "champion", "7"))
        .hasMessage(
            "Cannot find version 7 of model reg_err: it is not registered (versions: [1]). Use"
                + " 'ballast model list' to see the versions.");
    assertThatThrownBy(() -> registry.deleteAlias("reg_err", "previous"))
        .hasMessageStartingWith("Cannot resolve reg_err@previous: the model has no alias previous");
    assertThatThrownBy(() -> registry.resolve("reg_err"))
        .hasMessage(
            "Cannot resolve model 'reg_err': expected NAME@ALIAS (e.g. fraud_model@champion) or"
                + " NAME/VERSION (e.g. fraud_model/3).");
    assertThatThrownBy(() -> registry.versions("no_such_model"))
        .hasMessageStartingWith(
            "Cannot find registered model no_such_model: no version is registered")
        .hasMessageEndingWith("Train it first with 'ballast train --model no_such_model'.");
    assertThatThrownBy(() -> registry.setAlias("reg_err", "v2", "1"))
        .hasMessageStartingWith("Cannot use alias 'v2'");
  }

  @Test
  void aRunEndsWithItsStatusAndError() {
    Tracker t = EmbeddedTracker.on(TestSpark.tables());
    String id = t.startRun("reg_exp", "r", 1000L, Map.of("ballast.reason", "manual"));
    t.log(id, Map.of("a", "1"), List.of(new Metric("m", 0.5, 0, 2000L)), Map.of("t", "x"));
    t.endRun(id, RunStatus.FAILED, 3000L, "Cannot train: boom");
    Row run =
        TestSpark.spark()
            .sql("SELECT status, error, end_time FROM ballast.runs WHERE run_id = '" + id + "'")
            .first();
    assertThat(run.getString(0)).isEqualTo("FAILED");
    assertThat(run.getString(1)).isEqualTo("Cannot train: boom");
    assertThat(run.getTimestamp(2).getTime()).isEqualTo(3000L);
    assertThat(
            TestSpark.spark()
                .sql("SELECT count(*) FROM ballast.run_params WHERE run_id = '" + id + "'")
                .first()
                .getLong(0))
        .isEqualTo(2);
  }
}
