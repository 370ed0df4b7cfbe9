package io.ballast.scoring.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ballast.features.BallastException;
import io.ballast.features.TestSpark;
import io.ballast.scoring.ScoringModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Explanations of tiny fitted MLlib models, built like Ballast's pipelines (imputed numeric
 * features, one-hot categorical ones, scaled for the linear model): for every row, base value plus
 * the attributions of all features is the model's margin.
 */
class ExplanationsTest {
  static final List<String> FEATURES = List.of("amount", "age", "category");
  static Dataset<Row> rows;
  private static ScoringModel lr;

  /** The logistic regression, fitted once for the tests that use it. */
  static synchronized ScoringModel lr() {
    if (lr == null) {
      lr = fit(new LogisticRegression().setMaxIter(20), true);
    }
    return lr;
  }

  @BeforeAll
  static void data() {
    StructType schema =
        new StructType()
            .add("amount", DataTypes.DoubleType, true)
            .add("age", DataTypes.DoubleType, true)
            .add("category", DataTypes.StringType, true)
            .add("label", DataTypes.DoubleType, false);
    Random rnd = new Random(5);
    String[] cats = {"a", "b", "c"};
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      double amount = Math.round(rnd.nextDouble() * 100);
      double age = 18 + rnd.nextInt(60);
      String cat = cats[rnd.nextInt(3)];
      double label = amount > 60 || cat.equals("c") && rnd.nextBoolean() ? 1 : 0;
      data.add(RowFactory.create(i % 7 == 0 ? null : amount, age, cat, label));
    }
    rows = TestSpark.spark().createDataFrame(data, schema).cache();
  }

  static ScoringModel fit(PipelineStage estimator, boolean scale) {
    estimator.set(estimator.getParam("featuresCol"), "_features");
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(
        new Imputer()
            .setStrategy("median")
            .setInputCols(new String[] {"amount", "age"})
            .setOutputCols(new String[] {"_imp_amount", "_imp_age"}));
    stages.add(
        new StringIndexer()
            .setInputCol("category")
            .setOutputCol("_idx_category")
            .setHandleInvalid("keep"));
    stages.add(
        new OneHotEncoder()
            .setInputCols(new String[] {"_idx_category"})
            .setOutputCols(new String[] {"_ohe_category"})
            .setHandleInvalid("keep"));
    stages.add(
        new VectorAssembler()
            .setInputCols(new String[] {"_imp_amount", "_imp_age", "_ohe_category"})
            .setOutputCol(scale ? "_unscaled" : "_features")
            .setHandleInvalid("keep"));
    if (scale) {
      stages.add(
          new StandardScaler()
              .setInputCol("_unscaled")
              .setOutputCol("_features")
              .setWithMean(false)
              .setWithStd(true));
    }
    stages.add(estimator);
    PipelineModel m = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(rows);
    return new ScoringModel("m", "1", "m/1", m, FEATURES, Map.of());
  }

  /** Base value + all attributions vs the margin {@code margin(rawPrediction, probability)}. */
  static void assertSumsToMargin(ScoringModel model, MarginOf margin) {
    List<Row> out =
        Explanations.transform(model, rows, 10)
            .select(
                "rawPrediction", "probability", Explanations.BASE_VALUE, Explanations.EXPLANATION)
            .collectAsList();
    assertThat(out).hasSize(60);
    for (Row r : out) {
      List<Row> ex = r.getList(3);
      double sum = r.getDouble(2);
      double previous = Double.MAX_VALUE;
      for (Row e : ex) {
        sum += e.getDouble(1);
        assertThat(Math.abs(e.getDouble(1))).isLessThanOrEqualTo(previous);
        previous = Math.abs(e.getDouble(1));
      }
      assertThat(ex.stream().map(e -> e.getString(0)))
          .containsExactlyInAnyOrderElementsOf(FEATURES);
      assertThat(sum).isCloseTo(margin.of(r.getAs(0), r.getAs(1)), within(1e-9));
    }
  }

  interface MarginOf {
    double of(Vector raw, Vector probability);
  }

  @Test
  void gbtAttributionsSumToItsMargin() {
    ScoringModel m = fit(new GBTClassifier().setMaxIter(4).setMaxDepth(3).setSeed(1), false);
    // GBT's raw prediction is [-m, m], probability 1 / (1 + exp(-2m))
    assertSumsToMargin(m, (raw, p) -> raw.apply(1));
  }

  @Test
  void randomForestAttributionsSumToItsPositiveProbability() {
    ScoringModel m =
        fit(new RandomForestClassifier().setNumTrees(4).setMaxDepth(3).setSeed(1), false);
    assertSumsToMargin(m, (raw, p) -> p.apply(1));
  }

  @Test
  void logisticRegressionAttributionsSumToItsLogOdds() {
    ScoringModel m = lr();
    assertSumsToMargin(m, (raw, p) -> Math.log(p.apply(1) / p.apply(0)));
    assertSumsToMargin(m, (raw, p) -> raw.apply(1));
  }

  @Test
  void topKeepsTheLargestAndAnUnsupportedModelIsAUserError() {
    Row full = Explanations.transform(lr(), rows.limit(1), 10).select("explanation").first();
    Row two = Explanations.transform(lr(), rows.limit(1), 2).select("explanation").first();
    assertThat(two.getList(0)).containsExactlyElementsOf(full.getList(0).subList(0, 2));

    ScoringModel svc = fit(new LinearSVC().setMaxIter(1), true);
    assertThatThrownBy(() -> Explanations.transform(svc, rows, 5))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot explain the predictions of m/1 version 1: its estimator stage is a"
                + " LinearSVCModel, for which Ballast has no attribution method (it explains gbt,"
                + " random_forest, logistic_regression and xgboost models). Score without"
                + " --explain, or retrain the model with one of those algorithms.");
  }
}
