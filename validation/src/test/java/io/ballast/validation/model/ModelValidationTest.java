package io.ballast.validation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.BallastException;
import io.ballast.features.TestSpark;
import io.ballast.features.config.ValidationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ModelValidationTest {
  static ValidationSpec spec(
      List<String> slices,
      Optional<String> prot,
      Map<String, Double> fairness,
      Optional<ValidationSpec.ChampionGate> champion) {
    return new ValidationSpec(
        0.5,
        25,
        10,
        slices,
        prot,
        Map.of("roc_auc", 0.6),
        Map.of(),
        Map.of(),
        0,
        fairness,
        champion);
  }

  @Test
  void wholeWindowSlicesAndProtectedGroupsComeFromOneMetricsJob() {
    ModelValidation.Report r =
        ModelValidation.run(
            ModelFixtures.ties(),
            spec(
                List.of("amount > 400"),
                Optional.of("is_online = 1"),
                Map.of("statistical_parity", 0.9),
                Optional.empty()),
            List.of("id"),
            Optional.empty());
    assertThat(r.all().value("roc_auc")).hasValue(0.8);
    SliceMetrics big =
        r.metrics().stream()
            .filter(s -> s.slice().equals("amount > 400") && s.sliceValue().equals("true"))
            .findFirst()
            .orElseThrow();
    // Rows 4..7: scores 0.4 (1), 0.4 (0), 0.2 (0), 0.1 (0): the positive ties one negative.
    assertThat(big.value("roc_auc").get()).isCloseTo(2.5 / 3, within(1e-12));
    // Online = rows 0..3 (scores .9 .8 .8 .6, all predicted positive): rate 1; offline 0.
    assertThat(r.fairness().get("statistical_parity")).isCloseTo(1.0, within(1e-12));
    // Recall online 2/2, offline 0/1; precision online 2/4, offline undefined.
    assertThat(r.fairness().get("equal_opportunity")).isCloseTo(1.0, within(1e-12));
    assertThat(r.fairness()).doesNotContainKey("predictive_parity");
    assertThat(r.gates()).extracting(GateResult::gate).containsExactly("min", "fairness");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void aSliceOnAMissingColumnOrANonBooleanProtectedAttributeIsAUserError() {
    Dataset<Row> rows = ModelFixtures.ties();
    assertThatThrownBy(
            () ->
                ModelValidation.checkExpressions(
                    rows,
                    spec(
                        List.of("no_such_column > 1"),
                        Optional.empty(),
                        Map.of(),
                        Optional.empty())))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("Cannot validate with slice 'no_such_column > 1'")
        .hasMessageContaining("amount");
    assertThatThrownBy(
            () ->
                ModelValidation.checkExpressions(
                    rows, spec(List.of(), Optional.of("grp"), Map.of(), Optional.empty())))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("protected_attribute 'grp'")
        .hasMessageContaining("not a boolean group");
    assertThatThrownBy(
            () ->
                ModelValidation.checkExpressions(
                    rows, spec(List.of(), Optional.of("gender = 'f'"), Map.of(), Optional.empty())))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("protected_attribute 'gender = 'f''");
  }

  static final StructType PAIR =
      new StructType()
          .add("id", DataTypes.IntegerType)
          .add("label", DataTypes.DoubleType)
          .add("score", DataTypes.DoubleType)
          .add("score_champion", DataTypes.DoubleType);

  /** 40 rows, 10 positives; the champion's scores interleave the classes. */
  static List<Row> champion(boolean clearWin) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double y = i % 4 == 0 ? 1 : 0;
      double champ = ((i * 37) % 40) / 40.0 + 0.001;
      double chal = champ;
      if (clearWin) {
        chal = 0.2 + 0.6 * y + i / 1000.0;
      } else if (i == 8) {
        chal = champ + 0.03; // one positive passes one more negative: a win inside the noise
      }
      rows.add(RowFactory.create(i, y, chal, champ));
    }
    return rows;
  }

  static final ValidationSpec.ChampionGate GATE =
      new ValidationSpec.ChampionGate("roc_auc", 0.0, 0.0, 100, 0.95, 7);

  @Test
  void aChallengerBetterOnlyWithinTheNoiseDoesNotPass() {
    Dataset<Row> rows = TestSpark.spark().createDataFrame(champion(false), PAIR);
    ModelValidation.Report r =
        ModelValidation.run(
            rows,
            spec(List.of(), Optional.empty(), Map.of(), Optional.of(GATE)),
            List.of("id"),
            Optional.of("1"));
    Comparison c = r.comparison().orElseThrow();
    assertThat(c.improvement()).isGreaterThan(0);
    assertThat(c.ciLow()).isLessThanOrEqualTo(0);
    GateResult g = r.gates().get(r.gates().size() - 1);
    assertThat(g.gate()).isEqualTo("champion");
    assertThat(g.passed()).isFalse();
    assertThat(g.detail()).contains("within the noise");
  }

  @Test
  void aClearlyBetterChallengerPassesWithAPositiveInterval() {
    Dataset<Row> rows = TestSpark.spark().createDataFrame(champion(true), PAIR);
    ModelValidation.Report r =
        ModelValidation.run(
            rows,
            spec(List.of(), Optional.empty(), Map.of(), Optional.of(GATE)),
            List.of("id"),
            Optional.of("1"));
    Comparison c = r.comparison().orElseThrow();
    assertThat(c.challenger()).isEqualTo(1.0);
    assertThat(c.ciLow()).isGreaterThan(0.2);
    assertThat(c.replicates()).isEqualTo(100);
    assertThat(r.passed()).isTrue();
  }

  @Test
  void poissonWeightsHaveMeanAndVarianceOne() {
    Dataset<Row> w =
        TestSpark.spark()
            .range(20000)
            .selectExpr("(xxhash64(id, 3) & 9007199254740991) / 9007199254740992.0 AS u")
            .select(Bootstrap.poisson(org.apache.spark.sql.functions.col("u")).as("w"))
            .selectExpr("avg(w)", "var_samp(w)");
    Row r = w.first();
    assertThat(r.getDouble(0)).isCloseTo(1.0, within(0.03));
    assertThat(r.getDouble(1)).isCloseTo(1.0, within(0.05));
  }
}
