package io.ballast.features.tracking;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ballast.features.RegistryErrors;
import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;

/**
 * The registry as Delta tables: {@code model_versions} (one row a version, numbered 1, 2, ... per
 * model) and {@code model_aliases} (one row an alias, moved by MERGE). Models are saved under
 * {@code <lakehouse>/models/<name>/<version>}.
 */
public final class EmbeddedRegistry implements ModelRegistry {
  private final EmbeddedTables store;

  EmbeddedRegistry(EmbeddedTables store) {
    this.store = store;
  }

  /** The registry on {@code tables}' lakehouse. */
  public static EmbeddedRegistry on(LakehouseTables tables) {
    return new EmbeddedRegistry(new EmbeddedTables(tables));
  }

  @Override
  public ModelVersion register(
      String name, String runId, Map<String, String> tags, ModelWriter writer) {
    Row max =
        store
            .read(BallastTable.MODEL_VERSIONS.name(), BallastTable.MODEL_VERSIONS.requireSchema())
            .where(col("model_name").equalTo(name))
            .selectExpr("coalesce(max(version), 0)")
            .first();
    long version = max.getLong(0) + 1;
    String folder = store.tables().lakehouse().modelsRoot() + "/" + name + "/" + version;
    writer.write(folder);
    long now = System.currentTimeMillis();
    store.append(
        BallastTable.MODEL_VERSIONS.name(),
        BallastTable.MODEL_VERSIONS.requireSchema(),
        List.of(
            RowFactory.create(
                name,
                version,
                runId,
                folder,
                "READY",
                new Timestamp(now),
                JavaConverters.mapAsScalaMap(new HashMap<>(tags)))));
    return new ModelVersion(
        name, String.valueOf(version), runId, folder, "READY", now, Map.copyOf(tags), List.of());
  }

  @Override
  public List<String> models() {
    return store
        .read(BallastTable.MODEL_VERSIONS.name(), BallastTable.MODEL_VERSIONS.requireSchema())
        .select("model_name")
        .distinct()
        .orderBy("model_name")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  @Override
  public List<ModelVersion> versions(String name) {
    Map<String, String> aliases = aliases(name);
    List<Row> rows =
        store
            .read(BallastTable.MODEL_VERSIONS.name(), BallastTable.MODEL_VERSIONS.requireSchema())
            .where(col("model_name").equalTo(name))
            .orderBy(col("version").desc())
            .collectAsList();
    if (rows.isEmpty()) {
      throw RegistryErrors.modelNotFound(name, models());
    }
    List<ModelVersion> out = new ArrayList<>();
    for (Row r : rows) {
      String v = String.valueOf(r.getLong(1));
      List<String> names =
          aliases.entrySet().stream()
              .filter(e -> e.getValue().equals(v))
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      Map<String, String> tags =
          r.isNullAt(6) ? Map.of() : new TreeMap<>(r.<String, String>getJavaMap(6));
      out.add(
          new ModelVersion(
              name,
              v,
              r.getString(2),
              r.getString(3),
              r.getString(4),
              r.getTimestamp(5).getTime(),
              tags,
              names));
    }
    return out;
  }

  @Override
  public ModelVersion version(String name, String version) {
    List<ModelVersion> all = versions(name);
    return all.stream()
        .filter(v -> v.version().equals(version))
        .findFirst()
        .orElseThrow(
            () ->
                RegistryErrors.modelVersionNotFound(
                    name, version, all.stream().map(ModelVersion::version).toList()));
  }

  @Override
  public Map<String, String> aliases(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    store
        .read(BallastTable.MODEL_ALIASES.name(), BallastTable.MODEL_ALIASES.requireSchema())
        .where(col("model_name").equalTo(name))
        .orderBy("alias")
        .collectAsList()
        .forEach(r -> out.put(r.getString(1), String.valueOf(r.getLong(2))));
    return out;
  }

  @Override
  public void setAlias(String name, String alias, String version) {
    ModelRegistry.checkAlias(alias);
    long v = Long.parseLong(version(name, version).version());
    store.ensure(BallastTable.MODEL_ALIASES.name(), BallastTable.MODEL_ALIASES.requireSchema());
    var update =
        store
            .tables()
            .spark()
            .createDataFrame(
                List.of(RowFactory.create(name, alias, v, Timestamp.from(Instant.now()))),
                BallastTable.MODEL_ALIASES.requireSchema());
    EmbeddedTables.retrying(
        () ->
            DeltaTable.forPath(
                    store.tables().spark(), store.path(BallastTable.MODEL_ALIASES.name()))
                .as("a")
                .merge(
                    update.as("u"),
                    col("a.model_name")
                        .equalTo(col("u.model_name"))
                        .and(col("a.alias").equalTo(col("u.alias"))))
                .whenMatched()
                .updateAll()
                .whenNotMatched()
                .insertAll()
                .execute());
  }

  @Override
  public void deleteAlias(String name, String alias) {
    Map<String, String> known = aliases(name);
    if (!known.containsKey(alias)) {
      throw RegistryErrors.aliasNotFound(name, alias, List.copyOf(known.keySet()));
    }
    EmbeddedTables.retrying(
        () ->
            DeltaTable.forPath(
                    store.tables().spark(), store.path(BallastTable.MODEL_ALIASES.name()))
                .delete(
                    col("model_name").equalTo(lit(name)).and(col("alias").equalTo(lit(alias)))));
  }

  @Override
  public void recordAliasEvent(AliasEvent e) {
    store.append(
        EmbeddedTables.MODEL_ALIAS_EVENTS,
        EmbeddedTables.ALIAS_EVENTS_SCHEMA,
        List.of(
            RowFactory.create(
                e.model(),
                e.action(),
                e.alias(),
                e.fromVersion() == null ? null : Long.parseLong(e.fromVersion()),
                e.toVersion() == null ? null : Long.parseLong(e.toVersion()),
                e.user(),
                e.reason(),
                new Timestamp(e.atMillis()))));
  }

  @Override
  public List<AliasEvent> aliasEvents(String name) {
    List<AliasEvent> out = new ArrayList<>();
    store
        .read(EmbeddedTables.MODEL_ALIAS_EVENTS, EmbeddedTables.ALIAS_EVENTS_SCHEMA)
        .where(col("model_name").equalTo(name))
        .orderBy("at")
        .collectAsList()
        .forEach(
            r ->
                out.add(
                    new AliasEvent(
                        r.getString(0),
                        r.getString(1),
                        r.getString(2),
                        r.isNullAt(3) ? null : String.valueOf(r.getLong(3)),
                        r.isNullAt(4) ? null : String.valueOf(r.getLong(4)),
                        r.getString(5),
                        r.getString(6),
                        r.getTimestamp(7).getTime())));
    return out;
  }

  @Override
  public Map<String, String> runParams(String runId) {
    Map<String, String> out = new TreeMap<>();
    if (runId == null) {
      return out;
    }
    store
        .read(BallastTable.RUN_PARAMS.name(), BallastTable.RUN_PARAMS.requireSchema())
        .where(col("run_id").equalTo(runId).and(col("kind").equalTo("param")))
        .select("key", "value")
        .collectAsList()
        .forEach(r -> out.put(r.getString(0), r.getString(1)));
    return out;
  }

  @Override
  public Optional<RecordedRun> run(String runId) {
    List<Row> runs =
        store
            .read(BallastTable.RUNS.name(), BallastTable.RUNS.requireSchema())
            .where(col("run_id").equalTo(runId))
            .select("status", "tags")
            .collectAsList();
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> tags = new TreeMap<>();
    if (!runs.get(0).isNullAt(1)) {
      tags.putAll(runs.get(0).getJavaMap(1));
    }
    Map<String, String> params = new TreeMap<>();
    store
        .read(BallastTable.RUN_PARAMS.name(), BallastTable.RUN_PARAMS.requireSchema())
        .where(col("run_id").equalTo(runId))
        .orderBy("logged_at")
        .select("kind", "key", "value")
        .collectAsList()
        .forEach(
            r ->
                (r.getString(0).equals("tag") ? tags : params).put(r.getString(1), r.getString(2)));
    Map<String, Double> metrics = new TreeMap<>();
    store
        .read(BallastTable.RUN_METRICS.name(), BallastTable.RUN_METRICS.requireSchema())
        .where(col("run_id").equalTo(runId))
        .orderBy("timestamp")
        .select("key", "step", "value")
        .collectAsList()
        .forEach(
            r -> metrics.put(RecordedRun.metricKey(r.getString(0), r.getLong(1)), r.getDouble(2)));
    return Optional.of(new RecordedRun(runId, runs.get(0).getString(0), params, tags, metrics));
  }
}
