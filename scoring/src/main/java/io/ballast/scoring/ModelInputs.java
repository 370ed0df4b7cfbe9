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

  private static final java.util.regex.Pattern NUMERIC =
      java.util.regex.Pattern.compile(
          "tinyint|smallint|int|integer|bigint|long|short|byte|float|double|boolean|decimal(\\(.*\\))?");

  /**
   * The features whose column type is not the one the model was trained on, one line each naming
   * the feature, its table and both types. Numbers of any width (and booleans) read alike, since
   * the model casts them to double; anything else must be the same type.
   *
   * @param trained feature -> its Spark type at training ({@code simpleString}); a feature absent
   *     from it (a version trained before types were recorded) is checked against the definition: a
   *     categorical feature may be any plain value, any other must be a number
   * @param now feature -> its Spark type in its feature table now
   * @param tableOf feature -> its feature table
   * @param categorical the model's categorical features in the definition
   */
  public static List<String> typeChanges(
      Map<String, String> trained,
      Map<String, String> now,
      Map<String, String> tableOf,
      List<String> categorical) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : now.entrySet()) {
      String f = e.getKey();
      String type = e.getValue();
      String was = trained.get(f);
      String where = f + " in feature table " + tableOf.get(f);
      if (was != null) {
        if (!(numeric(was) && numeric(type)) && !was.equals(type)) {
          out.add(where + " (trained on " + was + ", now " + type + ")");
        }
      } else if (categorical.contains(f) ? type.matches("(array|map|struct)<.*") : !numeric(type)) {
        out.add(
            where
                + " (now "
                + type
                + "; the model reads it as "
                + (categorical.contains(f) ? "a plain value" : "a number")
                + ")");
      }
    }
    return List.copyOf(out);
  }

  static boolean numeric(String sparkType) {
    return NUMERIC.matcher(sparkType.trim().toLowerCase(java.util.Locale.ROOT)).matches();
  }
}
