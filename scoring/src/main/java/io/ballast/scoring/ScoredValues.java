package io.ballast.scoring;

import io.ballast.features.pit.FeatureValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;

/**
 * NaN and infinite values of the scored rows' float and double features, counted while the
 * predictions are written: the rows are observed ({@code Dataset.observe}, Spark's named metrics),
 * so the counts come from the write's own pass, with no Spark job of their own. Spark reports them
 * to a query listener when the write ends (Delta runs its write as a query of its own); {@link
 * #counts} waits a bounded time for that report.
 */
final class ScoredValues implements QueryExecutionListener {
  /** Per feature: NaN and infinite values. */
  record Counts(Map<String, Long> nan, Map<String, Long> infinite) {
    boolean any() {
      return nan.values().stream().anyMatch(n -> n > 0)
          || infinite.values().stream().anyMatch(n -> n > 0);
    }
  }

  private final SparkSession spark;
  private final String name =
      "ballast_scored_values_" + UUID.randomUUID().toString().replace("-", "");
  private final List<String> features;
  private final CompletableFuture<Row> metrics = new CompletableFuture<>();

  private ScoredValues(SparkSession spark, List<String> features) {
    this.spark = spark;
    this.features = features;
  }

  /** A counter for the model's float and double features; empty when it has none. */
  static Optional<ScoredValues> of(Dataset<Row> joined, List<String> modelFeatures) {
    List<String> floating = new ArrayList<>();
    for (String f : modelFeatures) {
      if (FeatureValues.floating(joined.schema().apply(f).dataType())) {
        floating.add(f);
      }
    }
    return floating.isEmpty()
        ? Optional.empty()
        : Optional.of(new ScoredValues(joined.sparkSession(), floating));
  }

  /** {@code joined} with the counts attached; the counter listens from now on. */
  Dataset<Row> observe(Dataset<Row> joined) {
    List<Column> aggs = FeatureValues.aggregates(joined.schema(), features);
    spark.listenerManager().register(this);
    return joined.observe(name, aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** The counts of the observed write; empty when Spark did not report them within {@code wait}. */
  Optional<Counts> counts(Duration wait) {
    try {
      Row r = metrics.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      Map<String, Long> nan = new LinkedHashMap<>();
      Map<String, Long> inf = new LinkedHashMap<>();
      FeatureValues.read(r, 0, 0, features)
          .forEach(
              (f, c) -> {
                nan.put(f, c.nan());
                inf.put(f, c.infinite());
              });
      return Optional.of(new Counts(nan, inf));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("counting NaN and infinite feature values failed", e);
    } finally {
      close();
    }
  }

  void close() {
    spark.listenerManager().unregister(this);
  }

  @Override
  public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    scala.Option<Row> r = qe.observedMetrics().get(name);
    if (r.isDefined()) {
      metrics.complete(r.get());
    }
  }

  @Override
  public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
}
