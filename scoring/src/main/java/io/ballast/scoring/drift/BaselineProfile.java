package io.ballast.scoring.drift;

import java.util.List;
import java.util.Optional;

/**
 * A model version's training baseline: one {@link FeatureProfile} per (slice, slice value,
 * feature), the slice 'all' always present.
 *
 * @param id {@code <model>/<version>}
 */
public record BaselineProfile(
    String id, String modelName, String modelVersion, List<FeatureProfile> profiles) {

  public static String id(String model, String version) {
    return model + "/" + version;
  }

  /** The features profiled over the whole training window, in order. */
  public List<String> features() {
    return profiles.stream()
        .filter(p -> p.slice().equals(BinnedCounts.ALL))
        .map(FeatureProfile::feature)
        .toList();
  }

  public Optional<FeatureProfile> profile(String slice, String sliceValue, String feature) {
    return profiles.stream()
        .filter(
            p ->
                p.slice().equals(slice)
                    && p.sliceValue().equals(sliceValue)
                    && p.feature().equals(feature))
        .findFirst();
  }

  /** The whole-window profile of a feature (slice 'all'). */
  public FeatureProfile overall(String feature) {
    return profile(BinnedCounts.ALL, BinnedCounts.ALL, feature)
        .orElseThrow(() -> new IllegalStateException("baseline " + id + " has no " + feature));
  }
}
