package io.ballast.features.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A feature table: one row per source event, keyed by an entity, with features computed as of the
 * event.
 *
 * @param ttl how old a feature row may be and still be joined into a training set
 * @param passthrough source columns copied as they are (e.g. an event id), not features
 * @param hash SHA-256 of this table's definition and its source's, recorded on every build
 */
public record FeatureTable(
    String name,
    String entity,
    String source,
    Optional<Duration> ttl,
    List<String> passthrough,
    List<Feature> features,
    String hash) {

  /** The longest trailing window of any feature: how much history one day's build needs. */
  public Duration longestWindow() {
    return features.stream()
        .flatMap(f -> f.aggregate().stream())
        .map(Aggregate::window)
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }
}
