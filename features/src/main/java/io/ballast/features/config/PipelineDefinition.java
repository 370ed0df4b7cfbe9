package io.ballast.features.config;

import io.ballast.features.DefinitionErrors;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One use case, as declared in its YAML file: sources, entities, feature tables, label, schedule,
 * and the data-quality checks per table. Immutable; made only by {@link PipelineLoader}, which
 * validates it whole before any Spark work.
 *
 * @param hash SHA-256 of the definition's canonical form (key order and formatting do not count)
 * @param quality the quality section by table name (a source or a feature table), in file order
 * @param models the models trained on this use case's training sets
 * @param drift the drift section (defaults when the definition has none)
 * @param monitoring the monitoring section (no bounds when the definition has none)
 */
public record PipelineDefinition(
    String name,
    String description,
    Schedule schedule,
    Map<String, Entity> entities,
    Map<String, Source> sources,
    List<FeatureTable> featureTables,
    Optional<Label> label,
    String hash,
    String file,
    Map<String, TableQuality> quality,
    List<ModelSpec> models,
    DriftSpec drift,
    MonitoringSpec monitoring) {

  /** A definition without a monitoring section (no live bounds). */
  public PipelineDefinition(
      String name,
      String description,
      Schedule schedule,
      Map<String, Entity> entities,
      Map<String, Source> sources,
      List<FeatureTable> featureTables,
      Optional<Label> label,
      String hash,
      String file,
      Map<String, TableQuality> quality,
      List<ModelSpec> models,
      DriftSpec drift) {
    this(
        name,
        description,
        schedule,
        entities,
        sources,
        featureTables,
        label,
        hash,
        file,
        quality,
        models,
        drift,
        MonitoringSpec.defaults());
  }

  /** A definition without a drift section (its defaults apply). */
  public PipelineDefinition(
      String name,
      String description,
      Schedule schedule,
      Map<String, Entity> entities,
      Map<String, Source> sources,
      List<FeatureTable> featureTables,
      Optional<Label> label,
      String hash,
      String file,
      Map<String, TableQuality> quality,
      List<ModelSpec> models) {
    this(
        name,
        description,
        schedule,
        entities,
        sources,
        featureTables,
        label,
        hash,
        file,
        quality,
        models,
        DriftSpec.defaults());
  }

  /** A definition without a quality section or models. */
  public PipelineDefinition(
      String name,
      String description,
      Schedule schedule,
      Map<String, Entity> entities,
      Map<String, Source> sources,
      List<FeatureTable> featureTables,
      Optional<Label> label,
      String hash,
      String file) {
    this(
        name,
        description,
        schedule,
        entities,
        sources,
        featureTables,
        label,
        hash,
        file,
        Map.of(),
        List.of());
  }

  /** The quality section of a table, if it declares one. */
  public Optional<TableQuality> quality(String tableName) {
    return Optional.ofNullable(quality.get(tableName));
  }

  public Optional<ModelSpec> model(String modelName) {
    return models.stream().filter(m -> m.name().equals(modelName)).findFirst();
  }

  /**
   * The model a command works on: {@code model} by name, or when empty the definition's only (or
   * first) model; an error naming the declared models when there is none or no such model.
   */
  public ModelSpec modelSpec(Optional<String> model) {
    if (models.isEmpty()) {
      throw DefinitionErrors.noModels(file);
    }
    if (model.isEmpty()) {
      return models.get(0);
    }
    return model(model.get())
        .orElseThrow(
            () ->
                DefinitionErrors.unknownModel(
                    file, model.get(), models.stream().map(ModelSpec::name).toList()));
  }

  /** Every feature column, in declaration order. */
  public List<String> featureNames() {
    return featureTables.stream().flatMap(t -> t.features().stream()).map(Feature::name).toList();
  }

  public Optional<FeatureTable> featureTable(String tableName) {
    return featureTables.stream().filter(t -> t.name().equals(tableName)).findFirst();
  }

  public Source source(String sourceName) {
    Source s = sources.get(sourceName);
    if (s == null) {
      throw new IllegalStateException("validated definition has no source " + sourceName);
    }
    return s;
  }
}
