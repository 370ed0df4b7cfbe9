package io.ballast.jobs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the Ballast CLI as its own JVM the way the {@code ballast} launcher does: the jobs jar plus
 * the class path in {@code jobs/target/classpath.txt}, the JVM flags Spark needs on Java 17, main
 * class {@code io.ballast.jobs.Ballast}. The child gets only the environment it is given (plus
 * PATH, HOME and the like), so no AWS setting of the machine leaks in.
 */
public final class BallastCli {
  /** What one run did. */
  public record Result(
      List<String> args, int exitCode, String stdout, String stderr, double seconds) {
    /** For assertion messages: the command, exit code and stderr's tail. */
    public String describe() {
      List<String> err = stderr.lines().toList();
      return "ballast "
          + shown(args)
          + " -> exit "
          + exitCode
          + " after "
          + seconds
          + " s; stderr tail:\n"
          + String.join("\n", err.subList(Math.max(0, err.size() - 30), err.size()));
    }
  }

  /** One command of a {@code ballast shell} run: its line, exit code and output. */
  public record Step(String command, int exitCode, String output) {}

  /**
   * The steps of a {@code ballast shell} run's stdout (each {@code ballast> LINE} echo, the output
   * after it, and its {@code (exit N in S s)} line), each asserted to have exited 0.
   */
  public static List<Step> steps(String stdout) {
    List<Step> out = stepsWithAnyExit(stdout);
    for (Step s : out) {
      if (s.exitCode() != 0) {
        throw new AssertionError(
            "step '" + s.command() + "' exited " + s.exitCode() + ":\n" + stdout);
      }
    }
    return out;
  }

  /** The steps of a {@code ballast shell --keep-going} run's stdout, whatever each one's exit. */
  public static List<Step> stepsWithAnyExit(String stdout) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "^ballast> (.*?)$\\R(.*?)^\\(exit (\\d+) in [0-9.]+ s\\)$",
                java.util.regex.Pattern.MULTILINE | java.util.regex.Pattern.DOTALL)
            .matcher(stdout);
    List<Step> out = new ArrayList<>();
    while (m.find()) {
      out.add(new Step(m.group(1), Integer.parseInt(m.group(3)), m.group(2)));
    }
    return out;
  }

  /** A command as a {@code ballast shell} line: plain words as they are, others single-quoted. */
  public static String shellLine(List<String> args) {
    List<String> words = new ArrayList<>();
    for (String a : args) {
      words.add(a.matches("[A-Za-z0-9_./:=@,+%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return String.join(" ", words);
  }

  private static final List<String> INHERITED_ENV =
      List.of("PATH", "HOME", "USER", "LANG", "TMPDIR");

  private final Path jar;
  private final String classPath;
  private final List<String> jvmFlags;
  private final Path workDir;
  private final Duration timeout;
  private final AtomicInteger runs = new AtomicInteger();

  public BallastCli(
      Path jar, Path classPathFile, List<String> jvmFlags, Path workDir, Duration timeout) {
    if (!Files.isRegularFile(jar) || !Files.isRegularFile(classPathFile)) {
      throw new IllegalStateException(
          "Ballast is not packaged ("
              + jar
              + ", "
              + classPathFile
              + "); run the IT through mvn verify");
    }
    this.jar = jar;
    try {
      this.classPath = Files.readString(classPathFile).trim();
      this.workDir = Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.jvmFlags = List.copyOf(jvmFlags);
    this.timeout = timeout;
  }

  /**
   * Reads the jar, class path and JVM flags from the system properties the jobs pom gives failsafe
   * ({@code ballast.launcher.jar}, {@code ballast.launcher.classpath}, {@code ballast.jvm.opens}).
   */
  public static BallastCli fromSystemProperties(Path workDir, Duration timeout) {
    List<String> flags = new ArrayList<>(List.of("-Xmx2g", "-XX:+UseParallelGC"));
    flags.addAll(Arrays.asList(jvmFlagsForChildren().split("\\s+")));
    // Any lookup of EC2 instance metadata goes to a closed loopback port, never 169.254.169.254.
    flags.add("-Dcom.amazonaws.sdk.ec2MetadataServiceEndpointOverride=http://127.0.0.1:9");
    return new BallastCli(
        Path.of(required("ballast.launcher.jar")),
        Path.of(required("ballast.launcher.classpath")),
        flags,
        workDir,
        timeout);
  }

  /**
   * Runs {@code ballast args...} with the given environment and waits for it (up to the timeout).
   */
  public Result run(Map<String, String> env, String... args) {
    return start(env, args).await();
  }

  /** Starts {@code ballast args...} without waiting: to kill it, or to run others alongside. */
  public Running start(Map<String, String> env, String... args) {
    int n = runs.incrementAndGet();
    String name = String.format("run-%02d-%s", n, args.length == 0 ? "none" : args[0]);
    Path out = workDir.resolve(name + ".out");
    Path err = workDir.resolve(name + ".err");
    ProcessBuilder pb = builder(out, err, env, args);
    List<String> command = pb.command();
    try {
      return new Running(List.of(args), pb.start(), out, err, System.nanoTime());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  /** A started CLI process and its log files. */
  public final class Running {
    private final List<String> args;
    private final Process process;
    private final Path out;
    private final Path err;
    private final long started;

    private Running(List<String> args, Process process, Path out, Path err, long started) {
      this.args = args;
      this.process = process;
      this.out = out;
      this.err = err;
      this.started = started;
    }

    public Process process() {
      return process;
    }

    /** What the process wrote to stdout so far. */
    public String stdoutSoFar() {
      return ProcessLogs.read(out);
    }

    /** What the process wrote to stdout and stderr so far. */
    public String outputSoFar() {
      return ProcessLogs.read(out) + ProcessLogs.read(err);
    }

    /** Kills the JVM with SIGKILL (no shutdown hooks, no cleanup) and waits for it to go. */
    public void kill() {
      process.destroyForcibly();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          throw new AssertionError("ballast " + shown(args) + " survived SIGKILL for 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while killing ballast", e);
      }
    }

    /** Waits for the process (up to the CLI's timeout) and returns what it did. */
    public Result await() {
      try {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
          throw new AssertionError(
              "ballast "
                  + shown(args)
                  + " did not finish within "
                  + timeout.toSeconds()
                  + " s; stderr tail:\n"
                  + ProcessLogs.tail(err, 30));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
            "ballast %s -> exit %d in %.1f s%n", shown(args), process.exitValue(), seconds);
        return new Result(
            args, process.exitValue(), ProcessLogs.read(out), ProcessLogs.read(err), seconds);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while running ballast", e);
      } finally {
        if (process.isAlive()) {
          process.destroyForcibly();
          try {
            process.waitFor(15, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }
  }

  /** A process that keeps running (a server): its handle and where its output goes. */
  public record Background(Process process, Path stdout, Path stderr) {}

  /** Starts {@code ballast args...} without waiting; the caller stops it. */
  public Background background(Map<String, String> env, String... args) {
    int n = runs.incrementAndGet();
    String name = String.format("run-%02d-%s", n, args.length == 0 ? "none" : args[0]);
    Path out = workDir.resolve(name + ".out");
    Path err = workDir.resolve(name + ".err");
    try {
      return new Background(builder(out, err, env, args).start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start ballast " + shown(List.of(args)), e);
    }
  }

  private ProcessBuilder builder(Path out, Path err, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(S3ProxyServer.javaExecutable());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(jar + java.io.File.pathSeparator + classPath);
    command.add("io.ballast.jobs.Ballast");
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> childEnv = pb.environment();
    childEnv.clear();
    for (String k : INHERITED_ENV) {
      String v = System.getenv(k);
      if (v != null) {
        childEnv.put(k, v);
      }
    }
    childEnv.put("SPARK_LOCAL_IP", "127.0.0.1");
    childEnv.put("AWS_EC2_METADATA_DISABLED", "true");
    childEnv.putAll(env);
    return pb;
  }

  /** The arguments up to the common {@code --lakehouse ... --conf ...} tail, for messages. */
  static String shown(List<String> args) {
    int tail = args.indexOf("--lakehouse");
    return String.join(" ", tail < 0 ? args : args.subList(0, tail));
  }

  /**
   * The flags every JVM an IT starts gets: Spark's Java 17 opens ({@code ballast.jvm.opens}) and
   * the test-sized ones ({@code ballast.child.jvm.flags}, e.g. C1 only for short-lived processes).
   */
  public static String jvmFlagsForChildren() {
    return (required("ballast.jvm.opens") + " " + System.getProperty("ballast.child.jvm.flags", ""))
        .trim();
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + " is not set; run the IT through mvn verify");
    }
    return v;
  }
}
