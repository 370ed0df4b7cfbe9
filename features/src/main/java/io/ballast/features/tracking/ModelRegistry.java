package io.ballast.features.tracking;

import io.ballast.features.RegistryErrors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Registered models, their versions and aliases ({@code champion}, {@code challenger}, {@code
 * previous}). Scoring resolves {@code fraud_model@champion} to a version and the path that {@code
 * PipelineModel.load} reads.
 */
public interface ModelRegistry {
  Pattern ALIAS = Pattern.compile("[\\w-]{1,255}");
  Pattern RESERVED = Pattern.compile("latest|v\\d+");

  /** Writes a model into a folder the registry chooses. */
  @FunctionalInterface
  interface ModelWriter {
    void write(String folder);
  }

  /** Registers a new version of {@code name} from a run; the writer saves the model first. */
  ModelVersion register(String name, String runId, Map<String, String> tags, ModelWriter writer);

  List<String> models();

  /** Every version, newest first; fails if the model has none. */
  List<ModelVersion> versions(String name);

  ModelVersion version(String name, String version);

  /** Alias to version. */
  Map<String, String> aliases(String name);

  void setAlias(String name, String alias, String version);

  void deleteAlias(String name, String alias);

  /** Records a promotion or rollback (embedded: {@code ballast.model_alias_events}). */
  void recordAliasEvent(AliasEvent event);

  /** Every recorded promotion and rollback of a model, oldest first. */
  List<AliasEvent> aliasEvents(String name);

  /** The params a run logged (e.g. its time split), empty if the run is unknown. */
  Map<String, String> runParams(String runId);

  /** A run's status, params, tags and metrics; empty if the run is unknown. */
  Optional<RecordedRun> run(String runId);

  /** {@code NAME@ALIAS} or {@code NAME/VERSION} to its version. */
  default ModelVersion resolve(String ref) {
    int at = ref.indexOf('@');
    int slash = ref.lastIndexOf('/');
    if (at > 0 && at < ref.length() - 1) {
      String name = ref.substring(0, at);
      String alias = ref.substring(at + 1);
      String v = aliases(name).get(alias);
      if (v == null) {
        throw RegistryErrors.aliasNotFound(name, alias, List.copyOf(aliases(name).keySet()));
      }
      return version(name, v);
    }
    if (slash > 0 && slash < ref.length() - 1) {
      return version(ref.substring(0, slash), ref.substring(slash + 1));
    }
    throw RegistryErrors.badModelReference(ref);
  }

  static void checkAlias(String alias) {
    if (!ALIAS.matcher(alias).matches() || RESERVED.matcher(alias).matches()) {
      throw RegistryErrors.badAlias(alias);
    }
  }

  /** The alias a new version gets, and the alias names with meaning to Ballast. */
  String CHALLENGER = "challenger";

  String CHAMPION = "champion";
  String PREVIOUS = "previous";

  static Optional<String> aliasOf(Map<String, String> aliases, String version) {
    return aliases.entrySet().stream()
        .filter(e -> e.getValue().equals(version))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
