package io.ballast.features;

/** How error factories quote third-party text: its first line, cut to a length. */
public final class ErrorText {
  private ErrorText() {}

  /** The first line with text (Spark's parse errors start with an empty one), cut to 300 chars. */
  public static String firstLine(String s) {
    if (s == null || s.isBlank()) {
      return "no detail";
    }
    String line = s.strip().lines().findFirst().orElse("").strip();
    return cut(line, 300);
  }

  /** {@code s} cut to {@code max} characters, saying how many were left out. */
  public static String cut(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, max) + "... (" + (s.length() - max) + " more characters)";
  }
}
