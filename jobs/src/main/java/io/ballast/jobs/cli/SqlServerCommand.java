package io.ballast.jobs.cli;

import io.ballast.features.lakehouse.LakehouseTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ballast sql-server}: Spark's Thrift JDBC/ODBC server (HiveServer2 protocol) over this
 * process's SparkSession, so JDBC clients (Hive JDBC, beeline, DBeaver, BI tools) query the {@code
 * ballast} catalog: {@code SELECT ... FROM ballast.transactions}. Runs until stopped (Ctrl-C or
 * SIGTERM).
 */
@Command(
    name = "sql-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the lakehouse catalog to JDBC clients: Spark's Thrift server (HiveServer2"
          + " protocol; URL jdbc:hive2://HOST:PORT/, driver org.apache.hive:hive-jdbc) over one"
          + " SparkSession with the ballast catalog. Query tables as ballast.<name>, e.g."
          + " SELECT count(*) FROM ballast.transactions. Runs until stopped (Ctrl-C).",
      "No authentication: it binds to 127.0.0.1 unless --host says otherwise."
    })
final class SqlServerCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "10000",
      description = "TCP port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    checkPortFree(host, port);
    // HiveServer2 reads its transport settings from HiveConf, which starts from system properties.
    System.setProperty("hive.server2.thrift.port", String.valueOf(port));
    System.setProperty("hive.server2.thrift.bind.host", host);
    System.setProperty("hive.server2.transport.mode", "binary");
    LakehouseTables tables = root.context().tables();
    tables.checkReachable();
    Instant t0 = Instant.now();
    HiveThriftServer2 server = HiveThriftServer2.startWithContext(tables.spark().sqlContext());
    awaitListening(host, port, Duration.ofSeconds(120));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "SQL server listening on jdbc:hive2://%s:%d/ (lakehouse %s, started in %.1f s)."
            + " Query tables as ballast.<name>. Stop with Ctrl-C.%n",
        host, port, tables.lakehouse(), Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  stopped.countDown();
                },
                "ballast-sql-server-stop"));
    stopped.await();
    return Exits.OK;
  }

  private static void checkPortFree(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw CliErrors.sqlServerPortInUse(port, e);
    }
  }

  private static void awaitListening(String host, int port, Duration timeout)
      throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    String connectTo = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
    while (Instant.now().isBefore(end)) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(connectTo, port), 1000);
        return;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(
        "the Thrift server did not listen on " + host + ":" + port + " within " + timeout);
  }
}
