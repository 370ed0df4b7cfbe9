package io.ballast.jobs.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on loopback made of separate JVMs: one master and two workers (2
 * cores, 1 GiB each), started from the Spark jars Maven resolved, no downloaded distribution.
 * Workers build executor command lines from {@code $SPARK_HOME/jars/*}, so the cluster gets a
 * SPARK_HOME under {@code target/} whose {@code jars/} holds links to the resolved Spark, Hadoop
 * and hadoop-aws jars: what a Spark distribution (plus hadoop-aws) holds, and nothing of Ballast's
 * own (Delta, Deequ, XGBoost, picocli, YAML, the Ballast modules): those must come from the
 * submitted jar, as on a real cluster. Applications are submitted with Spark's own {@code
 * SparkSubmit} main class in client mode. Close it to stop every process.
 */
final class SparkCluster implements AutoCloseable {
  /** Jars a Spark distribution does not have: the application jar must bring them. */
  private static final Pattern APPLICATION_JARS =
      Pattern.compile(
          "(ballast-[a-z]+|delta-spark_[0-9.]+|delta-storage|deequ|xgboost4j(-spark)?_[0-9.]+"
              + "|picocli|snakeyaml|jackson-dataformat-yaml)-[0-9][^/]*\\.jar");

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /**
   * Cores a worker offers: two, so that two applications (each capped at one core per worker by
   * {@code spark.cores.max=2}) run at once, each with an executor on both workers.
   */
  static final int CORES_PER_WORKER = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path sparkHome;
  private final Path logs;
  private final List<String> jvmFlags;
  private final int masterPort;
  private final int masterUiPort;
  private final List<Path> workerDirs = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger submits =
      new java.util.concurrent.atomic.AtomicInteger(1);

  private SparkCluster(Path sparkHome, Path logs, List<String> jvmFlags) {
    this.sparkHome = sparkHome;
    this.logs = logs;
    this.jvmFlags = jvmFlags;
    this.masterPort = freeLoopbackPort();
    this.masterUiPort = freeLoopbackPort();
  }

  /**
   * Starts a master and {@code workers} workers; returns once the master lists them all alive.
   *
   * @param classPathFile the launcher's class path ({@code jobs/target/classpath.txt}: compile and
   *     provided scope, so Spark and Hadoop included)
   */
  static SparkCluster start(Path classPathFile, Path work, Path logs, int workers, String opens)
      throws IOException {
    Path home = fakeSparkHome(classPathFile, work.resolve("spark-home"));
    List<String> flags = new ArrayList<>(Arrays.asList(opens.trim().split("\\s+")));
    SparkCluster c = new SparkCluster(home, Files.createDirectories(logs), flags);
    try {
      c.launch(
          "master",
          List.of(
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(c.masterPort),
              "--webui-port",
              String.valueOf(c.masterUiPort)));
      for (int i = 1; i <= workers; i++) {
        Path dir = Files.createDirectories(work.resolve("worker-" + i));
        c.workerDirs.add(dir);
        c.launch(
            "worker-" + i,
            List.of(
                "org.apache.spark.deploy.worker.Worker",
                c.masterUrl(),
                "--host",
                "127.0.0.1",
                "--cores",
                String.valueOf(CORES_PER_WORKER),
                "--memory",
                "1g",
                "--webui-port",
                "0",
                "--work-dir",
                dir.toString()));
      }
      c.awaitWorkers(workers);
      return c;
    } catch (RuntimeException | IOException e) {
      c.close();
      throw e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The master's state as its web UI serves it ({@code /json/}). */
  JsonNode masterState() {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code spark-submit --class io.ballast.jobs.Ballast <jar> args...} in client mode, the way
   * {@code bin/spark-submit} does (its main class, {@code SparkSubmit}, in a JVM on the cluster
   * class path), with the given extra {@code --conf} settings and environment.
   */
  Submitted submit(
      Path jar, List<String> sparkConf, Map<String, String> env, Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(S3ProxyServer.javaExecutable());
    command.add("-Xmx1g");
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", classPath(), "org.apache.spark.deploy.SparkSubmit"));
    command.addAll(List.of("--master", masterUrl(), "--deploy-mode", "client"));
    command.addAll(List.of("--class", "io.ballast.jobs.Ballast"));
    List<String> conf = new ArrayList<>();
    conf.add("spark.executor.memory=512m");
    conf.add("spark.executor.cores=1");
    // One core on each worker (the master spreads an application's cores over the workers), so
    // a second application finds the other core of each free.
    conf.add("spark.cores.max=2");
    // Spark refuses Spark settings (-Dspark.*) in an executor's Java options; the SQL ones reach
    // executors with the driver's session conf anyway.
    conf.add(
        "spark.executor.extraJavaOptions="
            + String.join(" ", jvmFlags.stream().filter(f -> !f.startsWith("-Dspark.")).toList()));
    conf.add("spark.driver.host=127.0.0.1");
    conf.add("spark.driver.bindAddress=127.0.0.1");
    conf.add("spark.ui.enabled=false");
    // Sized for this two-core cluster, as its user would: Delta's default of 50 tasks to rebuild
    // a table's snapshot state costs ~10 s per table read on two single-core executors.
    conf.add("spark.sql.shuffle.partitions=4");
    conf.add("spark.databricks.delta.snapshotPartitions=2");
    // Schedule only once both executors are up, so that both take part in every application.
    conf.add("spark.scheduler.minRegisteredResourcesRatio=1.0");
    conf.add("spark.scheduler.maxRegisteredResourcesWaitingTime=180s");
    conf.addAll(sparkConf);
    for (String c : conf) {
      command.add("--conf");
      command.add(c);
    }
    command.add(jar.toString());
    command.addAll(Arrays.asList(args));

    String name =
        String.format(
            "submit-%02d-%s", submits.getAndIncrement(), args.length == 0 ? "none" : args[0]);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    environment(pb, env);
    long t0 = System.nanoTime();
    try {
      Process p = pb.start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(15, TimeUnit.SECONDS);
        throw new AssertionError(
            "spark-submit "
                + BallastCli.shown(List.of(args))
                + " did not finish within "
                + timeout.toSeconds()
                + " s; stderr tail:\n"
                + ProcessLogs.tail(err, 40));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "spark-submit %s -> exit %d in %.1f s%n",
          BallastCli.shown(List.of(args)), p.exitValue(), seconds);
      BallastCli.Result r =
          new BallastCli.Result(
              List.of(args), p.exitValue(), ProcessLogs.read(out), ProcessLogs.read(err), seconds);
      return new Submitted(r, applicationId(r.stderr()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A finished submission and the application id the master gave it. */
  record Submitted(BallastCli.Result result, String appId) {}

  /**
   * Tasks each worker's executors finished for an application, counted from the executors' own logs
   * in the worker's work directory ({@code <work-dir>/<app-id>/<executor-id>/stderr}).
   */
  List<Integer> finishedTasksPerWorker(String appId) throws IOException {
    List<Integer> out = new ArrayList<>();
    for (Path dir : workerDirs) {
      int n = 0;
      Path app = dir.resolve(appId);
      if (Files.isDirectory(app)) {
        try (Stream<Path> files = Files.walk(app)) {
          for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
            n += (int) ProcessLogs.read(f).lines().filter(l -> l.contains("Finished task")).count();
          }
        }
      }
      out.add(n);
    }
    return out;
  }

  /** Lines of the application's executor logs that report a failed task or an uncaught error. */
  List<String> executorErrors(String appId) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path dir : workerDirs) {
      Path app = dir.resolve(appId);
      if (!Files.isDirectory(app)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(app)) {
        for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
          ProcessLogs.read(f)
              .lines()
              .filter(l -> l.contains(" ERROR ") && !shutdownSignal(l))
              .forEach(out::add);
        }
      }
    }
    return out;
  }

  /**
   * The executor's own report of the worker stopping it when the application ends ("RECEIVED SIGNAL
   * TERM"), possibly cut short because the log is read while that line is being written.
   */
  static boolean shutdownSignal(String line) {
    String logger = "CoarseGrainedExecutorBackend: ";
    int i = line.indexOf(logger);
    return i >= 0 && "RECEIVED SIGNAL TERM".startsWith(line.substring(i + logger.length()).trim());
  }

  private static String applicationId(String driverLog) {
    Matcher m = Pattern.compile("app ID (app-[0-9]+-[0-9]+)").matcher(driverLog);
    return m.find() ? m.group(1) : "(no application id in the driver log)";
  }

  private void launch(String name, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(S3ProxyServer.javaExecutable());
    command.add("-Xmx256m");
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", classPath()));
    command.addAll(mainAndArgs);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".log").toFile());
    environment(pb, Map.of());
    processes.add(pb.start());
  }

  private void environment(ProcessBuilder pb, Map<String, String> extra) {
    Map<String, String> env = pb.environment();
    env.clear();
    for (String k : List.of("PATH", "HOME", "USER", "LANG", "TMPDIR")) {
      String v = System.getenv(k);
      if (v != null) {
        env.put(k, v);
      }
    }
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.putAll(extra);
  }

  private String classPath() {
    return sparkHome.resolve("conf")
        + java.io.File.pathSeparator
        + sparkHome.resolve("jars")
        + "/*";
  }

  private void awaitWorkers(int workers) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    String last = "no answer yet";
    while (Instant.now().isBefore(deadline)) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "a cluster process exited with code " + p.exitValue() + "; logs in " + logs);
        }
      }
      try {
        JsonNode state = masterState();
        last = state.toString();
        if (state.path("aliveworkers").asInt() == workers) {
          return;
        }
      } catch (RuntimeException notYet) {
        last = String.valueOf(notYet.getMessage());
      }
      SparkCluster.pause();
    }
    throw new IllegalStateException(
        "the master did not list "
            + workers
            + " alive workers within "
            + START_TIMEOUT.toSeconds()
            + " s (last answer: "
            + last
            + "); logs in "
            + logs);
  }

  private static void pause() {
    S3ProxyServer.pause(Duration.ofSeconds(1));
  }

  /** Links every Spark-distribution jar of the class path into {@code home/jars}. */
  static Path fakeSparkHome(Path classPathFile, Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    try (Stream<Path> old = Files.list(jars)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    for (String entry : Files.readString(classPathFile).trim().split(java.io.File.pathSeparator)) {
      Path jar = Path.of(entry);
      String file = jar.getFileName().toString();
      if (file.endsWith(".jar") && !APPLICATION_JARS.matcher(file).matches()) {
        Files.createSymbolicLink(jars.resolve(file), jar.toAbsolutePath());
      }
    }
    return home;
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }
}
