package io.ballast.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tutorial ("Your own table"), command by command in one JVM: a CSV of shop orders
 * (478 rows over 8 days, {@code src/test/resources/onboard/shop_orders.csv}) to scored predictions
 * and a report. Then the refusals of {@code source add} and derived keys and times in {@code
 * validate}.
 */
class OnboardingTutorialTest {
  static Path csv;
  static List<String> timings = new ArrayList<>();

  @BeforeAll
  static void lakehouse() throws Exception {
    BallastCliTest.lakehouse = TestSpark.lakehouse().root();
    csv = Path.of(OnboardingTutorialTest.class.getResource("/onboard/shop_orders.csv").toURI());
  }

  static BallastCliTest.Run step(String... args) {
    long t0 = System.nanoTime();
    BallastCliTest.Run r = BallastCliTest.run(args);
    timings.add(
        String.format("%.1f s  %s", (System.nanoTime() - t0) / 1e9, String.join(" ", args)));
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err() + r.out()).isZero();
    return r;
  }

  @Test
  void aCsvOfOrdersToScoredPredictionsAndAReport(@TempDir Path dir) throws Exception {
    Path def = dir.resolve("shop_orders.yaml");
    try {
      BallastCliTest.Run add =
          step(
              "source", "add", "shop_orders", "--from", csv.toString(), "--event-time", "order_ts");
      assertThat(add.out())
          .contains("(csv), 478 rows, 8 day(s) 2026-03-01 .. 2026-03-08")
          .contains("  order_ts timestamp", "  ds string")
          .contains("written: ballast.shop_orders version 0")
          .contains("shop_orders: {table: ballast.shop_orders, event_time: order_ts,");

      BallastCliTest.Run init =
          step(
              "init",
              "--from-table",
              "shop_orders",
              "--entity",
              "shopper_id",
              "--event-time",
              "order_ts",
              "--label",
              "returned",
              "--out",
              def.toString());
      assertThat(init.out()).contains("wrote " + def, "model shop_orders_model");
      String yaml = Files.readString(def);
      timings.add("drafted definition:\n" + yaml);
      assertThat(yaml)
          .contains("event_key: order_id")
          .contains("- {name: amount_avg_3d, agg: avg, of: amount, window: 3d}")
          .contains("- {name: channel, expr: channel}")
          .contains("categorical: [channel]")
          .contains("column: returned")
          .doesNotContain("name: returned,");

      BallastCliTest.Run validate = step("validate", "--pipeline", def.toString());
      assertThat(validate.out())
          .contains("OK: shop_orders matches the lakehouse")
          .doesNotContain("ERROR");

      String f = def.toString();
      step(
          "features",
          "build",
          "--pipeline",
          f,
          "--from",
          "2026-03-01",
          "--to",
          "2026-03-08",
          "--allow-partial-windows");
      step(
          "quality",
          "check",
          "--pipeline",
          f,
          "--table",
          "shop_orders",
          "--from",
          "2026-03-01",
          "--to",
          "2026-03-08");
      step("train", "--pipeline", f, "--as-of", "2026-03-08");
      step("model", "validate", "--pipeline", f);
      BallastCliTest.Run promote = step("model", "promote", "--pipeline", f);
      assertThat(promote.out()).contains("champion");
      step("score", "--pipeline", f, "--date", "2026-03-08");
      Path report = dir.resolve("report.html");
      step("report", "--out", report.toString());

      List<Row> scored =
          TestSpark.spark()
              .sql(
                  "SELECT count(*), count(DISTINCT order_id), min(score), max(score)"
                      + " FROM ballast.shop_orders_predictions WHERE ds = '2026-03-08'")
              .collectAsList();
      long orders =
          TestSpark.spark()
              .sql("SELECT * FROM ballast.shop_orders WHERE ds = '2026-03-08'")
              .count();
      assertThat(scored.get(0).getLong(0)).isEqualTo(orders).isPositive();
      assertThat(scored.get(0).getLong(1)).isEqualTo(orders);
      assertThat(scored.get(0).getDouble(2)).isBetween(0.0, 1.0);
      assertThat(scored.get(0).getDouble(3))
          .isBetween(0.0, 1.0)
          .isGreaterThan(scored.get(0).getDouble(2));
      assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("shop_orders");
    } finally {
      timings.forEach(System.out::println);
    }
  }

  @Test
  void sourceAddRefusesWithAFixAndWritesNothing(@TempDir Path dir) throws Exception {
    Path text = dir.resolve("bad_times.csv");
    Files.writeString(text, "id,at\n1,2026-03-01 10:00:00\n2,yesterday\n");
    String[][] cases = {
      {
        "--event-time",
        "when",
        "--event-time when is not a column of it. Name one of its columns (order_id, shopper_id, order_ts, amount, items, channel, returned)"
      },
      {
        "--event-time",
        "amount",
        "--event-time amount is double, not a time. Name a timestamp, date or"
      },
    };
    for (String[] c : cases) {
      BallastCliTest.Run r =
          BallastCliTest.run("source", "add", "refused", "--from", csv.toString(), c[0], c[1]);
      assertThat(r.code()).as(r.out()).isEqualTo(2);
      assertThat(r.err()).contains("Cannot add source refused: " + c[2]);
    }
    BallastCliTest.Run times =
        BallastCliTest.run(
            "source", "add", "refused", "--from", text.toString(), "--event-time", "at");
    assertThat(times.code()).isEqualTo(2);
    assertThat(times.err())
        .contains(
            "Cannot add source refused: 1 value(s) of --event-time at are not times (e.g. 'yesterday')");
    BallastCliTest.Run missing =
        BallastCliTest.run(
            "source",
            "add",
            "refused",
            "--from",
            dir.resolve("nope.csv").toString(),
            "--event-time",
            "at");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err())
        .contains("no such file, folder or catalog table. Give an existing path");
    BallastCliTest.Run jdbc =
        BallastCliTest.run(
            "source",
            "add",
            "refused",
            "--from",
            "jdbc:postgresql://127.0.0.1:1/shop?password=s3cret",
            "--jdbc-table",
            "orders",
            "--event-time",
            "at");
    assertThat(jdbc.code()).isEqualTo(2);
    assertThat(jdbc.err())
        .contains("no JDBC driver on the class path accepts this URL")
        .contains("BALLAST_CLASSPATH=DRIVER.jar")
        .contains("password=***")
        .doesNotContain("s3cret");
    BallastCliTest.Run own =
        BallastCliTest.run(
            "source", "add", "drift", "--from", csv.toString(), "--event-time", "order_ts");
    assertThat(own.code()).isEqualTo(2);
    assertThat(own.err()).contains("Ballast writes a table of that name itself");
    assertThat(TestSpark.tables().exists("refused")).isFalse();
  }
}
