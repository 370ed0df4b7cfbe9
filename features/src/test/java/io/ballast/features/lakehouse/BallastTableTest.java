package io.ballast.features.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BallastTableTest {
  @Test
  void everyFixedTableIsDefinedOnceInDocumentationOrder() {
    List<String> names = BallastTable.all().stream().map(BallastTable::name).toList();
    assertThat(names)
        .containsExactly(
            "transactions",
            "fraud_labels",
            "customers",
            "merchants",
            "cards",
            "injected_faults",
            "quality_results",
            "quality_metrics",
            "drift",
            "drift_summary",
            "model_metrics",
            "model_validations",
            "runs",
            "run_params",
            "run_metrics",
            "model_versions",
            "model_aliases",
            "model_alias_events",
            "pipeline_task_runs");
    assertThat(TableDocs.knownTables()).isEqualTo(names);
    assertThat(BallastTable.named("drift_summary")).contains(BallastTable.DRIFT_SUMMARY);
    assertThat(BallastTable.named("card_fraud_predictions")).isEmpty();
  }

  @Test
  void docsComeFromTheRegistry() {
    for (BallastTable t : BallastTable.all()) {
      TableDocs.Doc d = TableDocs.of(t.name());
      assertThat(d.kind()).as(t.name()).isEqualTo(t.kind());
      assertThat(d.description()).as(t.name()).isEqualTo(t.description()).isNotEmpty();
      assertThat(d.columns()).as(t.name()).isEqualTo(t.columns());
    }
  }

  @Test
  void sourcesHaveNoFixedSchemaAndEveryOtherTableHasOne() {
    for (BallastTable t : BallastTable.all()) {
      assertThat(t.schema().isPresent())
          .as(t.name())
          .isEqualTo(t.kind() != BallastTable.Kind.SOURCE);
    }
  }

  @Test
  void partitioningIsTheOneTheWritersUse() {
    assertThat(BallastTable.TRANSACTIONS.partitionBy()).containsExactly("ds");
    assertThat(BallastTable.FRAUD_LABELS.partitionBy()).containsExactly("ds");
    assertThat(BallastTable.QUALITY_RESULTS.partitionBy()).containsExactly("table_name");
    assertThat(BallastTable.QUALITY_METRICS.partitionBy()).containsExactly("table_name");
    assertThat(BallastTable.DRIFT.partitionBy()).isEmpty();
    assertThat(BallastTable.MODEL_METRICS.partitionBy()).isEmpty();
  }

  @Test
  void modelMetricsValueIsNullableBecauseValidationWritesUndefinedMetricsAsNull() {
    StructType s = BallastTable.MODEL_METRICS.requireSchema();
    assertThat(s.apply("value").nullable()).isTrue();
    Set<String> required =
        java.util.Arrays.stream(s.fields())
            .filter(f -> !f.nullable())
            .map(StructField::name)
            .collect(Collectors.toSet());
    assertThat(required)
        .containsExactlyInAnyOrder(
            "model_name",
            "model_version",
            "dataset",
            "slice",
            "slice_value",
            "metric",
            "_computed_at");
  }

  @Test
  void qualifiedNameIsInTheBallastCatalog() {
    assertThat(BallastTable.DRIFT_SUMMARY.qualified()).isEqualTo("ballast.drift_summary");
    assertThat(BallastTable.PREDICTIONS_SUFFIX).isEqualTo("_predictions");
  }
}
