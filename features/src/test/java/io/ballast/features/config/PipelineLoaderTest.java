package io.ballast.features.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineLoaderTest {
  static final Path DEMO = Path.of("../orchestration/pipelines/card_fraud.yaml");
  private final PipelineLoader loader = new PipelineLoader(new SparkExpressionParser());

  private static final String MINIMAL =
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
            - {name: n_7d, agg: count, window: 7d}
      """;

  @Test
  void loadsTheDemoDefinition() {
    PipelineDefinition def = loader.load(DEMO);
    assertThat(def.name()).isEqualTo("card_fraud");
    assertThat(def.entities()).containsKeys("customer", "merchant");
    assertThat(def.sources().get("fraud_labels").knownAt()).contains("label_ts");
    assertThat(def.featureTables())
        .extracting(FeatureTable::name)
        .containsExactly("customer_features", "merchant_features");
    int features = def.featureTables().stream().mapToInt(t -> t.features().size()).sum();
    assertThat(features).isGreaterThanOrEqualTo(15);
    assertThat(def.featureTable("customer_features").orElseThrow().longestWindow())
        .isEqualTo(Duration.ofDays(30));
    assertThat(def.schedule().startDate()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(def.label()).isPresent();
    assertThat(def.hash()).hasSize(64);
  }

  @Test
  void aggregateDefaultsToStrictlyPrecedingWindow() {
    PipelineDefinition def = loader.parse(MINIMAL, "tiny.yaml");
    Aggregate agg = def.featureTables().get(0).features().get(1).aggregate().orElseThrow();
    assertThat(agg.function()).isEqualTo(AggregateFunction.COUNT);
    assertThat(agg.of()).isEqualTo("*");
    assertThat(agg.window()).isEqualTo(Duration.ofDays(7));
    assertThat(agg.includeCurrent()).isFalse();
  }

  @Test
  void hashIgnoresKeyOrderAndFormattingButNotContent() {
    String reordered =
        """
        sources:
          tx: {event_time: event_ts, partition_column: ds, table: ballast.tx}
        entities:
          customer:
            keys:
              - customer_id
        name: tiny
        feature_tables:
          - features:
              - {expr: amount, name: amount}
              - {window: 7d, agg: count, name: n_7d}
            source: tx
            entity: customer
            name: f
        """;
    PipelineDefinition a = loader.parse(MINIMAL, "a.yaml");
    PipelineDefinition b = loader.parse(reordered, "b.yaml");
    PipelineDefinition c = loader.parse(MINIMAL.replace("window: 7d", "window: 8d"), "c.yaml");
    assertThat(b.hash()).isEqualTo(a.hash());
    assertThat(b.featureTables().get(0).hash()).isEqualTo(a.featureTables().get(0).hash());
    assertThat(c.hash()).isNotEqualTo(a.hash());
    assertThat(c.featureTables().get(0).hash()).isNotEqualTo(a.featureTables().get(0).hash());
  }

  @Test
  void reportsEveryProblemAtOnceWithItsPath() {
    String bad =
        """
        name: bad name
        colour: blue
        entities:
          customer: {keys: [customer_id]}
        sources:
          tx: {table: ballast.tx, event_time: event_ts}
        feature_tables:
          - name: ok
            entity: customer
            source: tx
            features:
              - {name: amount, expr: amount}
          - name: f
            entity: shopper
            source: tx
            features:
              - {name: a, expr: amount}
              - {name: b, agg: median, of: amount, window: 7d}
              - {name: c, agg: sum, of: amount, window: 7 weeks}
              - {name: d, expr: "amount +* 2"}
              - {name: a, expr: amount, window: 1d}
        """;
    assertThatThrownBy(() -> loader.parse(bad, "bad.yaml"))
        .isInstanceOf(BallastException.class)
        .hasMessageStartingWith("Cannot load pipeline definition bad.yaml: 8 problems (the first: ")
        .hasMessageContaining("name: 'bad name' is not a valid name")
        .hasMessageContaining(
            "colour: unknown key 'colour'; known keys: [description, drift, entities,"
                + " feature_tables, label, models, monitoring, name, quality, schedule, sources]")
        .hasMessageContaining(
            "feature_tables[1].entity: unknown entity 'shopper'; declared: [customer]")
        .hasMessageContaining(
            "feature_tables[1].features[1].agg: unknown aggregate 'median'; known: [count, sum,"
                + " avg, min, max, count_distinct]")
        .hasMessageContaining("feature_tables[1].features[2].window: '7 weeks' is not a duration")
        .hasMessageContaining("feature_tables[1].features[3].expr: 'amount +* 2' does not parse")
        .hasMessageContaining(
            "feature_tables[1].features[4].window: only applies to an 'agg' feature")
        .hasMessageContaining("feature_tables[1].features[4].name: duplicate feature name 'a'");
  }

  @Test
  void rejectsBadSourcesAndSchedule() {
    String bad =
        """
        name: s
        schedule: {cron: "every day", start_date: 2026-13-01, retries: -1}
        entities:
          customer: {keys: []}
        sources:
          both: {table: ballast.tx, path: /tmp/x, event_time: event_ts}
          neither: {event_time: event_ts}
          csv_no_format: {path: /tmp/x.csv, format: table, event_time: ts}
          noevent: {table: ballast.tx}
          weird: {path: /tmp/y, format: excel, event_time: ts}
        """;
    assertThatThrownBy(() -> loader.parse(bad, "s.yaml"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("schedule.cron: 'every day' is not a cron expression")
        .hasMessageContaining("schedule.start_date: '2026-13-01' is not a date; use YYYY-MM-DD")
        .hasMessageContaining("schedule.retries: expected a whole number >= 0, got '-1'")
        .hasMessageContaining("entities.customer.keys: must name at least one key column")
        .hasMessageContaining("sources.both: give exactly one of 'table'")
        .hasMessageContaining("sources.neither: give exactly one of 'table'")
        .hasMessageContaining("sources.csv_no_format.format: a 'path' source needs a file format")
        .hasMessageContaining("sources.noevent.event_time: is required")
        .hasMessageContaining("sources.weird.format: unknown format 'excel'");
  }

  @Test
  void missingFileAndInvalidYamlAreUserErrors() {
    assertThatThrownBy(() -> loader.load(Path.of("no/such/pipeline.yaml")))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot load pipeline definition no/such/pipeline.yaml: the file does not exist. Pass"
                + " --pipeline with the path of a YAML definition (the demo's is"
                + " orchestration/pipelines/card_fraud.yaml).");
    assertThatThrownBy(
            () -> loader.parse("name: x\nentities:\n  c: {keys: [a]\n  b: c\n", "b.yaml"))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot load pipeline definition b.yaml: line 4, column 3: not valid YAML (while"
                + " parsing a flow mapping (from line 3, column 6): expected ',' or '}', but got"
                + " <scalar>). Fix it and run again.");
    assertThatThrownBy(() -> loader.parse("name: a\nname: b\n", "dup.yaml"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("Duplicate field 'name'");
  }

  @Test
  void aByteThatIsNotUtf8IsNamedByLineAndColumn(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("latin1.yaml");
    // "café" in Latin-1 on line 2: the quote is column 14, c a f are 15-17, é is 18
    Files.write(f, "name: x\ndescription: \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> loader.load(f))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot load pipeline definition "
                + f
                + ": line 2, column 18 holds the byte 0xE9, which is not UTF-8 (the file may be"
                + " saved as Latin-1 or Windows-1252); save it as UTF-8. Fix it and run again.");
    // the same text in UTF-8 is read (and then fails on the definition's content, not its bytes)
    Files.writeString(f, "name: x\ndescription: \"caf\u00e9\"\n");
    assertThatThrownBy(() -> loader.load(f)).hasMessageNotContaining("not UTF-8");
  }

  @Test
  void anUnknownSourceIsAProblemOfTheDefinitionNotACrash() {
    assertThatThrownBy(() -> loader.parse(MINIMAL.replace("source: tx", "source: nope"), "u.yaml"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("u.yaml")
        .hasMessageContaining("nope");
  }

  @Test
  void definitionsLoadWithoutSpark() {
    PipelineDefinition def =
        new PipelineLoader(ExpressionParser.NONE)
            .parse(MINIMAL.replace("expr: amount", "expr: \"a +* b\""), "x.yaml");
    assertThat(def.featureTables().get(0).features().get(0).expr()).contains("a +* b");
  }
}
