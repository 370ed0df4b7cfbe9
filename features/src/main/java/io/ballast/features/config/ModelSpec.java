package io.ballast.features.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One model of a use case: what to fit, on which features, over which label windows.
 *
 * @param features feature columns used; empty means every feature of the definition
 * @param categorical string features to index and one-hot encode
 * @param trainingWindowDays label days fitted on, before the validation and test days
 * @param params fixed hyperparameters (numbers, booleans or text), by Spark ML parameter name
 * @param classWeight {@code balanced} weighs each class by n / (2 * class count)
 * @param validation metrics settings, slices, fairness and promotion gates
 * @param calibration how the probability is calibrated on the validation window
 * @param windows label windows chosen in the definition instead of derived from an as-of day
 */
public record ModelSpec(
    String name,
    Algorithm algorithm,
    List<String> features,
    List<String> categorical,
    int trainingWindowDays,
    int validationDays,
    int testDays,
    Map<String, Object> params,
    Optional<SearchSpec> search,
    ClassWeight classWeight,
    ValidationSpec validation,
    Calibration calibration,
    Optional<ModelWindows> windows) {

  /** A model whose windows are derived from the as-of day. */
  public ModelSpec(
      String name,
      Algorithm algorithm,
      List<String> features,
      List<String> categorical,
      int trainingWindowDays,
      int validationDays,
      int testDays,
      Map<String, Object> params,
      Optional<SearchSpec> search,
      ClassWeight classWeight,
      ValidationSpec validation,
      Calibration calibration) {
    this(
        name,
        algorithm,
        features,
        categorical,
        trainingWindowDays,
        validationDays,
        testDays,
        params,
        search,
        classWeight,
        validation,
        calibration,
        Optional.empty());
  }

  /** A model with the default calibration. */
  public ModelSpec(
      String name,
      Algorithm algorithm,
      List<String> features,
      List<String> categorical,
      int trainingWindowDays,
      int validationDays,
      int testDays,
      Map<String, Object> params,
      Optional<SearchSpec> search,
      ClassWeight classWeight,
      ValidationSpec validation) {
    this(
        name,
        algorithm,
        features,
        categorical,
        trainingWindowDays,
        validationDays,
        testDays,
        params,
        search,
        classWeight,
        validation,
        Calibration.PLATT);
  }

  /** A model with the default validation (no slices, no gates). */
  public ModelSpec(
      String name,
      Algorithm algorithm,
      List<String> features,
      List<String> categorical,
      int trainingWindowDays,
      int validationDays,
      int testDays,
      Map<String, Object> params,
      Optional<SearchSpec> search,
      ClassWeight classWeight) {
    this(
        name,
        algorithm,
        features,
        categorical,
        trainingWindowDays,
        validationDays,
        testDays,
        params,
        search,
        classWeight,
        ValidationSpec.DEFAULT);
  }

  /** How classes are weighted when fitting. */
  public enum ClassWeight {
    BALANCED,
    NONE
  }

  /**
   * How the positive-class probability is mapped after fitting: Platt scaling (a logistic
   * regression on the logit of the score), isotonic regression (a monotone step function), or not
   * at all.
   */
  public enum Calibration {
    PLATT,
    ISOTONIC,
    NONE;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Label days the model needs in all: training + validation + test. */
  public int totalDays() {
    return trainingWindowDays + validationDays + testDays;
  }

  /** The features used, given every feature of the definition in order. */
  public List<String> featuresOr(List<String> all) {
    return features.isEmpty() ? all : features;
  }
}
