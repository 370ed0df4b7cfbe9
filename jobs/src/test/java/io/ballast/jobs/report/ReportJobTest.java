package io.ballast.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.TestSpark;
import io.ballast.features.lakehouse.Lakehouse;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.jobs.it.NotebooksIT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitoring report over a small fixture history in its own lakehouse (2026-10-01 ..
 * 2026-10-10), checked as text and in headless Chromium. The screenshot is kept as
 * target/report-artifacts/report.png.
 */
class ReportJobTest {
  static final Path ARTIFACTS = Path.of("target", "report-artifacts").toAbsolutePath();
  static LakehouseTables tables;
  static ReportJob.Result result;
  static String html;

  @BeforeAll
  static void writeReport() throws IOException {
    Files.createDirectories(ARTIFACTS);
    Path root = Files.createTempDirectory("ballast-report-lakehouse");
    tables = new LakehouseTables(TestSpark.spark(), Lakehouse.at(root.toString()));
    ReportFixtures.writeAll(tables);
    result = ReportJob.run(tables, ReportJob.Params.defaults(ARTIFACTS.resolve("report.html")));
    html = Files.readString(Path.of(result.path()), StandardCharsets.UTF_8);
  }

  @Test
  void everySectionHasDataAndTheChartsThatShowIt() {
    assertThat(result.sectionsWithData())
        .containsExactly("Drift", "Data quality", "Model metrics", "Predictions", "Model aliases");
    assertThat(chartNames(html))
        .containsExactly(
            "drift-customer_features",
            "drift-share",
            "attribution-card_fraud_predictions",
            "quality-rows",
            "quality-completeness",
            "model-slices",
            "model-live",
            "predictions-volume-card_fraud_predictions",
            "predictions-scores-card_fraud_predictions");
    // The heatmap: 4 features x 10 days of psi, the injected shift's first day marked, the
    // drifted cells (amount from 10-07: 4 days) outlined.
    String heatmap = chart(html, "drift-customer_features");
    assertThat(count(heatmap, "<rect x=")).isGreaterThanOrEqualTo(40);
    assertThat(heatmap).contains("distribution_shift").contains("class=\"mark\"");
    assertThat(count(heatmap, "stroke=\"#000\"")).isEqualTo(4);
    assertThat(heatmap).contains("amount @ 2026-10-07: 0.6 (drifted)");
    // Attribution shares of the explained predictions: amount and channel moved on 10-07..10-10
    // (8 flagged points ringed), n_txn_24h did not; the baseline share beside the last day's.
    String attribution = chart(html, "attribution-card_fraud_predictions");
    assertThat(count(attribution, "class=\"mark\"")).isEqualTo(8);
    assertThat(attribution).contains("amount @ 2026-10-07: share moved by 0.2");
    assertThat(html)
        .contains("<td>amount</td><td>0.5</td><td>0.7 (2026-10-10)</td><td>4</td>")
        .contains("<td>n_txn_24h</td><td>0.2</td><td>0.2 (2026-10-10)</td><td>0</td>");
    // Quality: the failed check and the anomaly ringed on their days.
    String rows = chart(html, "quality-rows");
    assertThat(rows).contains("failed complete_amount").contains("anomaly anomaly_Size");
    assertThat(count(rows, "class=\"mark\"")).isEqualTo(2);
    // Model metrics by version and slice; aliases; text is escaped.
    assertThat(chart(html, "model-slices")).contains("fraud_model v2").contains("channel = online");
    // Live days against the version's value at training (its test window: 0.85).
    assertThat(chart(html, "model-live")).contains("fraud_model v1 at training");
    assertThat(html)
        .contains("<td>champion</td><td>1</td>")
        .contains("<td>challenger</td><td>2</td>");
    assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void theReportIsSelfContained() {
    Matcher m = Pattern.compile("(?:src|href)=\"([^\"#][^\"]*)\"").matcher(html);
    assertThat(m.find()).as("external reference").isFalse();
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http");
  }

  @Test
  void sectionsWithoutTablesSayWhichCommandFillsThem() throws IOException {
    Path empty = Files.createTempDirectory("ballast-report-empty");
    LakehouseTables none = new LakehouseTables(TestSpark.spark(), Lakehouse.at(empty.toString()));
    ReportJob.Result r = ReportJob.run(none, ReportJob.Params.defaults(empty.resolve("r.html")));
    String page = Files.readString(empty.resolve("r.html"), StandardCharsets.UTF_8);
    assertThat(r.sectionsWithData()).isEmpty();
    assertThat(page)
        .contains("No drift results yet: run <code>ballast drift features")
        .contains("No quality results yet")
        .contains("No model metrics yet: run <code>ballast model validate")
        .contains("No predictions yet: run <code>ballast score")
        .contains("No model aliases yet");
    assertThat(chartNames(page)).isEmpty();
  }

  @Test
  void chromiumRendersEveryChartWithoutErrorsAndKeepsAScreenshot() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require();
    Path work = Files.createTempDirectory("ballast-report-browser");
    Path page = Path.of(result.path());
    HeadlessChromium.Probe probe = chromium.probe(page, work);

    assertThat(probe.errors()).isEmpty();
    assertThat(probe.consoleLines()).isEmpty();
    assertThat(probe.charts()).hasSize(chartNames(html).size());
    for (String line : probe.charts()) {
      // name elements WxH shapes
      String[] f = line.split(" ");
      String[] size = f[2].split("x");
      assertThat(Integer.parseInt(f[1])).as(line).isGreaterThan(10);
      assertThat(Integer.parseInt(size[0])).as(line).isGreaterThan(300);
      assertThat(Integer.parseInt(size[1])).as(line).isGreaterThan(100);
      assertThat(Integer.parseInt(f[3])).as(line).isGreaterThan(2);
    }
    Path png = ARTIFACTS.resolve("report.png");
    chromium.screenshot(page, png, 1200, 4200, work);
    assertThat(Files.size(png)).isGreaterThan(50_000);
  }

  /**
   * The notebook statements over tables other branches are still building run here against the
   * fixtures, which follow the agreed schemas (NotebooksIT runs the rest on a demo lakehouse).
   */
  @Test
  void notebookStatementsOverMonitoringTablesRunOnTheFixtures() throws IOException {
    // The tables the fixtures write in the agreed schemas: statements over them run here as well
    // as on the demo lakehouse (NotebooksIT), so a fixture that drifts from the real schema shows.
    java.util.Set<String> monitoring =
        java.util.Set.of("card_fraud_predictions", "drift", "drift_summary", "model_metrics");
    Path root = Path.of(java.net.URI.create(tables.lakehouse().root()));
    int ran = 0;
    for (Path nb : NotebooksIT.notebooks()) {
      for (NotebooksIT.Statement s : NotebooksIT.statements(nb)) {
        Matcher m = NotebooksIT.TABLE_REF.matcher(s.sql());
        boolean pending = false;
        while (m.find()) {
          pending |= monitoring.contains(m.group(1));
        }
        if (pending) {
          try {
            TestSpark.spark().sql(NotebooksIT.byPath(s.sql(), root)).limit(20).collectAsList();
          } catch (Exception e) {
            throw new AssertionError(s.where() + " fails on the fixtures: " + e.getMessage(), e);
          }
          ran++;
        }
      }
    }
    assertThat(ran).isGreaterThanOrEqualTo(8);
  }

  static List<String> chartNames(String page) {
    Matcher m = Pattern.compile("data-chart=\"([^\"]+)\"").matcher(page);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static String chart(String page, String name) {
    int start = page.indexOf("data-chart=\"" + name + "\"");
    assertThat(start).as("chart " + name).isPositive();
    return page.substring(start, page.indexOf("</svg>", start));
  }

  static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
