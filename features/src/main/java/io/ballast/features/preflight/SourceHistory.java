package io.ballast.features.preflight;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What a source holds, as seen by {@link DefinitionCheck}.
 *
 * @param location the table name or format:path
 * @param first the first day with rows (empty when the source has none)
 * @param last the last day with rows
 */
public record SourceHistory(
    String name, String location, Optional<LocalDate> first, Optional<LocalDate> last) {
  /** Days from the first to the last (both counted); 0 when the source is empty. */
  public long days() {
    return first.isEmpty() ? 0 : last.get().toEpochDay() - first.get().toEpochDay() + 1;
  }
}
