package io.ballast.jobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints results: aligned text tables, CSV, and one-line JSON. */
public final class Output {
  /** Instants (e.g. a table's last write) are written as ISO-8601 strings. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(
              new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));

  private Output() {}

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value + " as JSON", e);
    }
  }

  static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    out.println(line(header, w));
    List<String> dashes = new ArrayList<>();
    for (int x : w) {
      dashes.add("-".repeat(x));
    }
    out.println(line(dashes, w));
    for (List<String> r : rows) {
      out.println(line(r, w));
    }
    out.flush();
  }

  private static String line(List<String> cells, int[] w) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append("  ");
      }
      String c = cells.get(i);
      sb.append(c);
      if (i < cells.size() - 1) {
        sb.append(" ".repeat(w[i] - c.length()));
      }
    }
    return sb.toString();
  }

  static void csv(PrintWriter out, List<String> header, List<List<String>> rows) {
    out.println(csvLine(header));
    for (List<String> r : rows) {
      out.println(csvLine(r));
    }
    out.flush();
  }

  private static String csvLine(List<String> cells) {
    List<String> q = new ArrayList<>();
    for (String c : cells) {
      boolean quote = c.contains(",") || c.contains("\"") || c.contains("\n");
      q.add(quote ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
    }
    return String.join(",", q);
  }

  static void jsonLines(PrintWriter out, List<String> header, List<List<Object>> rows) {
    for (List<Object> r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        m.put(header.get(i), r.get(i));
      }
      out.println(json(m));
    }
    out.flush();
  }
}
