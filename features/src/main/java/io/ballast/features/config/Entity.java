package io.ballast.features.config;

import java.util.List;
import java.util.Map;

/**
 * What features describe (a customer, a merchant), identified by its key columns.
 *
 * @param keys the key column names, derived ones included (feature tables, training sets and
 *     predictions carry them by these names)
 * @param derivedKeys the keys computed from each row, by name: a Spark SQL expression over the
 *     source's columns (e.g. {@code pair_id -> concat(a, '-', b)}); empty when every key is a
 *     column
 */
public record Entity(String name, List<String> keys, Map<String, String> derivedKeys) {
  /** An entity whose keys are all plain columns. */
  public Entity(String name, List<String> keys) {
    this(name, keys, Map.of());
  }
}
