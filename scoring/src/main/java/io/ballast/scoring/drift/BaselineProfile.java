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

  /**
   * This baseline with tail cells ({@link FeatureProfile#tails}) on every numeric feature whose
   * grid has more than {@code bins} cells (a baseline profiled before the grid keeps its bins), the
   * same cells in every slice: drift bins partitions on these edges.
   */
  public BaselineProfile withTails(int bins) {
    java.util.Map<String, FeatureProfile.Tails> tails = new java.util.HashMap<>();
    for (FeatureProfile p : profiles) {
      if (p.slice().equals(BinnedCounts.ALL) && p.bins() > bins) {
        tails.put(p.feature(), p.tails());
      }
    }
    if (tails.isEmpty()) {
      return this;
    }
    return new BaselineProfile(
        id,
        modelName,
        modelVersion,
        profiles.stream()
            .map(p -> tails.containsKey(p.feature()) ? p.withTails(tails.get(p.feature())) : p)
            .toList());
  }

  /** The whole-window profile of a feature (slice 'all'). */
  public FeatureProfile overall(String feature) {
    return profile(BinnedCounts.ALL, BinnedCounts.ALL, feature)
        .orElseThrow(() -> new IllegalStateException("baseline " + id + " has no " + feature));
  }
}
