package io.ballast.features.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A YAML node with its path in the definition. Reading a key records a problem (and returns a
 * neutral value) instead of throwing, so one pass finds every problem.
 */
final class Node {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  final JsonNode json;
  final String path;
  final Problems problems;

  Node(JsonNode json, String path, Problems problems) {
    this.json = json;
    this.path = path;
    this.problems = problems;
  }

  boolean isObject() {
    return json != null && json.isObject();
  }

  /** Records a problem unless this node is a mapping whose keys are all in {@code known}. */
  boolean expectObject(Set<String> known) {
    if (json == null || !json.isObject()) {
      problems.add(
          path, "expected a mapping with keys " + new TreeSet<>(known) + ", got " + kind());
      return false;
    }
    Iterator<String> names = json.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(
            child(name), "unknown key '" + name + "'; known keys: " + new TreeSet<>(known));
      }
    }
    return true;
  }

  String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  Node get(String key) {
    return new Node(json == null ? null : json.get(key), child(key), problems);
  }

  boolean has(String key) {
    return json != null && json.has(key) && !json.get(key).isNull();
  }

  Optional<String> optString(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    JsonNode v = json.get(key);
    if (!v.isValueNode() || v.isBoolean()) {
      problems.add(child(key), "expected a text value, got " + kindOf(v));
      return Optional.empty();
    }
    String s = v.asText().trim();
    if (s.isEmpty()) {
      problems.add(child(key), "must not be empty");
      return Optional.empty();
    }
    return Optional.of(s);
  }

  String string(String key) {
    if (!has(key)) {
      problems.add(child(key), "is required");
      return "";
    }
    return optString(key).orElse("");
  }

  String identifier(String key) {
    String s = string(key);
    if (!s.isEmpty() && !IDENTIFIER.matcher(s).matches()) {
      problems.add(
          child(key),
          "'" + s + "' is not a valid name; use letters, digits and _ (e.g. amount_7d)");
    }
    return s;
  }

  boolean bool(String key, boolean dflt) {
    if (!has(key)) {
      return dflt;
    }
    JsonNode v = json.get(key);
    if (!v.isBoolean()) {
      problems.add(child(key), "expected true or false, got '" + v.asText() + "'");
      return dflt;
    }
    return v.asBoolean();
  }

  /** Children of a sequence, each with its [i] path. Records a problem if not a sequence. */
  List<Node> list(String key, boolean required) {
    List<Node> out = new ArrayList<>();
    if (!has(key)) {
      if (required) {
        problems.add(child(key), "is required (a list)");
      }
      return out;
    }
    JsonNode v = json.get(key);
    if (!v.isArray()) {
      problems.add(child(key), "expected a list, got " + kindOf(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      out.add(new Node(v.get(i), child(key) + "[" + i + "]", problems));
    }
    return out;
  }

  List<String> stringList(String key, boolean required) {
    List<String> out = new ArrayList<>();
    for (Node n : list(key, required)) {
      if (n.json == null || !n.json.isValueNode() || n.json.asText().isBlank()) {
        problems.add(n.path, "expected a non-empty text value");
      } else {
        out.add(n.json.asText().trim());
      }
    }
    return out;
  }

  /** Entries of a mapping keyed by name (names must be identifiers), in file order. */
  Map<String, Node> namedMap(String key, boolean required) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (!has(key)) {
      if (required) {
        problems.add(child(key), "is required (a mapping of name: settings)");
      }
      return out;
    }
    JsonNode v = json.get(key);
    if (!v.isObject()) {
      problems.add(child(key), "expected a mapping of name: settings, got " + kindOf(v));
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> it = v.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = child(key) + "." + e.getKey();
      if (!IDENTIFIER.matcher(e.getKey()).matches()) {
        problems.add(p, "'" + e.getKey() + "' is not a valid name; use letters, digits and _");
      }
      out.put(e.getKey(), new Node(e.getValue(), p, problems));
    }
    return out;
  }

  /** A flat mapping of text values (e.g. reader options). */
  Map<String, String> stringMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!has(key)) {
      return out;
    }
    JsonNode v = json.get(key);
    if (!v.isObject()) {
      problems.add(child(key), "expected a mapping of key: value, got " + kindOf(v));
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> it = v.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode()) {
        problems.add(child(key) + "." + e.getKey(), "expected a text value");
      } else {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  private String kind() {
    return kindOf(json);
  }

  static String kindOf(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    return "'" + v.asText() + "'";
  }
}
