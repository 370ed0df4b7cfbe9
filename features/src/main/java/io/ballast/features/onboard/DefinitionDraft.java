package io.ballast.features.onboard;

import io.ballast.features.onboard.ColumnProfile.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first definition {@code ballast init} writes for a table: plain Java from the table's profile
 * and the suggested quality checks, so that it is tested without Spark. Every section starts with a
 * comment saying what it does and what to change.
 *
 * <p>Features, by column type: a numeric column gives its value, its entity's average over each
 * window and sum over the shortest; a string column with few values (a category) its value, one-hot
 * encoded by the model, and how many distinct values the entity had over the longest window; every
 * table gives its entity's row counts per window and the event's hour and day of week. Windows are
 * the two longest of 1, 3, 7, 30 and 90 days that fit twice into the table's history. Ids (a value
 * per row), free text, the label itself and other time columns are left out, each named in a
 * comment.
 */
public final class DefinitionDraft {
  static final int[] WINDOW_DAYS = {1, 3, 7, 30, 90};
  static final int MAX_CATEGORIES = 100;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern ALLOWED_VALUES =
      Pattern.compile("- \\{type: allowed_values, column: ([A-Za-z0-9_]+)");

  /**
   * @param name the pipeline's name
   * @param source the source's name in the definition
   */
  public record Request(
      String name, String source, String entity, String eventTime, String label) {}

  private DefinitionDraft() {}

  /** The trailing windows, in days, for a table holding {@code days} days of history. */
  static List<Integer> windows(long days) {
    List<Integer> fit = new ArrayList<>();
    for (int w : WINDOW_DAYS) {
      if (w <= Math.max(1, days / 2)) {
        fit.add(w);
      }
    }
    return fit.subList(Math.max(0, fit.size() - 2), fit.size());
  }

  /** A column whose every row has its own value: the event's key, if the table has one. */
  static Optional<ColumnProfile> eventKey(Request q, TableProfile p) {
    return p.columns().stream()
        .filter(c -> !reserved(q, p, c.name()))
        .filter(c -> c.kind() == Kind.STRING || (c.kind() == Kind.NUMERIC && integral(c)))
        .filter(c -> c.nonNull() == p.rows() && c.distinct() >= 0.95 * p.rows())
        .findFirst();
  }

  /** The definition's YAML. {@code sourceChecks}: check lines ({@code - {type: ...}}). */
  public static String yaml(Request q, TableProfile p, List<String> sourceChecks) {
    List<Integer> windows = windows(p.days());
    int shortest = windows.get(0);
    int longest = windows.get(windows.size() - 1);
    Optional<ColumnProfile> key = eventKey(q, p);
    String entity = entityName(q);
    String table = entity + "_features";

    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    List<String> booleans = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (ColumnProfile c : p.columns()) {
      if (reserved(q, p, c.name()) || key.map(k -> k.name().equals(c.name())).orElse(false)) {
        continue;
      }
      if (!IDENTIFIER.matcher(c.name()).matches()) {
        skipped.add(c.name() + " (not a plain name: give it one at the origin)");
      } else if (c.nonNull() == 0) {
        skipped.add(c.name() + " (no values)");
      } else if (c.kind() == Kind.NUMERIC) {
        numeric.add(c.name());
      } else if (c.kind() == Kind.BOOLEAN) {
        booleans.add(c.name());
      } else if (c.kind() == Kind.STRING
          && c.distinct() <= MAX_CATEGORIES
          && c.distinct() < Math.max(2, p.rows() / 2)) {
        categorical.add(c.name());
      } else if (c.kind() == Kind.STRING) {
        skipped.add(
            c.name() + " (string, ~" + c.distinct() + " distinct values: an id or free text)");
      } else if (c.kind() == Kind.TIME) {
        skipped.add(
            c.name() + " (a time: features from it are yours to write, e.g. days since it)");
      } else {
        skipped.add(c.name() + " (" + c.type() + ")");
      }
    }

    StringBuilder y = new StringBuilder();
    y.append("# A first definition, drafted by `ballast init` from ")
        .append(p.table())
        .append(" (")
        .append(p.rows())
        .append(" rows, ")
        .append(p.days())
        .append(" days: ")
        .append(p.first())
        .append(" .. ")
        .append(p.last())
        .append(").\n")
        .append("# Review it, then check it against the lakehouse: ballast validate --pipeline")
        .append(" FILE\n");
    y.append("name: ").append(q.name()).append('\n');
    y.append("description: >\n  Predicts ")
        .append(q.label())
        .append(" for each row of ")
        .append(p.table())
        .append(" from the recent history of its ")
        .append(q.entity())
        .append(".\n\n");

    y.append(
            "# What the features describe, by its key column. A key can also be computed from each")
        .append(" row:\n")
        .append("#   keys: [{name: pair_id, expr: \"concat(a, '-', b)\"}]\n")
        .append("entities:\n  ")
        .append(entity)
        .append(":\n    keys: [")
        .append(q.entity())
        .append("]\n\n");

    y.append("# Where rows come from. event_time orders them (windows, point-in-time joins);")
        .append(" the day\n")
        .append(
            "# partition prunes reads. Labels recorded after the event need known_at: a column,")
        .append(" or an\n")
        .append("# expression such as \"")
        .append(q.eventTime())
        .append(" + make_interval(0, 0, 0, delay_days)\".\n")
        .append("sources:\n  ")
        .append(q.source())
        .append(":\n    table: ")
        .append(p.table())
        .append("\n    event_time: ")
        .append(q.eventTime())
        .append('\n');
    p.partitionColumn().ifPresent(c -> y.append("    partition_column: ").append(c).append('\n'));
    key.ifPresent(
        k ->
            y.append("    # ")
                .append(k.name())
                .append(" names each row: its features are joined to it by this key\n")
                .append("    event_key: ")
                .append(k.name())
                .append('\n'));
    y.append('\n');

    String ws = windows.stream().map(w -> w + "d").reduce((a, b) -> a + " and " + b).orElse("");
    y.append("# Features of the ")
        .append(entity)
        .append(" at each row's time. Window aggregates trail the row (earlier rows\n")
        .append("# only): ")
        .append(ws)
        .append(" fit the table's ")
        .append(p.days())
        .append(" days of history; longer windows need more history than it holds.\n")
        .append("feature_tables:\n  - name: ")
        .append(table)
        .append("\n    entity: ")
        .append(entity)
        .append("\n    source: ")
        .append(q.source())
        .append('\n');
    key.ifPresent(k -> y.append("    passthrough: [").append(k.name()).append("]\n"));
    y.append("    features:\n");
    y.append("      # how active the ").append(entity).append(" was\n");
    for (int w : windows) {
      feature(y, "events_" + w + "d", "agg: count, window: " + w + "d");
    }
    if (!numeric.isEmpty()) {
      y.append("      # numeric columns: the row's value, the ")
          .append(entity)
          .append("'s average per window and sum over ")
          .append(shortest)
          .append("d\n");
    }
    for (String c : numeric) {
      feature(y, c, "expr: " + c);
      for (int w : windows) {
        feature(y, c + "_avg_" + w + "d", "agg: avg, of: " + c + ", window: " + w + "d");
      }
      feature(
          y, c + "_sum_" + shortest + "d", "agg: sum, of: " + c + ", window: " + shortest + "d");
    }
    for (String c : booleans) {
      feature(y, c, "expr: \"CAST(" + c + " AS INT)\"");
    }
    if (!categorical.isEmpty()) {
      y.append("      # categories: the value (one-hot encoded by the model) and how many distinct")
          .append(" values in ")
          .append(longest)
          .append("d\n");
    }
    for (String c : categorical) {
      feature(y, c, "expr: " + c);
      feature(
          y,
          c + "_distinct_" + longest + "d",
          "agg: count_distinct, of: " + c + ", window: " + longest + "d");
    }
    y.append("      # when the event happened\n");
    feature(y, "hour_of_day", "expr: \"hour(" + q.eventTime() + ")\"");
    feature(y, "day_of_week", "expr: \"dayofweek(" + q.eventTime() + ")\"");
    for (String s : skipped) {
      y.append("      # left out: ").append(s).append('\n');
    }
    y.append('\n');

    y.append("# The label: ")
        .append(q.label())
        .append(" of the same rows, known when the row is (maturity 0d). If labels arrive\n")
        .append("# later, declare known_at on the source and the delay here (e.g. maturity: 7d),")
        .append(" so training\n# uses only days whose labels are all in. Windows with fewer labels")
        .append(" or positives are refused.\n")
        .append("label:\n  source: ")
        .append(q.source())
        .append("\n  column: ")
        .append(labelColumn(q, p))
        .append("\n  maturity: 0d\n  min_labels: 30\n  min_positives: 3\n\n");

    y.append("# Data quality, checked per day (ballast quality check): the source's checks were")
        .append(" suggested by\n# profiling it (Deequ's constraint suggestion) and a row_count")
        .append(" around the daily rows seen.\n")
        .append("# A failed check stops the day (exit 2) unless it has severity: warning.\n")
        .append("quality:\n  ")
        .append(q.source())
        .append(":\n    checks:\n");
    for (String line : sourceChecks) {
      Matcher m = ALLOWED_VALUES.matcher(line);
      if (m.lookingAt() && !categorical.contains(m.group(1)) && !m.group(1).equals(q.label())) {
        y.append("      # left out: allowed_values of ")
            .append(m.group(1))
            .append(" (not a category: new values are normal)\n");
      } else {
        y.append("      ").append(line).append('\n');
      }
    }
    y.append("  ")
        .append(table)
        .append(":\n    checks:\n      - {type: completeness, column: ")
        .append(q.entity())
        .append("}\n");
    key.ifPresent(
        k -> y.append("      - {type: unique, columns: [").append(k.name()).append("]}\n"));
    y.append('\n');

    long test = Math.max(1, p.days() / 7);
    long validation = Math.max(1, p.days() / 7);
    long train = Math.max(1, p.days() - test - validation);
    y.append("# The model: logistic regression (fast; gbt, random_forest or xgboost are one word")
        .append(" away), on\n# every feature above. ballast train --as-of DAY tests on the last ")
        .append(test)
        .append(" day(s) up to DAY, calibrates on\n# the ")
        .append(validation)
        .append(" before and trains on the ")
        .append(train)
        .append(" before that. A new version becomes champion only\n")
        .append("# when every gate passes on the test window (ballast model validate, then")
        .append(" promote).\n")
        .append("models:\n  - name: ")
        .append(q.name())
        .append("_model\n    algorithm: logistic_regression\n")
        .append(
            "    # L2 regularisation for a few hundred rows; fewer iterations, each one Spark job\n")
        .append("    params: {maxIter: 20, regParam: 0.05}\n");
    if (!categorical.isEmpty()) {
      y.append("    categorical: [").append(String.join(", ", categorical)).append("]\n");
    }
    y.append("    training_window_days: ")
        .append(train)
        .append("\n    validation_days: ")
        .append(validation)
        .append("\n    test_days: ")
        .append(test)
        .append("\n    validation:\n      gates:\n        min: {roc_auc: 0.6}\n");
    return y.toString();
  }

  private static void feature(StringBuilder y, String name, String rest) {
    y.append("      - {name: ").append(name).append(", ").append(rest).append("}\n");
  }

  /** The entity's name: the key column without an {@code _id} suffix. */
  static String entityName(Request q) {
    String e = q.entity().replaceAll("(?i)_?id$", "");
    e = e.isEmpty() || !IDENTIFIER.matcher(e).matches() ? "entity" : e.toLowerCase();
    return e.equals(q.source()) ? e + "_entity" : e;
  }

  private static String labelColumn(Request q, TableProfile p) {
    boolean bool = p.column(q.label()).map(c -> c.kind() == Kind.BOOLEAN).orElse(false);
    return bool ? "\"CAST(" + q.label() + " AS INT)\"" : q.label();
  }

  private static boolean reserved(Request q, TableProfile p, String column) {
    return column.equals(q.entity())
        || column.equals(q.eventTime())
        || column.equals(q.label())
        || p.partitionColumn().map(column::equals).orElse(false);
  }

  private static boolean integral(ColumnProfile c) {
    return List.of("tinyint", "smallint", "int", "bigint").contains(c.type());
  }
}
