package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ballast sql-server} as its own process over the demo lakehouse, queried with the Hive JDBC
 * driver ({@code org.apache.hive:hive-jdbc}) like any JDBC client, then stopped with SIGTERM.
 */
class SqlServerIT {
  @Test
  void jdbcClientsQueryTheBallastCatalogThroughTheThriftServer() throws Exception {
    Path lakehouse = DemoLakehouse.get();
    Path logs = Path.of(System.getProperty("ballast.it.logs", "target/it-logs"), "SqlServerIT");
    BallastCli cli = BallastCli.fromSystemProperties(logs, Duration.ofMinutes(5));
    int port = freePort();
    BallastCli.Background server =
        cli.background(
            Map.of(),
            "sql-server",
            "--port",
            String.valueOf(port),
            "--lakehouse",
            lakehouse.toString());
    try {
      awaitLine(
          server, "SQL server listening on jdbc:hive2://127.0.0.1:" + port, Duration.ofMinutes(5));
      Class.forName("org.apache.hive.jdbc.HiveDriver");
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:hive2://127.0.0.1:" + port + "/default", "ballast", "");
          Statement st = c.createStatement()) {
        Map<String, Long> perDay = new LinkedHashMap<>();
        try (ResultSet rs =
            st.executeQuery(
                "SELECT ds, count(*) AS n FROM ballast.transactions GROUP BY ds ORDER BY ds")) {
          while (rs.next()) {
            perDay.put(rs.getString("ds"), rs.getLong("n"));
          }
        }
        // The same counts read straight from the table's files, without the server.
        Map<String, Long> direct = new LinkedHashMap<>();
        TestSpark.spark()
            .read()
            .format("delta")
            .load(lakehouse.resolve("tables/transactions").toString())
            .groupBy("ds")
            .count()
            .orderBy("ds")
            .collectAsList()
            .forEach(r -> direct.put(String.valueOf(r.get(0)), r.getLong(1)));
        assertThat(perDay).hasSize(54).isEqualTo(direct); // 40 warm-up days, then 14 demo days
        assertThat(perDay.keySet()).endsWith("2026-01-14");

        // Column comments from the catalog reach JDBC clients.
        Map<String, String> comments = new LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery("DESCRIBE TABLE ballast.transactions")) {
          while (rs.next()) {
            comments.put(rs.getString(1), rs.getString(3));
          }
        }
        assertThat(comments).containsEntry("amount", "Payment amount");

        // A join across two Ballast tables, as a BI tool would send it. The demo registers its
        // first model as challenger and a retrain registers the next one as challenger again, so
        // the challenger is the newest version.
        long newest;
        try (ResultSet rs =
            st.executeQuery(
                "SELECT max(version) FROM ballast.model_versions WHERE model_name = 'fraud_model'")) {
          assertThat(rs.next()).isTrue();
          newest = rs.getLong(1);
        }
        assertThat(newest).isPositive();
        Map<String, Long> aliases = new LinkedHashMap<>();
        try (ResultSet rs =
            st.executeQuery(
                "SELECT a.alias, v.version FROM ballast.model_aliases a JOIN"
                    + " ballast.model_versions v ON a.model_name = v.model_name AND a.version ="
                    + " v.version WHERE a.model_name = 'fraud_model'")) {
          while (rs.next()) {
            aliases.put(rs.getString(1), rs.getLong(2));
          }
        }
        assertThat(aliases).containsEntry("challenger", newest);
      }
    } finally {
      server.process().destroy();
      boolean stopped = server.process().waitFor(60, TimeUnit.SECONDS);
      if (!stopped) {
        server.process().destroyForcibly();
      }
      assertThat(stopped).as("the server stops on SIGTERM").isTrue();
    }
  }

  private static void awaitLine(BallastCli.Background p, String line, Duration timeout)
      throws IOException, InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (Files.exists(p.stdout()) && Files.readString(p.stdout()).contains(line)) {
        return;
      }
      if (!p.process().isAlive()) {
        throw new AssertionError(
            "sql-server exited with "
                + p.process().exitValue()
                + ":\n"
                + ProcessLogs.tail(p.stderr(), 40));
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "sql-server did not start within " + timeout + ":\n" + ProcessLogs.tail(p.stderr(), 40));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
