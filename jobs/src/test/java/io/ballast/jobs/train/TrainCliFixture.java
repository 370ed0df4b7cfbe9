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

  /**
   * The training fixture with features whose values are bad in one way each: {@code empty} (all
   * null), {@code flat} (constant), {@code nanny} (NaN when txn_id % 50 = 0), {@code spiky}
   * (infinite when txn_id % 100 = 7), {@code word} (a string); and {@code models}.
   */
  public static String badValues(String prefix, String label, String models) {
    return TrainFixtures.definition(prefix, label, models)
        .replace(
            "      - {name: n_1d, agg: count, window: 1d}\n",
            """
              - {name: n_1d, agg: count, window: 1d}
              - {name: empty, expr: "CAST(NULL AS DOUBLE)"}
              - {name: flat, expr: "CAST(1.0 AS DOUBLE)"}
              - {name: nanny, expr: "CASE WHEN txn_id % 50 = 0 THEN CAST('NaN' AS DOUBLE) ELSE amount END"}
              - {name: spiky, expr: "CASE WHEN txn_id % 100 = 7 THEN CAST('Infinity' AS DOUBLE) ELSE amount END"}
              - {name: word, expr: "concat('x', category)"}
        """);
  }
}
