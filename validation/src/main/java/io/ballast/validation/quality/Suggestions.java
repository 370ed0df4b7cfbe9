package io.ballast.validation.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.validation.quality.DeequAdapter.Suggestion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Deequ's constraint suggestions (its code for each) into checks in the pipeline-definition
 * format, and prints a {@code quality:} section that loads back as valid. Plain Java.
 */
public final class Suggestions {
  private static final Pattern COMPLETE = Pattern.compile("\\.isComplete\\(\"([^\"]+)\"\\)");
  private static final Pattern COMPLETENESS =
      Pattern.compile("\\.hasCompleteness\\(\"([^\"]+)\", _ >= ([0-9.]+).*");
  private static final Pattern NON_NEGATIVE = Pattern.compile("\\.isNonNegative\\(\"([^\"]+)\"\\)");
  private static final Pattern UNIQUE = Pattern.compile("\\.isUnique\\(\"([^\"]+)\"\\)");
  private static final Pattern CONTAINED =
      Pattern.compile(
          "\\.isContainedIn\\(\"([^\"]+)\", Array\\((.*?)\\)(?:, _ >= ([0-9.]+).*)?\\)");
  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TYPE_AND_COLUMN =
      Pattern.compile("- \\{type: [a-z_]+, columns?: \\[?[^,\\]}]+");

  private Suggestions() {}

  /**
   * Deequ's suggestions as check lines ({@code - {type: ...}}); unmapped ones are comments. One
   * check per type and column: Deequ may suggest a column's values both as all of them and as those
   * of most rows, and two such checks would share a name; the one without {@code min_ratio} is
   * kept: a ratio measured over the whole profile fails on about half of the days whose share of
   * the listed values is below average.
   */
  public static List<String> checks(List<Suggestion> suggestions, Set<String> exclude) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> comments = new ArrayList<>();
    for (Suggestion s : suggestions) {
      if (exclude.contains(s.column())) {
        continue;
      }
      String line = check(s.code());
      if (line == null) {
        comments.add("# not mapped: " + s.column() + " " + s.code().replace('\n', ' '));
        continue;
      }
      Matcher k = TYPE_AND_COLUMN.matcher(line);
      String key = k.lookingAt() ? k.group() : line;
      if (!out.containsKey(key) || out.get(key).contains("min_ratio")) {
        out.put(key, line);
      }
    }
    List<String> all = new ArrayList<>(out.values());
    all.addAll(comments);
    return all;
  }

  /** One check line for a Deequ constraint's code, or null when Ballast has no such check. */
  static String check(String code) {
    Matcher m;
    if ((m = COMPLETE.matcher(code)).matches()) {
      return "- {type: completeness, column: " + m.group(1) + "}";
    }
    if ((m = COMPLETENESS.matcher(code)).matches()) {
      return "- {type: completeness, column: " + m.group(1) + ", min: " + m.group(2) + "}";
    }
    if ((m = NON_NEGATIVE.matcher(code)).matches()) {
      return "- {type: non_negative, column: " + m.group(1) + "}";
    }
    if ((m = UNIQUE.matcher(code)).matches()) {
      return "- {type: unique, columns: [" + m.group(1) + "]}";
    }
    if ((m = CONTAINED.matcher(code)).matches()) {
      List<String> values = new ArrayList<>();
      Matcher q = QUOTED.matcher(m.group(2));
      while (q.find()) {
        values.add(yamlString(q.group(1).replace("\\\"", "\"").replace("\\\\", "\\")));
      }
      return "- {type: allowed_values, column: "
          + m.group(1)
          + ", values: ["
          + String.join(", ", values)
          + "]"
          + (m.group(3) == null ? "" : ", min_ratio: " + m.group(3))
          + "}";
    }
    return null;
  }

  /** A row_count check around the observed daily counts: half the fewest to twice the most. */
  public static String rowCount(long fewest, long most) {
    return "- {type: row_count, min: " + fewest / 2 + ", max: " + most * 2 + "}";
  }

  /** The {@code quality:} section for one table. */
  public static String section(String table, List<String> checkLines) {
    StringBuilder sb = new StringBuilder("quality:\n  ").append(table).append(":\n    checks:\n");
    for (String l : checkLines) {
      sb.append("      ").append(l).append('\n');
    }
    return sb.toString();
  }

  static String yamlString(String s) {
    try {
      return JSON.writeValueAsString(s); // a JSON string is a YAML double-quoted scalar
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
