package io.ballast.features.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The estimators a model section may name, each with the hyperparameters it accepts (Spark ML
 * parameter names, XGBoost4J-Spark's for {@code xgboost}).
 */
public enum Algorithm {
  LOGISTIC_REGRESSION(
      "logistic_regression",
      true,
      "regParam",
      "elasticNetParam",
      "maxIter",
      "tol",
      "fitIntercept",
      "standardization",
      "aggregationDepth",
      "threshold"),
  GBT(
      "gbt",
      false,
      "maxDepth",
      "maxIter",
      "stepSize",
      "subsamplingRate",
      "minInstancesPerNode",
      "minInfoGain",
      "maxBins",
      "featureSubsetStrategy",
      "checkpointInterval"),
  RANDOM_FOREST(
      "random_forest",
      false,
      "numTrees",
      "maxDepth",
      "subsamplingRate",
      "minInstancesPerNode",
      "minInfoGain",
      "maxBins",
      "featureSubsetStrategy",
      "impurity"),
  XGBOOST(
      "xgboost",
      false,
      "maxDepth",
      "numRound",
      "eta",
      "subsample",
      "colsampleBytree",
      "minChildWeight",
      "lambda",
      "alpha",
      "gamma",
      "maxBins",
      "maxLeaves",
      "numWorkers",
      "nthread");

  private final String key;
  private final boolean needsScaling;
  private final Set<String> params;

  Algorithm(String key, boolean needsScaling, String... params) {
    this.key = key;
    this.needsScaling = needsScaling;
    this.params = Set.copyOf(Arrays.asList(params));
  }

  /** The name used in definitions, e.g. {@code random_forest}. */
  public String key() {
    return key;
  }

  /** Linear models want scaled inputs; trees do not. */
  public boolean needsScaling() {
    return needsScaling;
  }

  public Set<String> params() {
    return params;
  }

  public List<String> paramsSorted() {
    return List.copyOf(new TreeSet<>(params));
  }

  public static Optional<Algorithm> parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(a -> a.key.equals(t)).findFirst();
  }

  public static List<String> known() {
    return Arrays.stream(values()).map(Algorithm::key).toList();
  }
}
