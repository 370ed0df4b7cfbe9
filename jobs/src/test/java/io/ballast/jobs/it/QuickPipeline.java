package io.ballast.jobs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bundled demo definition with a smaller model search, for integration tests that run the demo
 * to get its tables rather than to judge its model: the same tables, stages and gates, but one GBT
 * fit of 10 trees instead of a grid of two plus a refit of 30 trees each.
 */
final class QuickPipeline {
  private static final String PARAMS = "params: {maxIter: 30, stepSize: 0.2}";
  private static final String MIN_AUC = "min: {roc_auc: 0.6}";
  private static final String MIN_POSITIVES = "min_positives: 3";
  private static final String SEARCH =
      "search: {method: grid, parallelism: 2, metric: areaUnderPR, grid: {maxDepth: [3, 5]}}";

  private QuickPipeline() {}

  /** Writes the quick definition into {@code dir} and returns its path. */
  static Path write(Path dir) {
    try {
      String yaml = Files.readString(Path.of(CrashSafetyIT.pipeline()));
      if (!yaml.contains(PARAMS) || !yaml.contains(SEARCH)) {
        throw new IllegalStateException(
            "the demo definition's model section changed; update QuickPipeline: " + PARAMS);
      }
      Path out = dir.resolve("card_fraud_quick.yaml");
      if (!yaml.contains(MIN_AUC) || !yaml.contains(MIN_POSITIVES)) {
        throw new IllegalStateException(
            "the demo definition's gates or label minimums changed; update QuickPipeline: "
                + MIN_AUC
                + ", "
                + MIN_POSITIVES);
      }
      Files.writeString(
          out,
          yaml.replace(PARAMS, "params: {maxIter: 10, stepSize: 0.3}")
              // the quick model must still be promoted, so that scoring and its tables exist
              .replace(MIN_AUC, "min: {roc_auc: 0.5}")
              // a one-day window of a few thousand demo rows holds only a handful of frauds
              .replace(MIN_POSITIVES, "min_positives: 1")
              .replace(
                  SEARCH,
                  "search: {method: grid, parallelism: 1, metric: areaUnderPR,"
                      + " grid: {maxDepth: [4]}}"));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
