package io.ballast.features.pit;

import io.ballast.features.config.Algorithm;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.SearchSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Training-set fixtures: a tiny card-payment source (720 payments over 9 days, 2026-03-01 ..
 * 2026-03-09, of 40 customers, fraud when a large non-food payment or every 17th payment) and a
 * model spec with the given windows.
 */
public final class TrainingFixtures {
  public static final String PAYMENTS =
      "SELECT txn_id, customer_id, amount, category, event_ts,"
          + " date_format(event_ts, 'yyyy-MM-dd') AS ds,"
          + " CAST((amount > 80 AND category != 'food') OR txn_id % 17 = 0 AS INT) AS is_fraud"
          + " FROM (SELECT id AS txn_id, id % 40 AS customer_id,"
          + " CAST(10 + (id * 37 % 100) AS DOUBLE) AS amount,"
          + " element_at(array('food', 'travel', 'online'), CAST(id % 3 AS INT) + 1) AS category,"
          + " timestamp_seconds(unix_seconds(timestamp'2026-03-01 00:00:00') + id * 1080) AS event_ts"
          + " FROM range(720))";

  private TrainingFixtures() {}

  public static ModelSpec spec(int train, int validation, int test, Optional<SearchSpec> search) {
    return new ModelSpec(
        "m",
        Algorithm.GBT,
        List.of(),
        List.of(),
        train,
        validation,
        test,
        Map.of("maxIter", 5L),
        search,
        ModelSpec.ClassWeight.BALANCED);
  }
}
