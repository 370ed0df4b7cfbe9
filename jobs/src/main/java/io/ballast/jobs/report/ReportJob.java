package io.ballast.jobs.report;

import static io.ballast.jobs.report.Svg.esc;

import io.ballast.features.lakehouse.LakehouseTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the monitoring report: one self-contained HTML file (inline CSS and SVG, no scripts, no
 * network) with drift, data quality, model metrics, validation gates and promotions, and
 * predictions. Charts scale down to the page; below a readable width their box scrolls sideways.
 * Reads only small aggregates; a section whose table is missing says how to fill it.
 */
public final class ReportJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);

  /** What to draw: the drift statistic and comparison, the model metric, where to write. */
  public record Params(Path out, String statistic, String comparison, String metric) {
    public static Params defaults(Path out) {
      return new Params(out, "psi", "baseline", "roc_auc");
    }
  }

  /** Where the report went, how big it is, which sections had data, how long it took. */
  public record Result(String path, long bytes, List<String> sectionsWithData, double seconds) {}

  private ReportJob() {}

  public static Result run(LakehouseTables tables, Params p) {
    Instant t0 = Instant.now();
    checkWritable(p.out());
    LOG.info("report: {} from {}", p, tables.lakehouse());
    tables.spark().sparkContext().setJobDescription("report " + p.out());
    Map<String, String> sections = new ReportSections(tables, p).all();
    String html = html(tables.lakehouse().toString(), t0, sections);
    List<String> withData = new ArrayList<>();
    sections.forEach(
        (title, body) -> {
          if (!body.startsWith("<p class=\"empty\">")) {
            withData.add(title);
          }
        });
    write(p.out(), html);
    Result r =
        new Result(
            p.out().toAbsolutePath().toString(),
            html.getBytes(StandardCharsets.UTF_8).length,
            withData,
            Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    LOG.info("report written: {}", r);
    return r;
  }

  /** Fails before any query when the report's folder cannot be made or written. */
  private static void checkWritable(Path out) {
    Path abs = out.toAbsolutePath();
    try {
      Path dir = Files.createDirectories(abs.getParent());
      if (!Files.isWritable(dir) || Files.isDirectory(abs)) {
        throw new IOException(Files.isDirectory(abs) ? "it is a folder" : "folder not writable");
      }
    } catch (IOException e) {
      throw ReportErrors.reportNotWritten(abs.toString(), e);
    }
  }

  /** Writes to a temporary file beside {@code out}, then moves it in place (never half-written). */
  private static void write(Path out, String html) {
    Path abs = out.toAbsolutePath();
    try {
      Files.createDirectories(abs.getParent());
      Path tmp = Files.createTempFile(abs.getParent(), ".report", ".html");
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        // createTempFile makes the file owner-only; a report is for sharing.
        Files.setPosixFilePermissions(
            tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw ReportErrors.reportNotWritten(abs.toString(), e);
    }
  }

  static String html(String lakehouse, Instant at, Map<String, String> sections) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Ballast monitoring report</title><style>")
        .append("body{font-family:sans-serif;margin:24px auto;padding:0 24px;color:#222;")
        .append("max-width:1100px}h2{border-bottom:1px solid #ccc;padding-bottom:4px;")
        .append("margin-top:36px}h3 small{font-weight:normal;color:#666}")
        .append("table{border-collapse:collapse;font-size:13px;margin:8px 0}")
        .append("td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}")
        .append("td{max-width:460px;overflow-wrap:break-word}th{background:#f4f4f4}")
        .append(".empty{color:#8a5a00;background:#fff6e0;padding:8px}")
        .append(".warn{color:#8a1c00;background:#fdecea;padding:8px}.note{color:#555}")
        .append(".chart-box,.table-box{overflow-x:auto;max-width:100%}")
        .append("svg.chart{display:block;margin:8px 0;max-width:100%;height:auto}")
        .append("nav a{display:inline-block;margin-right:14px}")
        .append("@media (max-width:640px){body{padding:0 8px;margin:8px auto}}")
        .append("</style></head><body><h1>Ballast monitoring report</h1><p>Lakehouse <code>")
        .append(esc(lakehouse))
        .append("</code>, generated ")
        .append(esc(at.toString()))
        .append(".</p><nav>");
    sections
        .keySet()
        .forEach(
            t ->
                sb.append("<a href=\"#").append(id(t)).append("\">").append(esc(t)).append("</a>"));
    sb.append("</nav>");
    sections.forEach(
        (title, body) ->
            sb.append("<section id=\"")
                .append(id(title))
                .append("\"><h2>")
                .append(esc(title))
                .append("</h2>")
                .append(body)
                .append("</section>"));
    return sb.append("</body></html>\n").toString();
  }

  private static String id(String title) {
    return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
