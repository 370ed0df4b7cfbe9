package io.ballast.features.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

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
    return windowOf(longestAggregate());
  }

  /** The longest trailing window of the aggregates over {@code source} (zero when none read it). */
  public Duration longestWindow(String source) {
    return windowOf(longest(f -> readsSource(f, source)));
  }

  /** The aggregate feature with the longest window (the first of equals), none without any. */
  public Optional<Feature> longestAggregate() {
    return longest(f -> true);
  }

  /**
   * The aggregate features over {@code source}, in definition order; an aggregate that names no
   * source reads the table's own.
   */
  public List<Feature> aggregatesOver(String source) {
    return features.stream()
        .filter(f -> f.aggregate().isPresent())
        .filter(f -> readsSource(f, source))
        .toList();
  }

  /** The one place a longest window is computed: every caller above and outside goes through it. */
  private Optional<Feature> longest(Predicate<Feature> which) {
    return features.stream()
        .filter(f -> f.aggregate().isPresent())
        .filter(which)
        .max((a, b) -> a.aggregate().get().window().compareTo(b.aggregate().get().window()));
  }

  private boolean readsSource(Feature f, String source) {
    return f.aggregate().get().source().orElse(this.source).equals(source);
  }

  private static Duration windowOf(Optional<Feature> f) {
    return f.map(x -> x.aggregate().get().window()).orElse(Duration.ZERO);
  }
}
