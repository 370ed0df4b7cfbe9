package io.ballast.jobs.train;

/** The training fixture for CLI tests (TrainFixtures is package-private). */
public final class TrainCliFixture {
  private TrainCliFixture() {}

  public static String definition(String prefix) {
    return TrainFixtures.definition(
        prefix,
        "is_fraud",
        """
          - name: cli_model
            algorithm: logistic_regression
            categorical: [category]
            training_window_days: 6
            params: {regParam: 0.01}
        """);
  }

  public static void prepare(String yaml, String prefix) {
    TrainFixtures.prepare(TrainFixtures.load(yaml), prefix);
  }
}
