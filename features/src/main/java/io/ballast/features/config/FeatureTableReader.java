package io.ballast.features.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code feature_tables} list of a definition: each table's entity and source checked
 * against those declared, its features (an expression, or a window aggregate), feature names unique
 * across tables, and the hash of what the table builds from. Every problem is recorded with its
 * path.
 */
final class FeatureTableReader {
  static final Set<String> FEATURE_TABLE_KEYS =
      Set.of("name", "entity", "source", "ttl", "passthrough", "features");
  static final Set<String> FEATURE_KEYS =
      Set.of("name", "expr", "agg", "of", "window", "include_current", "source", "filter");

  private final ExpressionParser expressions;

  FeatureTableReader(ExpressionParser expressions) {
    this.expressions = expressions;
  }

  /**
   * The feature tables read, their names, and every feature name in the order declared.
   *
   * @param names mutable: the quality section's reader looks names up in it
   */
  record Tables(List<FeatureTable> tables, Set<String> names, List<String> features) {}

  Tables read(Node root, Map<String, Entity> entities, Map<String, Source> sources) {
    List<FeatureTable> tables = new ArrayList<>();
    Set<String> tableNames = new HashSet<>();
    Map<String, String> featureOwner = new LinkedHashMap<>();
    for (Node t : root.list("feature_tables", false)) {
      FeatureTable table = featureTable(t, entities, sources, root.json);
      if (table != null) {
        for (int i = 0; i < table.features().size(); i++) {
          String f = table.features().get(i).name();
          String owner = featureOwner.putIfAbsent(f, table.name());
          if (owner != null && !owner.equals(table.name())) {
            t.problems.add(
                t.child("features") + "[" + i + "].name",
                "feature '"
                    + f
                    + "' is already declared by feature table '"
                    + owner
                    + "'; feature names are model inputs and must be unique across tables");
          }
        }
        if (!tableNames.add(table.name())) {
          t.problems.add(t.child("name"), "duplicate feature table name '" + table.name() + "'");
        }
        if (sources.containsKey(table.name())) {
          t.problems.add(t.child("name"), "'" + table.name() + "' is already the name of a source");
        }
        tables.add(table);
      }
    }

    return new Tables(List.copyOf(tables), tableNames, List.copyOf(featureOwner.keySet()));
  }

  private FeatureTable featureTable(
      Node t, Map<String, Entity> entities, Map<String, Source> sources, JsonNode root) {
    if (!t.expectObject(FEATURE_TABLE_KEYS)) {
      return null;
    }
    String name = t.identifier("name");
    String entity = t.string("entity");
    PipelineLoader.checkReference(t, "entity", entity, entities.keySet(), "entity");
    String source = t.string("source");
    PipelineLoader.checkReference(t, "source", source, sources.keySet(), "source");
    Optional<Duration> ttl = t.optString("ttl").flatMap(s -> PipelineLoader.duration(t, "ttl", s));
    List<String> passthrough = t.stringList("passthrough", false);

    List<Feature> features = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Node> nodes = t.list("features", true);
    if (t.has("features") && nodes.isEmpty()) {
      t.problems.add(t.child("features"), "must declare at least one feature");
    }
    for (Node f : nodes) {
      Feature feature = feature(f, sources);
      if (feature == null) {
        continue;
      }
      if (!seen.add(feature.name())) {
        f.problems.add(f.child("name"), "duplicate feature name '" + feature.name() + "'");
      }
      features.add(feature);
    }
    // An unknown source is reported above; the hash then covers the table alone.
    JsonNode sourceNode =
        source == null ? NullNode.getInstance() : root.path("sources").path(source);
    if (sourceNode.isMissingNode()) {
      sourceNode = NullNode.getInstance();
    } else if (sourceNode.has("event_key")) {
      // the event key changes how the table is joined, not what is built: a table built before
      // it was declared keeps its hash (and needs no rebuild)
      sourceNode = sourceNode.deepCopy();
      ((ObjectNode) sourceNode).remove("event_key");
    }
    ObjectNode both = PipelineLoader.CANONICAL.createObjectNode();
    both.set("table", t.json);
    both.set("source", sourceNode);
    // keys computed by expressions change what is built; plain key columns never were hashed
    JsonNode entityNode = root.path("entities").path(entity);
    if (entities.containsKey(entity) && !entities.get(entity).derivedKeys().isEmpty()) {
      both.set("entity", entityNode);
    }
    String hash = PipelineLoader.hash(both);
    return new FeatureTable(
        name, entity, source, ttl, List.copyOf(passthrough), List.copyOf(features), hash);
  }

  private Feature feature(Node f, Map<String, Source> sources) {
    if (!f.expectObject(FEATURE_KEYS)) {
      return null;
    }
    String name = f.identifier("name");
    Optional<String> expr = f.optString("expr");
    Optional<String> agg = f.optString("agg");
    if (expr.isPresent() == agg.isPresent()) {
      f.problems.add(
          f.path, "give exactly one of 'expr' (an expression) or 'agg' (a window aggregate)");
      return new Feature(name, expr, Optional.empty());
    }
    if (expr.isPresent()) {
      for (String k : List.of("of", "window", "include_current", "source", "filter")) {
        if (f.has(k)) {
          f.problems.add(f.child(k), "only applies to an 'agg' feature");
        }
      }
      checkExpression(f.child("expr"), expr.get(), f.problems);
      return new Feature(name, expr, Optional.empty());
    }
    Optional<AggregateFunction> fn = AggregateFunction.parse(agg.get());
    if (fn.isEmpty()) {
      f.problems.add(
          f.child("agg"),
          "unknown aggregate '" + agg.get() + "'; known: " + AggregateFunction.known());
    }
    String of = f.optString("of").orElse(fn.orElse(null) == AggregateFunction.COUNT ? "*" : "");
    if (of.isEmpty()) {
      f.problems.add(f.child("of"), "is required: the column or expression to aggregate");
    } else if (!of.equals("*")) {
      checkExpression(f.child("of"), of, f.problems);
    }
    Optional<Duration> window = Optional.empty();
    if (!f.has("window")) {
      f.problems.add(f.child("window"), "is required for an aggregate (e.g. 1h, 1d, 7d, 30d)");
    } else {
      window = f.optString("window").flatMap(s -> PipelineLoader.duration(f, "window", s));
    }
    Optional<String> source = f.optString("source");
    source.ifPresent(
        s -> PipelineLoader.checkReference(f, "source", s, sources.keySet(), "source"));
    Optional<String> filter = f.optString("filter");
    filter.ifPresent(s -> checkExpression(f.child("filter"), s, f.problems));
    if (fn.isEmpty() || window.isEmpty()) {
      return new Feature(name, Optional.empty(), Optional.empty());
    }
    return new Feature(
        name,
        Optional.empty(),
        Optional.of(
            new Aggregate(
                fn.get(), of, window.get(), f.bool("include_current", false), source, filter)));
  }

  private void checkExpression(String path, String expr, Problems problems) {
    PipelineLoader.checkExpression(expressions, path, expr, problems);
  }
}
