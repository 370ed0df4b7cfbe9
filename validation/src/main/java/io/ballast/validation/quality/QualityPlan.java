package io.ballast.validation.quality;

import io.ballast.features.config.AnomalyRule;
import io.ballast.features.config.QualityCheck;
import io.ballast.features.config.TableQuality;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a table's quality section asks Spark to compute, decided without Spark: the metrics (one per
 * distinct analyzer, shared by checks and anomaly rules), the derived columns they need, the
 * columns they read, and each row-level check's passing-row predicate (the same predicate feeds the
 * compliance metric and the quarantine, so both agree on which rows fail).
 */
public final class QualityPlan {
  /** Prefix of derived columns added for freshness (event time as epoch seconds). */
  static final String EPOCH_PREFIX = "__epoch_";

  private final TableQuality quality;
  private final Map<String, MetricSpec> byCheck = new LinkedHashMap<>();
  private final Map<AnomalyRule, MetricSpec> byRule = new LinkedHashMap<>();
  private final Map<String, String> derived = new LinkedHashMap<>();
  private final Set<String> columns = new LinkedHashSet<>();

  private QualityPlan(TableQuality quality) {
    this.quality = quality;
    for (QualityCheck c : quality.checks()) {
      columns.addAll(c.columns());
      byCheck.put(c.name(), specFor(c));
    }
    for (AnomalyRule r : quality.anomalies()) {
      r.column().ifPresent(columns::add);
      byRule.put(r, specFor(r));
    }
  }

  public static QualityPlan of(TableQuality quality) {
    return new QualityPlan(quality);
  }

  public TableQuality quality() {
    return quality;
  }

  /** Every distinct metric of the run, in declaration order. */
  public List<MetricSpec> metrics() {
    Set<MetricSpec> all = new LinkedHashSet<>(byCheck.values());
    all.addAll(byRule.values());
    return List.copyOf(all);
  }

  public MetricSpec metric(QualityCheck check) {
    return byCheck.get(check.name());
  }

  public MetricSpec metric(AnomalyRule rule) {
    return byRule.get(rule);
  }

  /** Columns to add before the analysis, by name: SQL expressions over the table's columns. */
  public Map<String, String> derivedColumns() {
    return Map.copyOf(derived);
  }

  /** The table columns the checks and rules name (SQL predicates are checked separately). */
  public Set<String> columns() {
    return Set.copyOf(columns);
  }

  /** The SQL predicates of {@code sql} checks, by check name. */
  public Map<String, String> sqlPredicates() {
    return quality.checks().stream()
        .filter(c -> c.predicate().isPresent())
        .collect(
            Collectors.toMap(
                QualityCheck::name, c -> c.predicate().get(), (a, b) -> a, LinkedHashMap::new));
  }

  /**
   * A row passes a row-level check when this predicate is true. Empty for checks that are not
   * row-level, and for {@code unique}, whose failing rows are found by counting keys.
   */
  public Optional<String> rowPredicate(QualityCheck c) {
    return switch (c.type()) {
      case COMPLETENESS -> Optional.of(q(c.column()) + " IS NOT NULL");
      case RANGE -> {
        List<String> parts = new ArrayList<>();
        c.min().ifPresent(v -> parts.add(q(c.column()) + " >= " + num(v)));
        c.max().ifPresent(v -> parts.add(q(c.column()) + " <= " + num(v)));
        yield Optional.of(nullOr(c.column(), String.join(" AND ", parts)));
      }
      case NON_NEGATIVE -> Optional.of(nullOr(c.column(), q(c.column()) + " >= 0"));
      case ALLOWED_VALUES ->
          Optional.of(
              nullOr(
                  c.column(),
                  "CAST("
                      + q(c.column())
                      + " AS STRING) IN ("
                      + c.values().stream().map(QualityPlan::lit).collect(Collectors.joining(", "))
                      + ")"));
      case PATTERN ->
          Optional.of(
              nullOr(
                  c.column(),
                  "CAST(" + q(c.column()) + " AS STRING) RLIKE " + lit(c.regex().orElseThrow())));
      case SQL -> Optional.of("COALESCE((" + c.predicate().orElseThrow() + "), false)");
      case UNIQUE, ROW_COUNT, FRESHNESS, ROW_COUNT_VS_HISTORY -> Optional.empty();
    };
  }

  private MetricSpec specFor(QualityCheck c) {
    return switch (c.type()) {
      case COMPLETENESS -> MetricSpec.of(MetricSpec.Kind.COMPLETENESS, c.column());
      case UNIQUE -> MetricSpec.uniqueness(c.columns());
      case ROW_COUNT, ROW_COUNT_VS_HISTORY -> MetricSpec.size();
      case FRESHNESS -> {
        String epoch = EPOCH_PREFIX + c.column();
        derived.put(epoch, "CAST(CAST(" + q(c.column()) + " AS TIMESTAMP) AS DOUBLE)");
        yield MetricSpec.of(MetricSpec.Kind.MAXIMUM, epoch);
      }
      case RANGE, NON_NEGATIVE, ALLOWED_VALUES, PATTERN, SQL ->
          MetricSpec.compliance(c.name(), rowPredicate(c).orElseThrow(), c.columns());
    };
  }

  private static MetricSpec specFor(AnomalyRule r) {
    if (r.metric().equals("size")) {
      return MetricSpec.size();
    }
    MetricSpec.Kind kind =
        switch (r.metric()) {
          case "completeness" -> MetricSpec.Kind.COMPLETENESS;
          case "mean" -> MetricSpec.Kind.MEAN;
          case "minimum" -> MetricSpec.Kind.MINIMUM;
          case "maximum" -> MetricSpec.Kind.MAXIMUM;
          case "stddev" -> MetricSpec.Kind.STDDEV;
          case "approx_distinct" -> MetricSpec.Kind.APPROX_DISTINCT;
          default -> throw new IllegalStateException("validated rule has metric " + r.metric());
        };
    return MetricSpec.of(kind, r.column().orElseThrow());
  }

  /** A column name quoted for Spark SQL. */
  static String q(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /** A Spark SQL string literal (backslashes and quotes escaped). */
  static String lit(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static String num(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
  }

  private static String nullOr(String column, String predicate) {
    return q(column) + " IS NULL OR (" + predicate + ")";
  }
}
