package io.ballast.validation.quality;

import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.Source;
import io.ballast.features.config.TableQuality;
import io.ballast.features.lakehouse.Lakehouse;
import java.util.List;

/**
 * The lakehouse table a quality section is about: a source's catalog table, or a feature table
 * (same name, partitioned by {@code ds}).
 *
 * @param name the name in the definition's quality section
 * @param table the lakehouse table name
 */
public record QualityTarget(
    String name, String table, String partitionColumn, TableQuality quality) {

  public static QualityTarget resolve(PipelineDefinition def, String name) {
    TableQuality q =
        def.quality(name)
            .orElseThrow(
                () ->
                    QualityErrors.qualityNotDeclared(
                        name, def.file(), List.copyOf(def.quality().keySet())));
    Source s = def.sources().get(name);
    if (s == null) {
      return new QualityTarget(name, name, "ds", q);
    }
    String t = s.table().orElse("");
    String prefix = Lakehouse.CATALOG + ".";
    if (!t.startsWith(prefix)) {
      throw QualityErrors.qualityTableNotInLakehouse(name, s.location());
    }
    return new QualityTarget(
        name, t.substring(prefix.length()), s.partitionColumn().orElse("ds"), q);
  }

  public String qualified() {
    return Lakehouse.qualified(table);
  }

  public String quarantineTable() {
    return table + "_quarantine";
  }
}
