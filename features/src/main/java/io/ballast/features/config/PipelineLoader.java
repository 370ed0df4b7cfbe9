package io.ballast.features.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ballast.features.DefinitionErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a pipeline definition from YAML into immutable records. Every problem is collected with its
 * path ({@code feature_tables[1].features[3].expr: ...}) and reported at once; unknown keys are
 * rejected with the known ones listed.
 */
public final class PipelineLoader {
  static final Set<String> TOP_KEYS =
      Set.of(
          "name",
          "description",
          "schedule",
          "entities",
          "sources",
          "feature_tables",
          "label",
          "quality",
          "models",
          "drift",
          "monitoring");
  static final Set<String> SCHEDULE_KEYS =
      Set.of("cron", "start_date", "catchup", "retries", "retry_delay_minutes");
  static final Set<String> ENTITY_KEYS = Set.of("keys");
  static final Set<String> DERIVED_KEY_KEYS = Set.of("name", "expr");
  static final Set<String> SOURCE_KEYS =
      Set.of(
          "table",
          "path",
          "format",
          "event_time",
          "known_at",
          "partition_column",
          "options",
          "event_key");
  static final Set<String> LABEL_KEYS =
      Set.of("source", "column", "maturity", "min_labels", "min_positives");
  static final Set<String> FORMATS = Set.of("table", "delta", "parquet", "csv", "json", "orc");

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd])");
  private static final Pattern CRON_PRESET =
      Pattern.compile("@(once|hourly|daily|weekly|monthly|yearly)");
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final ExpressionParser expressions;

  public PipelineLoader(ExpressionParser expressions) {
    this.expressions = expressions;
  }

  public PipelineDefinition load(Path file) {
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      throw DefinitionErrors.definitionNotFound(name);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw DefinitionErrors.definitionUnreadable(name, "cannot read the file (" + e + ")");
    }
    return parse(TextFiles.utf8(bytes, name), name);
  }

  public PipelineDefinition parse(String yaml, String fileName) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw DefinitionErrors.definitionUnreadable(fileName, TextFiles.yamlProblem(e));
    }
    Problems problems = new Problems();
    PipelineDefinition def = read(new Node(root, "", problems), fileName);
    problems.throwIfAny(fileName);
    return def;
  }

  private PipelineDefinition read(Node root, String fileName) {
    if (!root.expectObject(TOP_KEYS)) {
      return null;
    }
    String name = root.identifier("name");
    String description = root.optString("description").orElse("");
    Schedule schedule = schedule(root.get("schedule"));

    Map<String, Entity> entities = new LinkedHashMap<>();
    root.namedMap("entities", true).forEach((n, node) -> entities.put(n, entity(n, node)));
    Map<String, String> derivedKeys = new LinkedHashMap<>();
    entities.values().forEach(e -> derivedKeys.putAll(e.derivedKeys()));

    Map<String, Source> sources = new LinkedHashMap<>();
    root.namedMap("sources", true)
        .forEach((n, node) -> sources.put(n, source(n, node, derivedKeys)));

    FeatureTableReader.Tables tables =
        new FeatureTableReader(expressions).read(root, entities, sources);

    Optional<Label> label = Optional.empty();
    if (root.has("label")) {
      Node l = root.get("label");
      if (l.expectObject(LABEL_KEYS)) {
        String src = l.string("source");
        checkReference(l, "source", src, sources.keySet(), "source");
        String column = l.string("column");
        checkExpression(l.child("column"), column, l.problems);
        Optional<Duration> maturity =
            l.optString("maturity")
                .flatMap(
                    t ->
                        t.matches("0[smhd]?")
                            ? Optional.of(Duration.ZERO)
                            : duration(l, "maturity", t));
        int minLabels = nonNegativeInt(l, "min_labels", Label.DEFAULT_MIN_LABELS);
        int minPositives = nonNegativeInt(l, "min_positives", Label.DEFAULT_MIN_POSITIVES);
        label = Optional.of(new Label(src, column, maturity, minLabels, minPositives));
      }
    }
    Map<String, TableQuality> quality =
        new QualityReader(expressions).read(root, sources.keySet(), tables.names());
    List<ModelSpec> models = ModelSectionReader.read(root, tables.features(), expressions);
    DriftSpec drift = DriftSectionReader.read(root, expressions, tables.features(), models);
    MonitoringSpec monitoring = MonitoringSectionReader.read(root);
    return new PipelineDefinition(
        name,
        description,
        schedule,
        Map.copyOf(entities),
        Map.copyOf(sources),
        tables.tables(),
        label,
        hash(root.json),
        fileName,
        quality,
        models,
        drift,
        monitoring);
  }

  private Schedule schedule(Node s) {
    Schedule dflt = new Schedule("@daily", LocalDate.of(2026, 1, 1), false, 2, 5);
    if (s.json == null || s.json.isNull()) {
      return dflt;
    }
    if (!s.expectObject(SCHEDULE_KEYS)) {
      return dflt;
    }
    String cron = s.optString("cron").orElse("@daily");
    if (!CRON_PRESET.matcher(cron).matches() && cron.trim().split("\\s+").length != 5) {
      s.problems.add(
          s.child("cron"),
          "'" + cron + "' is not a cron expression; use five fields (e.g. '0 3 * * *') or @daily");
    }
    LocalDate start = dflt.startDate();
    Optional<String> startText = s.optString("start_date");
    if (startText.isPresent()) {
      try {
        start = LocalDate.parse(startText.get());
      } catch (DateTimeParseException e) {
        s.problems.add(
            s.child("start_date"), "'" + startText.get() + "' is not a date; use YYYY-MM-DD");
      }
    }
    int retries = nonNegativeInt(s, "retries", dflt.retries());
    int delay = nonNegativeInt(s, "retry_delay_minutes", dflt.retryDelayMinutes());
    return new Schedule(cron, start, s.bool("catchup", false), retries, delay);
  }

  private static int nonNegativeInt(Node n, String key, int dflt) {
    if (!n.has(key)) {
      return dflt;
    }
    JsonNode v = n.json.get(key);
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
      n.problems.add(n.child(key), "expected a whole number >= 0, got '" + v.asText() + "'");
      return dflt;
    }
    return v.asInt();
  }

  /**
   * An entity; each key is a column name or {@code {name: N, expr: E}}, a key computed from each
   * row (e.g. two columns joined into one).
   */
  private Entity entity(String name, Node node) {
    node.expectObject(ENTITY_KEYS);
    List<String> keys = new ArrayList<>();
    Map<String, String> derived = new LinkedHashMap<>();
    List<Node> items = node.list("keys", true);
    for (Node k : items) {
      if (k.isObject()) {
        k.expectObject(DERIVED_KEY_KEYS);
        String key = k.identifier("name");
        String expr = k.string("expr");
        checkExpression(k.child("expr"), expr, k.problems);
        if (!key.isEmpty() && !expr.isEmpty()) {
          derived.put(key, expr);
        }
        keys.add(key);
      } else if (k.json == null || !k.json.isValueNode() || k.json.asText().isBlank()) {
        k.problems.add(
            k.path,
            "expected a column name or {name: KEY, expr: EXPRESSION}, got " + Node.kindOf(k.json));
      } else {
        keys.add(k.json.asText());
      }
    }
    if (node.isObject() && node.has("keys") && items.isEmpty()) {
      node.problems.add(node.child("keys"), "must name at least one key column");
    }
    return new Entity(name, List.copyOf(keys), java.util.Collections.unmodifiableMap(derived));
  }

  private Source source(String name, Node n, Map<String, String> derivedKeys) {
    if (!n.expectObject(SOURCE_KEYS)) {
      return new Source(
          name,
          "table",
          Optional.empty(),
          Optional.empty(),
          "",
          Optional.empty(),
          Optional.empty(),
          Map.of(),
          Optional.empty());
    }
    Optional<String> table = n.optString("table");
    Optional<String> path = n.optString("path");
    String format = n.optString("format").orElse(table.isPresent() ? "table" : "delta");
    if (!FORMATS.contains(format)) {
      n.problems.add(n.child("format"), "unknown format '" + format + "'; known: " + FORMATS);
    }
    if (table.isPresent() == path.isPresent()) {
      n.problems.add(n.path, "give exactly one of 'table' (a catalog table) or 'path'");
    } else if (table.isPresent() && !format.equals("table")) {
      n.problems.add(
          n.child("format"),
          "a 'table' source has format 'table'; use 'path' for " + format + " files");
    } else if (path.isPresent() && format.equals("table")) {
      n.problems.add(
          n.child("format"),
          "a 'path' source needs a file format: "
              + FORMATS.stream().filter(f -> !f.equals("table")).sorted().toList());
    }
    String eventTime = n.string("event_time");
    // known_at: a column, or an expression over the row computed into a column when read
    Map<String, String> derived = new LinkedHashMap<>();
    Optional<String> knownAt = n.optString("known_at");
    if (knownAt.isPresent() && !Source.isColumnName(knownAt.get())) {
      checkExpression(n.child("known_at"), knownAt.get(), n.problems);
      derived.put(Source.KNOWN_AT_COLUMN, knownAt.get());
      knownAt = Optional.of(Source.KNOWN_AT_COLUMN);
    }
    derived.putAll(derivedKeys);
    return new Source(
        name,
        format,
        table,
        path,
        eventTime,
        knownAt,
        n.optString("partition_column"),
        Map.copyOf(n.stringMap("options")),
        n.optString("event_key"),
        java.util.Collections.unmodifiableMap(derived));
  }

  private void checkExpression(String path, String expr, Problems problems) {
    checkExpression(expressions, path, expr, problems);
  }

  /** Records a problem at {@code path} when {@code expr} is given and does not parse. */
  static void checkExpression(
      ExpressionParser expressions, String path, String expr, Problems problems) {
    if (expr.isEmpty()) {
      return;
    }
    expressions
        .check(expr)
        .ifPresent(err -> problems.add(path, "'" + expr + "' does not parse: " + err));
  }

  static void checkReference(Node n, String key, String value, Set<String> known, String what) {
    if (!value.isEmpty() && !known.contains(value)) {
      n.problems.add(
          n.child(key),
          "unknown " + what + " '" + value + "'; declared: " + known.stream().sorted().toList());
    }
  }

  static Optional<Duration> duration(Node n, String key, String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      n.problems.add(
          n.child(key),
          "'" + text + "' is not a duration; use a number and s, m, h or d (e.g. 7d)");
      return Optional.empty();
    }
    long v = Long.parseLong(m.group(1));
    return Optional.of(
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(v);
          case "m" -> Duration.ofMinutes(v);
          case "h" -> Duration.ofHours(v);
          default -> Duration.ofDays(v);
        });
  }

  static String hash(JsonNode node) {
    try {
      Object canonical = CANONICAL.treeToValue(node, Object.class);
      byte[] bytes = CANONICAL.writeValueAsBytes(canonical);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash definition", e);
    }
  }
}
