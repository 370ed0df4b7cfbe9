package io.ballast.jobs.cli;

import io.ballast.features.BallastException;
import io.ballast.features.ErrorText;
import io.ballast.features.LakehouseErrors;
import io.ballast.features.lakehouse.StorageRefusal;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Maps outcomes to exit codes and messages: user errors to 2, bugs to 1 with a stack trace. */
public final class Exits {
  public static final int OK = 0;
  public static final int BUG = 1;
  public static final int USER_ERROR = 2;

  /**
   * Drift found: a partition's share of drifted features reached the definition's bound, or a live
   * metric crossed its {@code monitoring.live} bound.
   */
  public static final int DRIFT = 3;

  /**
   * {@code ballast demo} ran to its end but one of its own expectations (champion set, incident
   * caught, days scored, drift and live metrics against the injected faults, retrain validated) did
   * not hold; its verdict table names which.
   */
  public static final int DEMO_UNMET = 4;

  /**
   * {@code train --reproduce} ran to its end, but the reproduction differs from the original run
   * beyond the stated tolerance (a param, a metric or a test-window prediction); its table names
   * what.
   */
  public static final int NOT_REPRODUCED = 5;

  private Exits() {}

  /**
   * A command run without what it needs (a group without its subcommand): {@code error: <what>} and
   * the command's usage on stderr; exit 2.
   */
  public static int usage(CommandSpec spec, String what) {
    spec.commandLine().getErr().println("error: " + what);
    spec.commandLine().usage(spec.commandLine().getErr());
    return USER_ERROR;
  }

  public static CommandLine configure(CommandLine cl) {
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) ->
            cl.getCommand() instanceof BallastCommand root
                ? report(ex, commandLine.getErr(), root.lakehouse, root.conf)
                : report(ex, commandLine.getErr(), null, null));
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("error: " + readable(ex.getMessage()));
          c.getErr()
              .println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
          c.getErr().flush();
          return USER_ERROR;
        });
    return cl;
  }

  /**
   * A command's failure on {@code err} and its exit code: {@code error: <message>} for a user or
   * environment error (its code), else the trace of a bug (1). {@code lakehouse} null: no check for
   * environment errors.
   */
  static int report(Throwable ex, PrintWriter err, String lakehouse, List<String> conf) {
    BallastException user = userError(ex);
    if (user == null && lakehouse != null) {
      user = environmentError(ex, lakehouse, conf, System.getenv());
    }
    if (user != null) {
      err.println("error: " + readable(user.getMessage()));
      err.flush();
      return user.exitCode();
    }
    err.println("internal error (a bug in Ballast; please report it):");
    ex.printStackTrace(err);
    err.flush();
    return BUG;
  }

  /** The longest line a message keeps: a value pasted whole (a 100 kB parameter) is cut. */
  static final int MAX_LINE = 1000;

  /**
   * {@code message} with each line cut to {@link #MAX_LINE} characters, saying how much was cut.
   */
  static String readable(String message) {
    if (message == null) {
      return "no detail";
    }
    StringBuilder out = new StringBuilder();
    for (String line : message.split("\n", -1)) {
      out.append(out.length() == 0 ? "" : "\n").append(ErrorText.cut(line, MAX_LINE));
    }
    return out.toString();
  }

  /**
   * Failures of the environment rather than of Ballast, as user errors with what to do: another
   * process committing to the same partitions at once (Delta's optimistic concurrency), an S3
   * lakehouse that refused a request mid-run (credentials, access denied) and one that stopped
   * answering. Null for anything else.
   */
  static BallastException environmentError(
      Throwable ex, String lakehouse, List<String> conf, Map<String, String> env) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof DeltaConcurrentModificationException) {
        return CliErrors.concurrentWrite(String.valueOf(lakehouse), t);
      }
    }
    if (lakehouse == null || !lakehouse.trim().toLowerCase(Locale.ROOT).startsWith("s3a://")) {
      return null;
    }
    String root = lakehouse.trim();
    Optional<StorageRefusal> refused = StorageRefusal.of(ex, root);
    if (refused.isPresent()) {
      // e.g. a prefix that may be read but not written: refused at the first write, after the
      // start-up check; a write that fails so commits nothing
      return LakehouseErrors.storageRefused(
          "use the lakehouse storage at " + root,
          root,
          refused.get(),
          " The refused step committed nothing (a Delta commit is all or nothing); rerun once"
              + " fixed: a rerun replaces its partitions.",
          ex);
    }
    for (Throwable t = ex; t != null; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException
          || name.equals("AWSClientIOException")
          || name.equals("ConnectTimeoutException")
          || String.valueOf(t.getMessage()).startsWith("Unable to execute HTTP request")) {
        return CliErrors.storageUnreachable(lakehouse.trim(), endpoint(conf, env), t);
      }
    }
    return null;
  }

  /** The S3 endpoint the process was given ({@code --conf} wins over AWS_ENDPOINT_URL). */
  private static String endpoint(List<String> conf, Map<String, String> env) {
    String key = "spark.hadoop.fs.s3a.endpoint=";
    for (String c : conf) {
      if (c.trim().startsWith(key)) {
        return c.trim().substring(key.length());
      }
    }
    String e = env.get("AWS_ENDPOINT_URL");
    return e == null || e.isBlank() ? "AWS S3 (default endpoint)" : e;
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
