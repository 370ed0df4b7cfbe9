package io.ballast.jobs.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo set out to show, each with its figure and whether it held: printed as the demo's
 * last table, and any expectation not met makes the demo exit {@link Exits#DEMO_UNMET} naming it.
 * Notes (no expectation) carry figures a reader wants beside them, such as the retrain's decision.
 */
final class DemoVerdict {
  /** One row: {@code met} is null for a note. */
  record Line(String what, String figure, Boolean met) {
    String status() {
      return met == null ? "note" : met ? "ok" : "NOT MET";
    }
  }

  private final List<Line> lines = new ArrayList<>();

  /** An expectation of the demo: its figure and whether it held. */
  DemoVerdict expect(String what, String figure, boolean met) {
    lines.add(new Line(what, figure, met));
    return this;
  }

  /** A figure without an expectation. */
  DemoVerdict note(String what, String figure) {
    lines.add(new Line(what, figure, null));
    return this;
  }

  List<Line> lines() {
    return List.copyOf(lines);
  }

  /** The expectations that did not hold, by name. */
  List<String> unmet() {
    return lines.stream().filter(l -> Boolean.FALSE.equals(l.met())).map(Line::what).toList();
  }

  /** The table: one row per line, the status first so a failure stands out. */
  void print(PrintWriter out) {
    int what = Math.max(7, lines.stream().mapToInt(l -> l.what().length()).max().orElse(0));
    String row = "%-7s  %-" + what + "s  %s%n";
    out.printf(row, "verdict", "expectation", "figure");
    out.printf(row, "-".repeat(7), "-".repeat(what), "-".repeat(6));
    for (Line l : lines) {
      out.printf(row, l.status(), l.what(), l.figure());
    }
    List<String> unmet = unmet();
    if (unmet.isEmpty()) {
      out.printf("demo: every expectation met (%d)%n", lines.size() - notes());
    } else {
      out.printf(
          "demo: %d expectation(s) NOT met: %s (exit %d)%n",
          unmet.size(), String.join("; ", unmet), Exits.DEMO_UNMET);
    }
    out.flush();
  }

  private long notes() {
    return lines.stream().filter(l -> l.met() == null).count();
  }
}
