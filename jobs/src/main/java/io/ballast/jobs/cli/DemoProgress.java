package io.ballast.jobs.cli;

import java.io.PrintWriter;

/**
 * The demo's numbered progress lines, {@code [3/11] what runs now}, flushed as they are written.
 */
final class DemoProgress {
  private static final int STEPS = 11;

  private final PrintWriter out;
  private int step;

  DemoProgress(PrintWriter out) {
    this.out = out;
  }

  /** The next step's line. */
  void step(String format, Object... args) {
    out.printf("[%d/%d] " + format + "%n", prepend(++step, STEPS, args));
    out.flush();
  }

  /** A step's end, with how long it took. */
  void done(double seconds) {
    out.printf("      done in %.1f s%n", seconds);
    out.flush();
  }

  private static Object[] prepend(int a, int b, Object[] rest) {
    Object[] all = new Object[rest.length + 2];
    all[0] = a;
    all[1] = b;
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }
}
