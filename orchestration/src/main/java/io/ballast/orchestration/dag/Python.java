package io.ballast.orchestration.dag;

import java.util.List;
import java.util.stream.Collectors;

/** Python source literals. */
final class Python {
  private Python() {}

  /** A double-quoted Python string literal of any text. */
  static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  static String strList(List<String> items) {
    return items.stream().map(Python::str).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A Python identifier for a task id: other characters become underscores. */
  static String identifier(String id) {
    String s = id.replaceAll("[^A-Za-z0-9_]", "_");
    return Character.isDigit(s.charAt(0)) ? "t_" + s : s;
  }
}
