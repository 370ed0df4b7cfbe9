package io.ballast.jobs;

import io.ballast.jobs.cli.BallastCommand;
import io.ballast.jobs.cli.Exits;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code ballast} command line: the same main class runs from the local launcher and under
 * {@code spark-submit --class io.ballast.jobs.Ballast <jar> <command> ...}. Exit codes: 0 success,
 * 2 user error (bad input, failed gate), 3 drift found, 1 bug.
 */
public final class Ballast {
  private Ballast() {}

  public static void main(String[] args) {
    int code = run(args);
    System.exit(code);
  }

  /** Runs one command and returns its exit code (tests call this without exiting). */
  public static int run(String... args) {
    return Exits.configure(new CommandLine(new BallastCommand())).execute(args);
  }

  /** Runs one command writing to the given streams. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = Exits.configure(new CommandLine(new BallastCommand()));
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }
}
