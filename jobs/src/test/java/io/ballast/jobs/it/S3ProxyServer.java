package io.ballast.jobs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An s3proxy server on a free loopback port, run as its own process (in the test JVM its
 * dependencies clash with Spark's), storing buckets as folders of a local directory. Close it to
 * stop the process.
 */
public final class S3ProxyServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /**
   * A Spark setting for the ITs that save Spark ML models on this server. Hadoop's file output
   * committer deletes its {@code _temporary} folder after every save; s3proxy's filesystem backend
   * takes ~10 s to serve that recursive delete (5 of 6 stack samples of a model save on it sat in
   * that delete), which made a 10-tree model's save ~2 minutes. The folder is left instead: every
   * reader skips names starting with {@code _}.
   */
  public static final String SKIP_COMMITTER_CLEANUP =
      "spark.hadoop.mapreduce.fileoutputcommitter.cleanup.skipped=true";

  private final Process process;
  private final int port;
  private final Path log;
  private final Path data;

  private S3ProxyServer(Process process, int port, Path log, Path data) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.data = data;
  }

  /**
   * Starts s3proxy from {@code jar} with one bucket, accepting only the given identity and
   * credential (AWS signature v2 or v4). Data goes under {@code workDir/data}, the server's output
   * to {@code log}. Returns once the port accepts connections.
   */
  public static S3ProxyServer start(
      Path jar, Path workDir, Path log, String bucket, String identity, String credential)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "s3proxy jar not found at " + jar + "; run the IT through Maven (mvn verify)");
    }
    int port = freeLoopbackPort();
    Path data = Files.createDirectories(workDir.resolve("data"));
    // The filesystem backend keeps a bucket as a folder of basedir.
    Files.createDirectories(data.resolve(bucket));
    Path conf = workDir.resolve("s3proxy.conf");
    Files.write(
        conf,
        List.of(
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + identity,
            "s3proxy.credential=" + credential,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data.toAbsolutePath()));
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process p =
        new ProcessBuilder(
                javaExecutable(),
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "--properties",
                conf.toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(p, port, log, data);
    try {
      server.awaitPort();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The endpoint URL to give S3 clients, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  /** Every object of the bucket (a file under its folder) with its size, by key. */
  public SortedMap<String, Long> objects(String bucket) throws IOException {
    Path dir = data.resolve(bucket);
    SortedMap<String, Long> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(f).toString(), Files.size(f));
      }
    }
    return out;
  }

  private void awaitPort() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "s3proxy exited with code "
                + process.exitValue()
                + " before listening; its log:\n"
                + logTail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return;
      } catch (IOException notYet) {
        pause(Duration.ofMillis(200));
      }
    }
    throw new IllegalStateException(
        "s3proxy did not listen on 127.0.0.1:"
            + port
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s; its log:\n"
            + logTail());
  }

  /** The last lines of the server's log, for failure messages. */
  public String logTail() {
    return ProcessLogs.tail(log, 40);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
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
