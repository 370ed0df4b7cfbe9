package io.ballast.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.BallastException;
import io.ballast.features.TestSpark;
import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.pit.TrainingSetJob;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scoring end to end on the shared test lakehouse with a tiny logistic regression. */
class ScoringJobTest {
  static final LakehouseTables TABLES = TestSpark.tables();
  static PipelineDefinition def;

  @BeforeAll
  static void prepare() {
    def = Fixtures.prepare();
  }

  static ScoringJob.Result score(String version, LocalDate from, LocalDate to, boolean shadow) {
    return ScoringJob.run(
        TABLES,
        def,
        Fixtures.model(version),
        new ScoringJob.Params(from, to, shadow, Optional.empty()));
  }

  static Dataset<Row> predictions(String day, boolean shadow) {
    return TABLES
        .read("sc_predictions")
        .where("ds = '" + day + "' AND model_name = 'sc_model' AND shadow = " + shadow);
  }

  static long tableVersion() {
    return DeltaTable.forPath(TestSpark.spark(), TABLES.lakehouse().tablePath("sc_predictions"))
        .history(1)
        .first()
        .getLong(0);
  }

  @Test
  void everyInputRowGetsOnePredictionAndARerunReplacesThem() {
    LocalDate day = LocalDate.of(2026, 7, 2);
    ScoringJob.Result r = score("1", day, day, false);

    assertThat(r.inputRows()).isEqualTo(24);
    assertThat(r.predictions()).isEqualTo(24);
    assertThat(r.status()).isEqualTo("ok");
    assertThat(r.rowsByDay()).containsExactly(Map.entry("2026-07-02", 24L));
    assertThat(r.featureTableVersions()).containsOnlyKeys("sc_cf");
    assertThat(r.table()).isEqualTo("ballast.sc_predictions");
    Dataset<Row> p = predictions("2026-07-02", false);
    assertThat(p.columns())
        .containsExactly(
            "txn_id",
            "customer_id",
            "event_ts",
            "ds",
            "score",
            "prediction",
            "model_name",
            "model_version",
            "shadow",
            "feature_table_versions",
            "_scored_at");
    List<Row> before = p.select("txn_id", "score", "prediction").orderBy("txn_id").collectAsList();
    List<Long> spine =
        TABLES.read("sc_tx").where("ds = '2026-07-02'").orderBy("txn_id").collectAsList().stream()
            .map(x -> x.<Long>getAs("txn_id"))
            .toList();
    assertThat(before.stream().map(x -> x.getLong(0)).toList()).isEqualTo(spine);
    assertThat(before).allSatisfy(x -> assertThat(x.getDouble(1)).isBetween(0.0, 1.0));
    assertThat(before.stream().map(x -> x.getInt(2)).distinct()).containsExactlyInAnyOrder(0, 1);
    Row one = p.first();
    assertThat(one.getJavaMap(one.fieldIndex("feature_table_versions")))
        .isEqualTo(Map.copyOf(r.featureTableVersions()));

    ScoringJob.Result again = score("1", day, day, false);
    assertThat(again.predictions()).isEqualTo(24);
    assertThat(
            predictions("2026-07-02", false)
                .select("txn_id", "score", "prediction")
                .orderBy("txn_id")
                .collectAsList())
        .isEqualTo(before);
    Row runs =
        TABLES
            .read(ScoringRuns.TABLE)
            .where("run_id IN ('" + r.runId() + "', '" + again.runId() + "')")
            .selectExpr("count(*)", "sum(input_rows)", "sum(output_rows)", "min(status)")
            .first();
    assertThat(runs.getLong(0)).isEqualTo(2);
    assertThat(runs.getLong(1)).isEqualTo(48);
    assertThat(runs.getLong(2)).isEqualTo(48);
    assertThat(runs.getString(3)).isEqualTo("ok");
  }

  @Test
  void scoresEqualTheModelsScoresOnTheTrainingSetRowsOfTheSameEvents() {
    LocalDate day = LocalDate.of(2026, 7, 2);
    score("1", day, day, false);
    Dataset<Row> training =
        TrainingSetJob.assemble(
                TABLES,
                def,
                new TrainingSetJob.Params(
                    day, day, Map.of(), Optional.empty(), Optional.empty(), ""))
            .rows();
    Dataset<Row> viaTraining =
        Fixtures.model("1")
            .pipeline()
            .transform(training)
            .select(
                org.apache.spark.sql.functions.col("customer_id"),
                org.apache.spark.sql.functions.col("event_ts"),
                org.apache
                    .spark
                    .ml
                    .functions
                    .vector_to_array(org.apache.spark.sql.functions.col("probability"), "float64")
                    .getItem(1)
                    .as("offline"));
    assertThat(training.count()).isEqualTo(24);
    List<Row> diff =
        viaTraining
            .join(predictions("2026-07-02", false), new String[] {"customer_id", "event_ts"})
            .where("abs(offline - score) > 1e-12")
            .collectAsList();
    assertThat(
            viaTraining
                .join(predictions("2026-07-02", false), new String[] {"customer_id", "event_ts"})
                .count())
        .isEqualTo(24);
    assertThat(diff).isEmpty();
  }

  @Test
  void shadowRowsSitNextToTheServingModelsRows() {
    LocalDate day = LocalDate.of(2026, 7, 3);
    score("1", day, day, false);
    ScoringJob.Result s = score("2", day, day, true);
    score("2", day, day, true);

    assertThat(s.shadow()).isTrue();
    assertThat(predictions("2026-07-03", false).count()).isEqualTo(24);
    assertThat(predictions("2026-07-03", true).count()).isEqualTo(24);
    assertThat(predictions("2026-07-03", true).select("model_version").distinct().collectAsList())
        .extracting(x -> x.getString(0))
        .containsExactly("2");
    assertThat(predictions("2026-07-03", false).select("model_version").distinct().collectAsList())
        .extracting(x -> x.getString(0))
        .containsExactly("1");
  }

  @Test
  void aRangeIsOneCommitAndADayWhoseFeaturesAreNotBuiltIsRefused() {
    LocalDate from = LocalDate.of(2026, 7, 3);
    LocalDate last = Fixtures.LAST;
    score("1", from, from, false);
    long before = tableVersion();
    assertThatThrownBy(() -> score("1", from, last, false))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining(
            "Cannot score: feature table ballast.sc_cf has not been built for day 2026-07-04"
                + " (built: 2026-07-01..2026-07-03)")
        .hasMessageContaining("--table sc_cf --from 2026-07-04 --to 2026-07-04");
    assertThat(tableVersion()).isEqualTo(before);

    Fixtures.buildLastDay();
    ScoringJob.Result r = score("1", from, last, false);
    assertThat(r.rowsByDay()).containsOnlyKeys("2026-07-03", "2026-07-04");
    assertThat(r.predictions()).isEqualTo(48);
    assertThat(r.predictionsVersion()).isEqualTo(before + 1);
    assertThat(predictions("2026-07-04", false).count()).isEqualTo(24);
  }

  @Test
  void missingFeaturesAreAllNamedAndNothingIsWritten() {
    LocalDate day = LocalDate.of(2026, 7, 1);
    ScoringModel m = Fixtures.model("1");
    ScoringModel wants =
        new ScoringModel(
            m.name(),
            "7",
            m.reference(),
            m.pipeline(),
            List.of("amount", "n_7d", "gone"),
            Map.of());
    PipelineDefinition declared =
        Fixtures.definition(
            Fixtures.YAML.replace(
                "- {name: n_1d, agg: count, window: 1d}",
                "- {name: n_1d, agg: count, window: 1d}\n      - {name: n_7d, agg: count, window: 7d}"));
    assertThatThrownBy(
            () ->
                ScoringJob.run(
                    TABLES,
                    declared,
                    wants,
                    new ScoringJob.Params(day, day, false, Optional.empty())))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot score with sc_model version 7: 2 features it was trained on are missing:"
                + " n_7d (not a column of feature table sc_cf; rebuild it); gone (declared by no"
                + " feature table of sc). Declare and build them again (definition sc.yaml), or"
                + " train a new version on the current features.");
  }

  @Test
  void aFeatureOfAnotherTypeThanTrainedIsRefusedBeforeAnyWrite() {
    LocalDate day = LocalDate.of(2026, 7, 1);
    PipelineDefinition strings =
        Fixtures.definition(
            Fixtures.YAML
                .replace("- name: sc_cf", "- name: sc_cf_str")
                .replace(
                    "{name: amount, expr: amount}",
                    "{name: amount, expr: CAST(amount AS STRING)}"));
    FeatureBuildJob.run(
        TABLES, strings, new FeatureBuildJob.Params("sc_cf_str", day, day, true, false));
    ScoringModel m = Fixtures.model("1");
    ScoringModel trained =
        new ScoringModel(
            m.name(),
            "8",
            m.reference(),
            m.pipeline(),
            m.features(),
            Map.of(),
            Map.of("amount", "double", "n_1d", "bigint"));
    long before = TABLES.exists("sc_predictions") ? tableVersion() : -1;
    ScoringJob.Params p = new ScoringJob.Params(day, day, false, Optional.empty());
    assertThatThrownBy(() -> ScoringJob.run(TABLES, strings, trained, p))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot score with sc_model version 8: 1 feature has another type than the model was"
                + " trained on: amount in feature table sc_cf_str (trained on double, now string)."
                + " Nothing was written. Give the feature its trained type again in the definition"
                + " (sc.yaml, e.g. CAST(... AS DOUBLE) in its expr) and rebuild the feature table,"
                + " or train a new version on the current types.");
    ScoringModel untyped =
        new ScoringModel(m.name(), "8", m.reference(), m.pipeline(), m.features(), Map.of());
    assertThatThrownBy(() -> ScoringJob.run(TABLES, strings, untyped, p))
        .as("a version trained before types were recorded: the definition's expectations")
        .hasMessageContaining(
            "amount in feature table sc_cf_str (now string; the model reads it as a number)");
    assertThat(TABLES.exists("sc_predictions") ? tableVersion() : -1)
        .as("the predictions table's Delta version")
        .isEqualTo(before);
  }

  @Test
  void aDayWithoutEventsScoresZeroRowsAndKeepsOtherDays() {
    LocalDate day = LocalDate.of(2026, 7, 1);
    score("1", day, day, false);
    LocalDate empty = LocalDate.of(2026, 7, 20);
    ScoringJob.Result r = score("1", empty, empty, false);
    assertThat(r.inputRows()).isZero();
    assertThat(r.predictions()).isZero();
    assertThat(r.status()).isEqualTo("empty");
    assertThat(predictions("2026-07-20", false).count()).isZero();
    assertThat(predictions("2026-07-01", false).count()).isEqualTo(24);
  }

  @Test
  void anUnknownScoringSourceIsRefused() {
    LocalDate day = LocalDate.of(2026, 7, 1);
    assertThatThrownBy(
            () ->
                ScoringJob.run(
                    TABLES,
                    def,
                    Fixtures.model("1"),
                    new ScoringJob.Params(day, day, false, Optional.of("payments"))))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot use --source 'payments': the definition declares no such source. Known"
                + " sources: [labels, tx].");
  }

  @Test
  void explainedRowsAddTheirColumnsAndAPlainRunAfterwardsLeavesThemNull() {
    // its own pipeline name, so its own predictions table: the other tests see the plain schema
    PipelineDefinition explained =
        Fixtures.definition(Fixtures.YAML.replace("name: sc\n", "name: scx\n"));
    LocalDate day = LocalDate.of(2026, 7, 2);
    ScoringJob.Params p = new ScoringJob.Params(day, day, false, Optional.empty(), 2);
    ScoringJob.Result r = ScoringJob.run(TABLES, explained, Fixtures.model("1"), p);
    assertThat(r.status()).isEqualTo("ok");

    List<Row> rows =
        TABLES.read("scx_predictions").select("score", "base_value", "explanation").collectAsList();
    assertThat(rows).hasSize(24);
    for (Row row : rows) {
      double score = row.getDouble(0);
      List<Row> ex = row.getList(2);
      assertThat(ex).extracting(e -> e.getString(0)).containsExactlyInAnyOrder("amount", "n_1d");
      // a logistic regression: base value + attributions = log-odds of the (uncalibrated) score
      // (compared through the logistic: the fixture's model saturates some scores at 1.0)
      double margin = row.getDouble(1) + ex.get(0).getDouble(1) + ex.get(1).getDouble(1);
      assertThat(1 / (1 + Math.exp(-margin))).isCloseTo(score, within(1e-9));
    }

    ScoringJob.run(
        TABLES,
        explained,
        Fixtures.model("1"),
        new ScoringJob.Params(day, day, false, Optional.empty()));
    Dataset<Row> plain = TABLES.read("scx_predictions");
    assertThat(plain.columns()).contains("base_value", "explanation");
    assertThat(plain.count()).isEqualTo(24);
    assertThat(plain.where("explanation IS NOT NULL OR base_value IS NOT NULL").count()).isZero();
  }

  @Test
  void aBadTopIsRefused() {
    LocalDate day = LocalDate.of(2026, 7, 2);
    assertThatThrownBy(() -> new ScoringJob.Params(day, day, false, Optional.empty(), -1))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot explain predictions with --top -1: the number of features listed per"
                + " prediction must be 1 to 1000. Pass e.g. --top 5 (the default).");
  }
}
