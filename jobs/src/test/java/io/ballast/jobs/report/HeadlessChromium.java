package io.ballast.jobs.report;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium} in headless mode: dumps a page's DOM after load (with a probe script
 * that records errors and measures every chart) and takes screenshots. Missing chromium skips a
 * test locally and fails it under {@code CI=true} (ci/test.sh installs it).
 */
final class HeadlessChromium {
  /** Runs first in the page: records uncaught errors and console.error calls. */
  static final String ERROR_PROBE =
      "<script>window.__errors=[];"
          + "window.addEventListener('error',function(e){window.__errors.push('error: '+e.message);});"
          + "(function(){var c=console.error;console.error=function(){"
          + "window.__errors.push('console.error: '+Array.prototype.join.call(arguments,' '));"
          + "c.apply(console,arguments);};})();</script>";

  /** Runs last: one line per chart (name, elements, drawn size) and the errors, into the DOM. */
  static final String CHART_PROBE =
      "<script>(function(){var out=[];"
          + "document.querySelectorAll('svg.chart').forEach(function(s){var r=s.getBoundingClientRect();"
          + "out.push('CHART '+s.getAttribute('data-chart')+' '+s.querySelectorAll('*').length+' '"
          + "+Math.round(r.width)+'x'+Math.round(r.height)+' '"
          + "+s.querySelectorAll('rect,polyline,circle').length);});"
          + "window.__errors.forEach(function(e){out.push('ERROR '+e);});"
          + "var p=document.createElement('pre');p.id='ballast-probe';p.textContent=out.join('\\n');"
          + "document.body.appendChild(p);})();</script>";

  private final String binary;

  private HeadlessChromium(String binary) {
    this.binary = binary;
  }

  /** The installed chromium, or a skipped (locally) / failed (CI) test. */
  static HeadlessChromium require() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return new HeadlessChromium(p.toString());
        }
      }
    }
    String why = "chromium is not installed (apt-get install chromium; ci/test.sh does it)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort(why);
    return null;
  }

  /** What a page showed: the probe's lines and the browser's console lines from stderr. */
  record Probe(List<String> charts, List<String> errors, List<String> consoleLines) {}

  /** Loads a copy of {@code html} with the probes added and returns what they found. */
  Probe probe(Path html, Path work) throws IOException, InterruptedException {
    String page = Files.readString(html, StandardCharsets.UTF_8);
    String probed =
        page.replaceFirst("<head>", "<head>" + ERROR_PROBE)
            .replace("</body>", CHART_PROBE + "</body>");
    Path copy = work.resolve("probe-" + html.getFileName());
    Files.writeString(copy, probed, StandardCharsets.UTF_8);
    Run r = run(work, "--enable-logging=stderr", "--v=0", "--dump-dom", copy.toUri().toString());
    List<String> charts = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    boolean inProbe = false;
    for (String line : r.stdout().split("\n")) {
      if (line.contains("id=\"ballast-probe\"")) {
        inProbe = true;
        line = line.substring(line.indexOf('>', line.indexOf("id=\"ballast-probe\"")) + 1);
      }
      if (inProbe) {
        String l = line.replace("</pre>", "").replace("&gt;", ">").replace("&lt;", "<");
        if (l.startsWith("CHART ")) {
          charts.add(l.substring(6));
        } else if (l.startsWith("ERROR ")) {
          errors.add(l.substring(6));
        }
        if (line.contains("</pre>")) {
          inProbe = false;
        }
      }
    }
    List<String> console =
        r.stderr().lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught")).toList();
    if (charts.isEmpty() && errors.isEmpty()) {
      fail("chromium printed no probe output; stderr:\n" + r.stderr());
    }
    return new Probe(charts, errors, console);
  }

  /** Screenshots {@code html} at the given size into {@code png}. */
  void screenshot(Path html, Path png, int width, int height, Path work)
      throws IOException, InterruptedException {
    Files.deleteIfExists(png);
    Run r =
        run(
            work,
            "--hide-scrollbars",
            "--screenshot=" + png.toAbsolutePath(),
            "--window-size=" + width + "," + height,
            html.toUri().toString());
    if (!Files.exists(png)) {
      fail("chromium wrote no screenshot; stderr:\n" + r.stderr());
    }
  }

  private record Run(String stdout, String stderr) {}

  private Run run(Path work, String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    List<String> cmd = new ArrayList<>();
    cmd.add(binary);
    cmd.addAll(
        List.of(
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--user-data-dir=" + profile.toAbsolutePath()));
    cmd.addAll(List.of(args));
    Path out = work.resolve("chromium.out");
    Path err = work.resolve("chromium.err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within 120 s: " + cmd);
    }
    return new Run(
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
