package io.ballast.features.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the {@code quality} section: per table (a source or a feature table), its checks, anomaly
 * rules and quarantine flag. Problems are recorded with their path, like the rest of the loader.
 */
final class QualityReader {
  static final Set<String> TABLE_KEYS = Set.of("quarantine", "checks", "anomalies");
  static final Set<String> ANOMALY_KEYS =
      Set.of("metric", "column", "strategy", "history_days", "severity");

  private final ExpressionParser expressions;

  QualityReader(ExpressionParser expressions) {
    this.expressions = expressions;
  }

  Map<String, TableQuality> read(Node root, Set<String> sources, Set<String> featureTables) {
    Map<String, TableQuality> out = new LinkedHashMap<>();
    root.namedMap("quality", false)
        .forEach(
            (table, n) -> {
              if (!sources.contains(table) && !featureTables.contains(table)) {
                n.problems.add(
                    n.path,
                    "'"
                        + table
                        + "' is neither a source nor a feature table; declared: sources "
                        + new TreeSet<>(sources)
                        + ", feature tables "
                        + new TreeSet<>(featureTables));
              }
              TableQuality tq = table(table, n);
              if (tq != null) {
                out.put(table, tq);
              }
            });
    return Collections.unmodifiableMap(out);
  }

  private TableQuality table(String table, Node n) {
    if (!n.expectObject(TABLE_KEYS)) {
      return null;
    }
    List<QualityCheck> checks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node c : n.list("checks", false)) {
      QualityCheck check = check(c);
      if (check != null) {
        if (!names.add(check.name())) {
          c.problems.add(
              c.child("name"),
              "duplicate check name '" + check.name() + "'; give each check its own 'name'");
        }
        checks.add(check);
      }
    }
    List<AnomalyRule> anomalies = new ArrayList<>();
    for (Node a : n.list("anomalies", false)) {
      AnomalyRule rule = anomaly(a);
      if (rule != null) {
        anomalies.add(rule);
      }
    }
    if (checks.isEmpty() && anomalies.isEmpty()) {
      n.problems.add(n.path, "declares no checks and no anomalies; add 'checks' or remove it");
    }
    return new TableQuality(
        table, n.bool("quarantine", false), List.copyOf(checks), List.copyOf(anomalies));
  }

  private QualityCheck check(Node c) {
    if (c.json == null || !c.json.isObject()) {
      c.expectObject(CheckType.COMMON_KEYS);
      return null;
    }
    String typeText = c.string("type");
    Optional<CheckType> parsed = CheckType.parse(typeText);
    if (parsed.isEmpty()) {
      if (!typeText.isEmpty()) {
        c.problems.add(
            c.child("type"), "unknown check type '" + typeText + "'; known: " + CheckType.known());
      }
      return null;
    }
    CheckType type = parsed.get();
    Set<String> allowed = new HashSet<>(type.keys());
    allowed.addAll(CheckType.COMMON_KEYS);
    c.expectObject(allowed);
    Severity severity = severity(c, type.defaultSeverity());

    List<String> columns = columns(c, type);
    Optional<Double> min = number(c, "min");
    Optional<Double> max = number(c, "max");
    double minRatio = ratio(c, "min_ratio").orElse(1.0);
    List<String> values = List.of();
    Optional<String> regex = Optional.empty();
    Optional<String> predicate = Optional.empty();
    Optional<Duration> maxLag = Optional.empty();
    int days = 7;
    Optional<Double> maxChange = Optional.empty();
    switch (type) {
      case COMPLETENESS -> min = Optional.of(ratio(c, "min").orElse(1.0));
      case RANGE -> {
        if (min.isEmpty() && max.isEmpty()) {
          c.problems.add(c.path, "a range needs 'min', 'max' or both");
        }
        requireOrdered(c, min, max);
      }
      case ROW_COUNT -> {
        if (min.isEmpty() && max.isEmpty()) {
          c.problems.add(c.path, "a row_count needs 'min', 'max' or both");
        }
        min.filter(v -> v < 0).ifPresent(v -> c.problems.add(c.child("min"), "must be >= 0"));
        requireOrdered(c, min, max);
      }
      case ALLOWED_VALUES -> {
        values = List.copyOf(c.stringList("values", true));
        if (c.has("values") && values.isEmpty()) {
          c.problems.add(c.child("values"), "must list at least one value");
        }
      }
      case PATTERN -> {
        regex = c.optString("regex");
        if (!c.has("regex")) {
          c.problems.add(c.child("regex"), "is required (a Java regular expression)");
        }
        regex.ifPresent(r -> checkRegex(c, r));
      }
      case FRESHNESS -> {
        if (!c.has("max_lag")) {
          c.problems.add(c.child("max_lag"), "is required (e.g. 2d, 6h)");
        } else {
          maxLag = c.optString("max_lag").flatMap(s -> PipelineLoader.duration(c, "max_lag", s));
        }
      }
      case SQL -> {
        predicate = c.optString("predicate");
        if (!c.has("predicate")) {
          c.problems.add(c.child("predicate"), "is required (a Spark SQL boolean expression)");
        }
        predicate.ifPresent(
            p ->
                expressions
                    .check(p)
                    .ifPresent(
                        err ->
                            c.problems.add(
                                c.child("predicate"), "'" + p + "' does not parse: " + err)));
        if (!c.has("name")) {
          c.problems.add(c.child("name"), "is required for a sql check (it names the rule)");
        }
      }
      case ROW_COUNT_VS_HISTORY -> {
        days = positiveInt(c, "days", 7);
        maxChange = ratioAbove(c, "max_change");
        if (!c.has("max_change")) {
          c.problems.add(c.child("max_change"), "is required (e.g. 0.5 for +/-50%)");
        }
      }
      default -> {}
    }
    String name =
        c.has("name")
            ? c.identifier("name")
            : type.key() + (columns.isEmpty() ? "" : "_" + String.join("_", columns));
    return new QualityCheck(
        name,
        type,
        severity,
        List.copyOf(columns),
        min,
        max,
        minRatio,
        values,
        regex,
        predicate,
        maxLag,
        days,
        maxChange);
  }

  private static List<String> columns(Node c, CheckType type) {
    boolean wantsColumn = type.keys().contains("column");
    if (!wantsColumn) {
      return List.of();
    }
    if (type == CheckType.UNIQUE) {
      if (c.has("column") == c.has("columns")) {
        c.problems.add(c.path, "give exactly one of 'column' or 'columns' (the key columns)");
        return List.of();
      }
      if (c.has("columns")) {
        List<String> cols = c.stringList("columns", true);
        if (cols.isEmpty()) {
          c.problems.add(c.child("columns"), "must name at least one column");
        }
        return cols;
      }
    }
    if (!c.has("column")) {
      c.problems.add(c.child("column"), "is required (the column to check)");
      return List.of();
    }
    return c.optString("column").map(List::of).orElse(List.of());
  }

  private static void checkRegex(Node c, String regex) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      c.problems.add(
          c.child("regex"),
          "'"
              + regex
              + "' is not a valid regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex());
    }
  }

  private static void requireOrdered(Node c, Optional<Double> min, Optional<Double> max) {
    if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
      c.problems.add(c.path, "'min' " + min.get() + " is greater than 'max' " + max.get());
    }
  }

  private AnomalyRule anomaly(Node a) {
    if (a.json == null || !a.json.isObject()) {
      a.expectObject(ANOMALY_KEYS);
      return null;
    }
    String strategyText = a.string("strategy");
    Optional<AnomalyRule.Strategy> strategy = AnomalyRule.Strategy.parse(strategyText);
    if (strategy.isEmpty() && !strategyText.isEmpty()) {
      a.problems.add(
          a.child("strategy"),
          "unknown strategy '" + strategyText + "'; known: " + AnomalyRule.Strategy.known());
    }
    Set<String> allowed = new HashSet<>(ANOMALY_KEYS);
    strategy.ifPresent(s -> allowed.addAll(s.keys()));
    a.expectObject(allowed);
    String metric = a.string("metric").toLowerCase(Locale.ROOT);
    if (!metric.isEmpty() && !AnomalyRule.METRICS.contains(metric)) {
      a.problems.add(
          a.child("metric"),
          "unknown metric '" + metric + "'; known: " + new TreeSet<>(AnomalyRule.METRICS));
    }
    Optional<String> column = a.optString("column");
    if (metric.equals("size") && column.isPresent()) {
      a.problems.add(a.child("column"), "'size' is a table metric; remove 'column'");
    } else if (!metric.isEmpty() && !metric.equals("size") && column.isEmpty()) {
      a.problems.add(a.child("column"), "is required for metric '" + metric + "'");
    }
    int history = positiveInt(a, "history_days", 14);
    Severity severity = severity(a, Severity.WARNING);
    if (strategy.isEmpty()) {
      return null;
    }
    int needed = strategy.get().historyNeeded();
    if (history < needed) {
      a.problems.add(
          a.child("history_days"),
          "strategy '"
              + strategyText
              + "' needs "
              + needed
              + " earlier partitions, so history_days "
              + history
              + " would never let it judge a day; set history_days to at least "
              + needed);
    }
    Map<String, Double> params = new LinkedHashMap<>();
    for (String k : new TreeSet<>(strategy.get().keys())) {
      number(a, k).ifPresent(v -> params.put(k, v));
    }
    if (params.isEmpty() && !strategy.get().key().endsWith("_normal")) {
      a.problems.add(
          a.path,
          "strategy '"
              + strategyText
              + "' needs at least one of "
              + new TreeSet<>(strategy.get().keys()));
    }
    return new AnomalyRule(metric, column, strategy.get(), Map.copyOf(params), history, severity);
  }

  private static Severity severity(Node n, Severity dflt) {
    Optional<String> s = n.optString("severity");
    if (s.isEmpty()) {
      return dflt;
    }
    try {
      return Severity.valueOf(s.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      n.problems.add(
          n.child("severity"), "unknown severity '" + s.get() + "'; known: [error, warning]");
      return dflt;
    }
  }

  static Optional<Double> number(Node n, String key) {
    if (!n.has(key)) {
      return Optional.empty();
    }
    JsonNode v = n.json.get(key);
    if (!v.isNumber()) {
      n.problems.add(n.child(key), "expected a number, got " + Node.kindOf(v));
      return Optional.empty();
    }
    return Optional.of(v.asDouble());
  }

  private static Optional<Double> ratio(Node n, String key) {
    Optional<Double> v = number(n, key);
    if (v.isPresent() && (v.get() < 0 || v.get() > 1)) {
      n.problems.add(n.child(key), "expected a ratio from 0 to 1, got " + v.get());
      return Optional.empty();
    }
    return v;
  }

  private static Optional<Double> ratioAbove(Node n, String key) {
    Optional<Double> v = number(n, key);
    if (v.isPresent() && v.get() <= 0) {
      n.problems.add(n.child(key), "expected a number > 0, got " + v.get());
      return Optional.empty();
    }
    return v;
  }

  private static int positiveInt(Node n, String key, int dflt) {
    if (!n.has(key)) {
      return dflt;
    }
    JsonNode v = n.json.get(key);
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
      n.problems.add(n.child(key), "expected a whole number >= 1, got '" + v.asText() + "'");
      return dflt;
    }
    return v.asInt();
  }
}
