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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

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
        .containsExactly(
            "Drift", "Data quality", "Model metrics", "Validation and promotion", "Predictions");
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
    // drifted cells (amount from 10-07: 4 days) outlined, values printed in the cells.
    String heatmap = chart(html, "drift-customer_features");
    assertThat(count(heatmap, "<rect x=")).isGreaterThanOrEqualTo(40);
    assertThat(heatmap).contains("distribution_shift").contains("class=\"mark\"");
    assertThat(count(heatmap, "stroke=\"#000\"")).isEqualTo(4);
    assertThat(heatmap).contains("amount @ 2026-10-07: 0.6 (drifted)");
    assertThat(count(heatmap, "fill=\"#fff\">0.6</text>")).isEqualTo(4);
    assertThat(count(heatmap, ">0.02</text>")).isEqualTo(6 * 4);
    // Shares stay on [0, 1] and every axis is on round ticks.
    assertThat(tickLabels(chart(html, "drift-share")))
        .containsExactly(0.0, 0.05, 0.1, 0.15, 0.2, 0.25);
    assertThat(tickLabels(chart(html, "quality-completeness")))
        .allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(1.0))
        .contains(1.0);
    // Completeness: amount (0.95 on 10-05) and merchant_id (0.98 from 10-07) drawn; currency and
    // channel, complete every day, counted instead of drawn on top of each other.
    assertThat(chart(html, "quality-completeness"))
        .contains("transactions.amount")
        .contains("transactions.merchant_id")
        .doesNotContain("transactions.currency");
    assertThat(html).contains("2 columns were complete (1.0) on every day, not drawn.");
    // Quality: the failed check and the anomaly ringed on their days.
    String rows = chart(html, "quality-rows");
    assertThat(rows).contains("failed complete_amount").contains("anomaly anomaly_Size");
    assertThat(count(rows, "class=\"mark\"")).isEqualTo(2);
    // Model metrics by version and slice as horizontal bars with their values; text is escaped.
    String slices = chart(html, "model-slices");
    assertThat(slices)
        .contains("fraud_model v2")
        .contains(">channel = online</text>")
        .contains(">merchant_category = apparel_and_accessories</text>")
        .contains(">0.88</text>")
        .doesNotContain("rotate(");
    // Live days against the version's value at training (its test window: 0.85).
    assertThat(chart(html, "model-live")).contains("fraud_model v1 at training");
    // Gates and promotions: the current aliases, version 2's failed gates, the promotion of v1.
    assertThat(html)
        .contains("<td>fraud_model</td><td>1</td><td>2</td><td>-</td>")
        .contains("<td>fraud_model v2</td><td>v1</td>")
        .contains("1 of 3 passed")
        .contains("champion roc_auc: -0.004 vs bound 0; max_slice_gap roc_auc: 0.07 vs bound 0.05")
        .contains("<td>promote</td><td>champion: none -&gt; 1</td>");
    // The score distribution is the champion's, and says so.
    assertThat(html).contains("score distribution per day of fraud_model v1, the champion");
    assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void withoutAChampionTheReportSaysWhy() {
    var failed =
        new ModelSections.Validation(
            "val-2",
            "fraud_model",
            "2",
            null,
            "2026-09-20 .. 2026-09-30",
            "failed",
            "2026-10-08 08:00:00",
            List.of(
                List.of("min", "roc_auc", "all", "0.88", "0.6", "passed", ""),
                List.of("champion", "roc_auc", "all", "-0.004", "0", "FAILED", "")),
            List.of("champion roc_auc: -0.004 vs bound 0"));
    assertThat(ModelSections.whyNoChampion("fraud_model", List.of(failed)))
        .isEqualTo(
            "fraud_model has no champion: the latest validation, of version 2 (2026-10-08"
                + " 08:00:00), failed 1 of 2 gates: champion roc_auc: -0.004 vs bound 0. A version"
                + " is promoted only when every gate passes.");
    assertThat(ModelSections.whyNoChampion("other_model", List.of(failed)))
        .startsWith("other_model has no champion: no version has been validated.");
    // With no champion the score distribution is the challenger's, and says so.
    var scored = new java.util.TreeSet<>(List.of("fraud_model v1", "fraud_model v2"));
    var serving = java.util.Map.of("fraud_model v1", true, "fraud_model v2", false);
    assertThat(
            PredictionSections.whose(
                scored, serving, java.util.Map.of("fraud_model v2", "challenger")))
        .contains(
            new PredictionSections.Choice(
                "fraud_model v2", "the challenger (the champion scored no rows here)"));
    assertThat(PredictionSections.whose(scored, serving, java.util.Map.of()).get().model())
        .isEqualTo("fraud_model v1");
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
        .contains("No validations or aliases yet");
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
    chromium.screenshot(page, png, 1280, probe.page()[2], work);
    assertThat(Files.size(png)).isGreaterThan(50_000);
  }

  /**
   * Readability as measured in the browser, on a desktop (1280 px) and a phone (390 px) window, for
   * this 10-day report and for every chart kind at 180 days x 50 features: no text leaves its
   * chart, no two texts of a chart overlap, nothing is wider than the window outside a
   * sideways-scrolling box.
   */
  @Test
  void reportsFrom10To180DaysReadWithoutOverflowOrOverlapOnDesktopAndPhone() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require();
    Path work = Files.createTempDirectory("ballast-report-layout");
    Path large = work.resolve("charts-180d-50f.html");
    Files.writeString(large, LargeCharts.page(180, 50), StandardCharsets.UTF_8);
    for (Path page : List.of(Path.of(result.path()), large)) {
      for (int width : WIDTHS) {
        HeadlessChromium.Probe p = chromium.probe(page, work, width);
        assertThat(p.errors()).isEmpty();
        assertThat(p.charts()).isNotEmpty();
        assertThat(p.problems()).as(page.getFileName() + " at " + width + " px").isEmpty();
        assertThat(p.page()[0]).as("page width at " + width + " px").isLessThanOrEqualTo(width);
      }
    }
  }

  /**
   * Screenshots for the docs (docs/report/*.png) of 7 days x 5 features and 180 days x 50 features
   * at both widths; run with -Dballast.refreshReportShots=true.
   */
  @Test
  @EnabledIfSystemProperty(named = "ballast.refreshReportShots", matches = "true")
  void writeDocsScreenshots() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require();
    Path work = Files.createTempDirectory("ballast-report-shots");
    Path docs = Path.of("..", "docs", "report").toAbsolutePath().normalize();
    Files.createDirectories(docs);
    for (int[] shape : new int[][] {{7, 5}, {180, 50}}) {
      Path page = report(new ReportFixtures.Shape(ReportFixtures.FIRST, shape[0], shape[1]), work);
      for (int width : WIDTHS) {
        int height = chromium.probe(page, work, width).page()[2];
        Path png =
            docs.resolve(String.format("report-%dd-%df-%dpx.png", shape[0], shape[1], width));
        chromium.screenshot(page, png, width, height, work);
      }
    }
  }

  static final int[] WIDTHS = {1280, 390};

  /** A report of a fixture history of the given shape, in its own lakehouse under work. */
  private static Path report(ReportFixtures.Shape shape, Path work) throws IOException {
    Path root = Files.createTempDirectory(work, "lakehouse");
    LakehouseTables t = new LakehouseTables(TestSpark.spark(), Lakehouse.at(root.toString()));
    ReportFixtures.writeAll(t, shape);
    Path out = work.resolve("report-" + shape.days() + "d-" + shape.features() + "f.html");
    ReportJob.run(t, ReportJob.Params.defaults(out));
    return out;
  }

  /** The value axis' tick labels of a line chart (right-aligned numbers). */
  static List<Double> tickLabels(String chart) {
    Matcher m = Pattern.compile("text-anchor=\"end\">([-0-9.,]+)</text>").matcher(chart);
    List<Double> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(Double.parseDouble(m.group(1).replace(",", "")));
    }
    return out;
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
