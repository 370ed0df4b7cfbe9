package io.ballast.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import io.ballast.features.build.FeatureBuildJob;
import io.ballast.features.config.PipelineLoader;
import io.ballast.features.config.SparkExpressionParser;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.jobs.Ballast;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ballast score} through the CLI on the shared test lakehouse: 540 payments over 2026-07-01
 * .. 07-09, a logistic regression trained as of 07-07 by {@code ballast train}, scored by alias.
 */
class ScoreCliTest {
  record Run(int code, String out, String err) {}

  static final String TX =
      "SELECT txn_id, customer_id, amount, category, event_ts,"
          + " date_format(event_ts, 'yyyy-MM-dd') AS ds,"
          + " CAST((amount > 80 AND category != 'food') OR txn_id % 17 = 0 AS INT) AS is_fraud"
          + " FROM (SELECT id AS txn_id, id % 30 AS customer_id,"
          + " CAST(10 + (id * 37 % 100) AS DOUBLE) AS amount,"
          + " element_at(array('food', 'travel', 'online'), CAST(id % 3 AS INT) + 1) AS category,"
          + " timestamp_seconds(unix_seconds(timestamp'2026-07-01 00:00:00') + id * 1440) AS event_ts"
          + " FROM range(540))";

  static final String LABELS =
      "SELECT txn_id, customer_id, is_fraud, event_ts, label_ts,"
          + " date_format(label_ts, 'yyyy-MM-dd') AS ds FROM (SELECT *,"
          + " timestamp_seconds(unix_seconds(event_ts) + 3600) AS label_ts FROM scli_tx_view)";

  static final String YAML =
      """
      name: scli
      entities:
        customer: {keys: [customer_id]}
      sources:
        tx: {table: ballast.scli_tx, event_time: event_ts, partition_column: ds}
        labels: {table: ballast.scli_labels, event_time: event_ts, known_at: label_ts, partition_column: ds}
      feature_tables:
        - name: scli_cf
          entity: customer
          source: tx
          ttl: 30d
          passthrough: [txn_id]
          features:
            - {name: amount, expr: amount}
            - {name: category, expr: category}
            - {name: n_1d, agg: count, window: 1d}
      label: {source: labels, column: is_fraud}
      models:
        - name: scli_model
          algorithm: logistic_regression
          categorical: [category]
          training_window_days: 5
          params: {regParam: 0.01}
      """;

  @TempDir static Path dir;
  static Path pipeline;

  @BeforeAll
  static void prepare() throws Exception {
    pipeline = dir.resolve("scli.yaml");
    Files.writeString(pipeline, YAML);
    LakehouseTables tables = TestSpark.tables();
    var tx = TestSpark.spark().sql(TX);
    tx.createOrReplaceTempView("scli_tx_view");
    tables.overwrite(tx.drop("is_fraud"), "scli_tx", "fixture", "ds");
    tables.overwrite(TestSpark.spark().sql(LABELS), "scli_labels", "fixture", "ds");
    FeatureBuildJob.run(
        tables,
        new PipelineLoader(new SparkExpressionParser()).load(pipeline),
        new FeatureBuildJob.Params(
            "scli_cf", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 8), true, false));
    Run t = run("train", "--pipeline", pipeline.toString(), "--date", "2026-07-07");
    assertThat(t.code()).as(t.err()).isZero();
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--lakehouse");
    all.add(TestSpark.lakehouse().root());
    int code =
        Ballast.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  static Run score(String... more) {
    List<String> args = new ArrayList<>(List.of("score", "--pipeline", pipeline.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  static long count(String where) {
    return TestSpark.spark()
        .sql("SELECT count(*) FROM ballast.scli_predictions WHERE " + where)
        .first()
        .getLong(0);
  }

  @Test
  void scoresByAliasShadowsTheChallengerAndRefusesBadInput() {
    // No champion yet: the alias does not exist.
    Run none = score("--date", "2026-07-08");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err())
        .contains("Cannot resolve scli_model@champion: the model has no alias champion")
        .contains("ballast model set-alias scli_model champion VERSION");

    assertThat(run("model", "set-alias", "scli_model", "champion", "1").code()).isZero();
    Run ok = score("--date", "2026-07-08");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out())
        .startsWith(
            "Scored scli_model version 1 (scli_model@champion) on 2026-07-08: 60 rows -> 60"
                + " predictions in ballast.scli_predictions");
    assertThat(ok.out()).contains("\"status\":\"ok\"");
    assertThat(count("ds = '2026-07-08' AND NOT shadow")).isEqualTo(60);
    assertThat(count("ds = '2026-07-08'")).isEqualTo(60);

    Run again = score("--date", "2026-07-08", "--with-challenger");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("No challenger to shadow-score: scli_model@challenger is the serving version 1.");
    assertThat(count("ds = '2026-07-08'")).isEqualTo(60);

    Run shadow = score("--date", "2026-07-08", "--shadow");
    assertThat(shadow.code()).as(shadow.err()).isZero();
    assertThat(shadow.out()).contains("(scli_model@challenger) as shadow");
    assertThat(count("ds = '2026-07-08' AND shadow AND model_version = '1'")).isEqualTo(60);
    assertThat(count("ds = '2026-07-08'")).isEqualTo(120);

    Run unknown = score("--date", "2026-07-08", "--model", "scli_model@gold");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("Cannot resolve scli_model@gold: the model has no alias gold");

    Run notBuilt = score("--from", "2026-07-08", "--to", "2026-07-09");
    assertThat(notBuilt.code()).isEqualTo(2);
    assertThat(notBuilt.err())
        .contains("feature table ballast.scli_cf has not been built for day 2026-07-09");

    Run empty = score("--date", "2026-07-25");
    assertThat(empty.code()).as(empty.err()).isZero();
    assertThat(empty.out()).contains("on 2026-07-25: 0 rows");

    Run both = score("--date", "2026-07-08", "--from", "2026-07-08", "--to", "2026-07-08");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("give either --date or --from/--to, not both");
  }

  @Test
  void explainsEachPredictionWhenAskedAndRefusesTopWithoutIt() {
    Run noExplain = score("--date", "2026-07-07", "--model", "scli_model/1", "--top", "3");
    assertThat(noExplain.code()).isEqualTo(2);
    assertThat(noExplain.err()).contains("Cannot use --top '3': it needs --explain.");
    Run zero = score("--date", "2026-07-07", "--model", "scli_model/1", "--explain", "--top", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).contains("Cannot explain predictions with --top 0");

    Run ok = score("--date", "2026-07-07", "--model", "scli_model/1", "--explain", "--top", "2");
    assertThat(ok.code()).as(ok.err()).isZero();
    List<org.apache.spark.sql.Row> rows =
        TestSpark.spark()
            .sql(
                "SELECT explanation.feature, base_value FROM ballast.scli_predictions"
                    + " WHERE ds = '2026-07-07'")
            .collectAsList();
    assertThat(rows).isNotEmpty();
    for (org.apache.spark.sql.Row r : rows) {
      List<String> features = r.getList(0);
      // the model's own pipeline: one-hot slots of category summed back into "category"
      assertThat(features).hasSize(2).isSubsetOf("amount", "category", "n_1d");
      assertThat(r.isNullAt(1)).isFalse();
    }
  }

  @Test
  void aMissingFeatureIsNamed() throws Exception {
    Path changed = dir.resolve("changed.yaml");
    Files.writeString(changed, YAML.replace("- {name: n_1d, agg: count, window: 1d}", ""));
    Run r =
        run(
            "score",
            "--pipeline",
            changed.toString(),
            "--date",
            "2026-07-08",
            "--model",
            "scli_model/1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "Cannot score with scli_model version 1: 1 feature it was trained on is missing: n_1d"
                + " (declared by no feature table of scli)");
  }
}
