package io.ballast.features.pit;

import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.PipelineDefinition;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How one feature table is joined to a spine of events (label rows, scored events), decided in
 * plain Java from the definition and the spine's columns before any Spark work.
 *
 * <p><b>By event key</b> when the table's source declares {@code event_key: K}, the table passes
 * {@code K} through, and the spine carries {@code K}: each event gets its own feature row, found by
 * key, with no sort over the entity's history. <b>As of</b> ({@link PointInTimeJoin#asOf})
 * otherwise: the entity's latest feature row at or before the event, ties on the event time broken
 * by the newest ingestion time, so that when several events of one entity share a timestamp, a
 * per-event feature (the event's own amount) may come from a sibling event.
 *
 * @param table the feature table
 * @param eventKey the key column when joined by event key
 */
public record FeatureJoin(String table, Optional<String> eventKey) {

  public static final String AS_OF = "as_of";

  /** {@code event_key(K)} or {@code as_of}: what the run's record says. */
  public String describe() {
    return eventKey.map(k -> "event_key(" + k + ")").orElse(AS_OF);
  }

  /** The join of {@code t} to a spine with {@code spineColumns}. */
  public static FeatureJoin of(
      PipelineDefinition def, FeatureTable t, Collection<String> spineColumns) {
    Optional<String> key =
        Optional.ofNullable(def.sources().get(t.source()))
            .flatMap(s -> s.eventKey())
            .filter(k -> t.passthrough().contains(k) && spineColumns.contains(k));
    return new FeatureJoin(t.name(), key);
  }

  /** The join of every feature table of {@code def}, in definition order. */
  public static Map<String, FeatureJoin> plan(
      PipelineDefinition def, Collection<String> spineColumns) {
    Map<String, FeatureJoin> out = new LinkedHashMap<>();
    for (FeatureTable t : def.featureTables()) {
      out.put(t.name(), of(def, t, spineColumns));
    }
    return out;
  }

  /** Each table's {@link #describe()}, for run records. */
  public static Map<String, String> describe(Map<String, FeatureJoin> plan) {
    Map<String, String> out = new LinkedHashMap<>();
    plan.forEach((t, j) -> out.put(t, j.describe()));
    return out;
  }
}
