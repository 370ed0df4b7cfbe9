package io.ballast.scoring;

import io.ballast.features.config.Feature;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.PipelineDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each feature a model reads comes from: the feature table that declares it. Plain Java over
 * the definition and the tables' current columns, so every missing feature is named at once before
 * any Spark job runs.
 *
 * @param byTable the model's features per feature table, in definition order
 * @param missing one line per feature that cannot be read, saying why
 */
public record ModelInputs(Map<String, List<String>> byTable, List<String> missing) {

  /**
   * @param columns the current columns of each feature table; a table absent from the map does not
   *     exist in the lakehouse
   */
  public static ModelInputs resolve(
      PipelineDefinition def, List<String> features, Map<String, List<String>> columns) {
    Map<String, List<String>> byTable = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String f : features) {
      Optional<FeatureTable> owner =
          def.featureTables().stream()
              .filter(t -> t.features().stream().map(Feature::name).anyMatch(f::equals))
              .findFirst();
      if (owner.isEmpty()) {
        missing.add(f + " (declared by no feature table of " + def.name() + ")");
        continue;
      }
      String table = owner.get().name();
      List<String> have = columns.get(table);
      if (have == null) {
        missing.add(f + " (feature table " + table + " does not exist in the lakehouse)");
      } else if (!have.contains(f)) {
        missing.add(f + " (not a column of feature table " + table + "; rebuild it)");
      } else {
        byTable.computeIfAbsent(table, k -> new ArrayList<>()).add(f);
      }
    }
    return new ModelInputs(byTable, List.copyOf(missing));
  }
}
