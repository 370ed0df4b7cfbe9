package io.ballast.features.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A trailing-window aggregate per entity.
 *
 * @param function count, sum, avg, min, max or count_distinct
 * @param of the Spark SQL expression aggregated ({@code *} for count)
 * @param window how far back the window reaches from the row's event time
 * @param includeCurrent whether the row itself is in its window; false (the default) makes the
 *     window strictly preceding, so a row's own outcome never feeds its own feature
 * @param source another source to aggregate (e.g. labels), joined on the entity keys; its rows
 *     count from their known-at time, not their event time
 * @param filter an optional Spark SQL predicate on the aggregated rows
 */
public record Aggregate(
    AggregateFunction function,
    String of,
    Duration window,
    boolean includeCurrent,
    Optional<String> source,
    Optional<String> filter) {}
