package io.ballast.features.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ballast.features.DefinitionErrors;
import io.ballast.features.ErrorText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a definition's text: where a bad byte or a YAML syntax error is, by line and column. */
final class TextFiles {
  private TextFiles() {}

  /**
   * The UTF-8 text of {@code bytes}, or a user error naming the first bad byte's line and column.
   */
  static String utf8(byte[] bytes, String file) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int bad = firstBadByte(bytes);
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      // The column counts characters: decode the line's good bytes before the bad one.
      int column =
          new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8).length() + 1;
      throw DefinitionErrors.definitionUnreadable(
          file,
          String.format(
              "line %d, column %d holds the byte 0x%02X, which is not UTF-8 (the file may be saved"
                  + " as Latin-1 or Windows-1252); save it as UTF-8",
              line, column, bytes[bad] & 0xFF));
    }
  }

  /** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
  static int firstBadByte(byte[] b) {
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xFF;
      int n;
      if (c < 0x80) {
        n = 0;
      } else if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
      } else {
        return i;
      }
      if (i + n >= b.length) {
        return i; // a sequence cut off by the end of the file
      }
      for (int k = 1; k <= n; k++) {
        if ((b[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += n + 1;
    }
    return b.length - 1; // only an overlong or surrogate sequence: name the last byte
  }

  private static final Pattern MARK = Pattern.compile("^in '[^']*', line (\\d+), column (\\d+):?$");

  /**
   * A YAML syntax error as "line L, column C: not valid YAML (what the parser expected)", where L
   * and C are the parser's problem mark, without its source excerpt and caret lines.
   */
  static String yamlProblem(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    List<String> texts = new ArrayList<>();
    List<String> marks = new ArrayList<>(); // the mark after each text, or ""
    for (String l : original.split("\n")) {
      String t = l.strip();
      if (t.isEmpty() || t.startsWith("^") || l.startsWith("    ")) {
        continue; // the excerpt of the source and its caret
      }
      Matcher m = MARK.matcher(t);
      if (m.matches()) {
        if (!marks.isEmpty() && marks.get(marks.size() - 1).isEmpty()) {
          marks.set(marks.size() - 1, "line " + m.group(1) + ", column " + m.group(2));
        }
      } else {
        texts.add(t);
        marks.add("");
      }
    }
    String where = "";
    int last = marks.size() - 1;
    if (last >= 0 && !marks.get(last).isEmpty()) {
      where = marks.get(last) + ": ";
      marks.set(last, "");
    } else if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
      where = "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      where += ": ";
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      parts.add(texts.get(i) + (marks.get(i).isEmpty() ? "" : " (from " + marks.get(i) + ")"));
    }
    String what = ErrorText.cut(String.join(": ", parts), 300);
    return where + "not valid YAML (" + (what.isEmpty() ? "no detail" : what) + ")";
  }
}
