package io.ballast.validation.quality;

import io.ballast.features.config.AnomalyRule;
import io.ballast.features.config.QualityCheck;
import io.ballast.validation.quality.CheckOutcome.Status;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Judges one partition's metrics against its table's checks and anomaly rules. Plain Java on small
 * values: no Spark, so every decision is unit-tested directly.
 */
public final class ConstraintEvaluator {
  private final QualityPlan plan;

  public ConstraintEvaluator(QualityPlan plan) {
    this.plan = plan;
  }

  /**
   * @param metrics the partition's metrics
   * @param history earlier partitions' values per metric (only partitions before {@code day})
   */
  public List<CheckOutcome> evaluate(
      LocalDate day, Map<MetricSpec, MetricValue> metrics, MetricHistory history) {
    List<CheckOutcome> out = new ArrayList<>();
    double rows = metrics.getOrDefault(MetricSpec.size(), MetricValue.of(-1)).value().orElse(-1.0);
    for (QualityCheck c : plan.quality().checks()) {
      MetricSpec spec = plan.metric(c);
      MetricValue m = metrics.get(spec);
      out.add(
          check(day, c, spec, m == null ? MetricValue.failed("not computed") : m, rows, history));
    }
    for (AnomalyRule r : plan.quality().anomalies()) {
      MetricSpec spec = plan.metric(r);
      out.add(anomaly(day, r, spec, metrics.get(spec), history));
    }
    return out;
  }

  private CheckOutcome check(
      LocalDate day,
      QualityCheck c,
      MetricSpec spec,
      MetricValue m,
      double rows,
      MetricHistory history) {
    String constraint = constraint(c, spec);
    if (m.value().isEmpty()) {
      boolean empty = rows == 0;
      return outcome(
          day,
          c,
          constraint,
          Status.SKIPPED,
          empty
              ? "no rows in the partition"
              : "metric " + spec + " not computed: " + m.error().orElse("?"),
          Optional.empty());
    }
    double v = m.value().get();
    return switch (c.type()) {
      case COMPLETENESS -> ratio(day, c, constraint, v, c.min().orElse(1.0));
      case UNIQUE -> ratio(day, c, constraint, v, 1.0);
      case RANGE, NON_NEGATIVE, ALLOWED_VALUES, PATTERN, SQL ->
          ratio(day, c, constraint, v, c.minRatio());
      case ROW_COUNT -> {
        boolean ok = c.min().map(x -> v >= x).orElse(true) && c.max().map(x -> v <= x).orElse(true);
        yield outcome(
            day,
            c,
            constraint,
            ok ? Status.PASSED : Status.FAILED,
            String.format("%.0f rows", v),
            Optional.of(v));
      }
      case FRESHNESS -> {
        long end = day.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        double lag = end - v;
        boolean ok = lag <= c.maxLag().orElseThrow().toSeconds();
        yield outcome(
            day,
            c,
            constraint,
            ok ? Status.PASSED : Status.FAILED,
            "newest " + c.column() + " is " + human(lag) + " before the partition's end",
            Optional.of(lag));
      }
      case ROW_COUNT_VS_HISTORY -> {
        SortedMap<Long, Double> past = history.before(spec, day, c.days());
        if (past.isEmpty()) {
          yield outcome(day, c, constraint, Status.SKIPPED, "no history yet", Optional.of(v));
        }
        double mean = past.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double change = mean == 0 ? (v == 0 ? 0 : Double.POSITIVE_INFINITY) : (v - mean) / mean;
        boolean ok = Math.abs(change) <= c.maxChange().orElseThrow();
        yield outcome(
            day,
            c,
            constraint,
            ok ? Status.PASSED : Status.FAILED,
            String.format(
                "%.0f rows vs a mean of %.1f over %d earlier partitions (%+.1f%%)",
                v, mean, past.size(), change * 100),
            Optional.of(change));
      }
    };
  }

  private CheckOutcome ratio(
      LocalDate day, QualityCheck c, String constraint, double v, double min) {
    boolean ok = v >= min;
    return outcome(
        day,
        c,
        constraint,
        ok ? Status.PASSED : Status.FAILED,
        String.format("%.4f of rows pass (need %s)", v, QualityPlan.num(min)),
        Optional.of(v));
  }

  private CheckOutcome anomaly(
      LocalDate day, AnomalyRule r, MetricSpec spec, MetricValue m, MetricHistory history) {
    String name = "anomaly_" + r.metric() + r.column().map(c -> "_" + c).orElse("");
    String constraint = r.strategy().key() + r.params() + " on " + spec;
    if (m == null || m.value().isEmpty()) {
      return new CheckOutcome(
          day.toString(),
          name,
          "anomaly",
          constraint,
          r.severity(),
          Status.SKIPPED,
          "metric not computed",
          Optional.empty());
    }
    SortedMap<Long, Double> past = history.before(spec, day, r.historyDays());
    int needed = AnomalyStrategies.historyNeeded(r.strategy());
    if (past.size() < needed) {
      return new CheckOutcome(
          day.toString(),
          name,
          "anomaly",
          constraint,
          r.severity(),
          Status.SKIPPED,
          "history has " + past.size() + " of the " + needed + " partitions needed",
          m.value());
    }
    Optional<String> detail =
        AnomalyStrategies.handles(r.strategy())
            ? AnomalyStrategies.anomaly(r, new ArrayList<>(past.values()), m.value().get())
            : DeequAdapter.anomaly(r, past, day.toEpochDay(), m.value().get());
    return new CheckOutcome(
        day.toString(),
        name,
        "anomaly",
        constraint,
        r.severity(),
        detail.isPresent() ? Status.FAILED : Status.PASSED,
        detail.orElse(
            past.isEmpty()
                ? "within bounds"
                : "within the expected range of " + past.size() + " earlier partitions"),
        m.value());
  }

  private static CheckOutcome outcome(
      LocalDate day,
      QualityCheck c,
      String constraint,
      Status status,
      String message,
      Optional<Double> value) {
    return new CheckOutcome(
        day.toString(), c.name(), c.type().key(), constraint, c.severity(), status, message, value);
  }

  /** The constraint as readers see it in results, e.g. {@code Completeness(amount) >= 0.99}. */
  static String constraint(QualityCheck c, MetricSpec spec) {
    return switch (c.type()) {
      case COMPLETENESS -> spec + " >= " + QualityPlan.num(c.min().orElse(1.0));
      case UNIQUE -> spec + " == 1";
      case RANGE, NON_NEGATIVE, ALLOWED_VALUES, PATTERN, SQL ->
          "Compliance(" + spec.predicate().orElseThrow() + ") >= " + QualityPlan.num(c.minRatio());
      case ROW_COUNT ->
          c.min().map(v -> QualityPlan.num(v) + " <= ").orElse("")
              + "Size"
              + c.max().map(v -> " <= " + QualityPlan.num(v)).orElse("");
      case FRESHNESS ->
          "partition end - max("
              + c.column()
              + ") <= "
              + human(c.maxLag().orElseThrow().toSeconds());
      case ROW_COUNT_VS_HISTORY ->
          "|Size / mean(Size of last "
              + c.days()
              + " partitions) - 1| <= "
              + QualityPlan.num(c.maxChange().orElseThrow());
    };
  }

  static String human(double seconds) {
    Duration d = Duration.ofSeconds((long) seconds);
    if (d.toHours() >= 48) {
      return String.format("%.1fd", seconds / 86400);
    }
    if (d.toMinutes() >= 120) {
      return String.format("%.1fh", seconds / 3600);
    }
    return String.format("%.0fs", seconds);
  }
}
