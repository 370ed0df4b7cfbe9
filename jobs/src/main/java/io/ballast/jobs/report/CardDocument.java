package io.ballast.jobs.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A document of titled sections, each holding lines (key: value) and tables, rendered to Markdown
 * or to a self-contained HTML page (inline style, no scripts, no network).
 */
final class CardDocument {
  private final String title;
  private final List<Section> sections = new ArrayList<>();

  CardDocument(String title) {
    this.title = title;
  }

  /** One section; add facts and tables to it. */
  static final class Section {
    final String heading;
    final List<String[]> facts = new ArrayList<>();
    final List<List<String>> header = new ArrayList<>();
    final List<List<List<String>>> tables = new ArrayList<>();
    String note;

    Section(String heading) {
      this.heading = heading;
    }

    Section fact(String key, Object value) {
      facts.add(new String[] {key, String.valueOf(value)});
      return this;
    }

    Section table(List<String> head, List<List<String>> rows) {
      header.add(head);
      tables.add(rows);
      return this;
    }

    Section note(String text) {
      note = text;
      return this;
    }
  }

  Section section(String heading) {
    Section s = new Section(heading);
    sections.add(s);
    return s;
  }

  String markdown() {
    StringBuilder sb = new StringBuilder("# ").append(title).append("\n");
    for (Section s : sections) {
      sb.append("\n## ").append(s.heading).append("\n\n");
      if (s.note != null) {
        sb.append(s.note).append("\n\n");
      }
      for (String[] f : s.facts) {
        sb.append("- **").append(f[0]).append("**: ").append(mdCell(f[1])).append("\n");
      }
      if (!s.facts.isEmpty()) {
        sb.append("\n");
      }
      for (int t = 0; t < s.tables.size(); t++) {
        List<String> head = s.header.get(t);
        sb.append("| ").append(String.join(" | ", head)).append(" |\n|");
        head.forEach(h -> sb.append("---|"));
        sb.append("\n");
        for (List<String> row : s.tables.get(t)) {
          sb.append("| ");
          sb.append(String.join(" | ", row.stream().map(CardDocument::mdCell).toList()));
          sb.append(" |\n");
        }
        sb.append("\n");
      }
    }
    return sb.toString();
  }

  String html() {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;")
        .append("color:#222}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid")
        .append(" #bbb;padding:.2em .6em;text-align:left}th{background:#eee}.failed{color:#b00;")
        .append("font-weight:bold}.passed{color:#070}</style></head><body>\n<h1>")
        .append(esc(title))
        .append("</h1>\n");
    for (Section s : sections) {
      sb.append("<h2>").append(esc(s.heading)).append("</h2>\n");
      if (s.note != null) {
        sb.append("<p>").append(esc(s.note)).append("</p>\n");
      }
      if (!s.facts.isEmpty()) {
        sb.append("<ul>\n");
        for (String[] f : s.facts) {
          sb.append("<li><b>").append(esc(f[0])).append("</b>: ").append(esc(f[1]));
          sb.append("</li>\n");
        }
        sb.append("</ul>\n");
      }
      for (int t = 0; t < s.tables.size(); t++) {
        sb.append("<table><tr>");
        s.header.get(t).forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
        sb.append("</tr>\n");
        for (List<String> row : s.tables.get(t)) {
          sb.append("<tr>");
          for (String c : row) {
            String cls =
                c.equals("FAILED")
                    ? " class=\"failed\""
                    : c.equals("passed") ? " class=\"passed\"" : "";
            sb.append("<td").append(cls).append(">").append(esc(c)).append("</td>");
          }
          sb.append("</tr>\n");
        }
        sb.append("</table>\n");
      }
    }
    return sb.append("</body></html>\n").toString();
  }

  private static String mdCell(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
