package io.ballast.jobs.cli;

import io.ballast.features.BallastException;
import picocli.CommandLine;

/** Maps outcomes to exit codes and messages: user errors to 2, bugs to 1 with a stack trace. */
public final class Exits {
  public static final int OK = 0;
  public static final int BUG = 1;
  public static final int USER_ERROR = 2;

  /** Drift found: a partition's share of drifted features reached the definition's bound. */
  public static final int DRIFT = 3;

  private Exits() {}

  public static CommandLine configure(CommandLine cl) {
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          BallastException user = userError(ex);
          if (user != null) {
            commandLine.getErr().println("error: " + user.getMessage());
            commandLine.getErr().flush();
            return user.exitCode();
          }
          commandLine.getErr().println("internal error (a bug in Ballast; please report it):");
          ex.printStackTrace(commandLine.getErr());
          commandLine.getErr().flush();
          return BUG;
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("error: " + ex.getMessage());
          c.getErr()
              .println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
          c.getErr().flush();
          return USER_ERROR;
        });
    return cl;
  }

  /** A user error anywhere in the cause chain (Spark wraps exceptions thrown in jobs). */
  static BallastException userError(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof BallastException b) {
        return b;
      }
    }
    return null;
  }
}
