package io.ballast.jobs.report;

import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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

  /**
   * Runs last: one line per chart (name, elements, drawn size), the page's widths, and every
   * readability problem, into the DOM: a text outside its chart ({@code OUT}), two texts of a chart
   * overlapping ({@code OVERLAP}), a chart or table wider than the viewport outside a
   * sideways-scrolling box ({@code WIDE}).
   */
  static final String CHART_PROBE =
      "<script>(function(){var out=[];var vw=window.innerWidth;"
          + "function scrolls(e){for(var p=e.parentElement;p;p=p.parentElement){"
          + "var o=getComputedStyle(p).overflowX;if(o==='auto'||o==='scroll'){"
          + "return p.getBoundingClientRect().right<=vw+0.5;}}return false;}"
          + "function label(t){return (t.firstChild&&t.firstChild.nodeValue||'').trim();}"
          + "document.querySelectorAll('svg.chart').forEach(function(s){var r=s.getBoundingClientRect();"
          + "var name=s.getAttribute('data-chart');"
          + "out.push('CHART '+name+' '+s.querySelectorAll('*').length+' '"
          + "+Math.round(r.width)+'x'+Math.round(r.height)+' '"
          + "+s.querySelectorAll('rect,polyline,circle').length);"
          + "if(r.right>vw+0.5&&!scrolls(s)){out.push('WIDE '+name+' '+Math.round(r.right)+' > '+vw);}"
          + "var boxes=[];s.querySelectorAll('text').forEach(function(t){var b=t.getBoundingClientRect();"
          + "if(b.width===0){return;}"
          + "if(b.left<r.left-0.5||b.right>r.right+0.5||b.top<r.top-0.5||b.bottom>r.bottom+0.5){"
          + "out.push('OUT '+name+' '+label(t));}boxes.push([b,label(t)]);});"
          + "for(var i=0;i<boxes.length;i++){for(var j=i+1;j<boxes.length;j++){"
          + "var a=boxes[i][0],c=boxes[j][0];"
          + "if(Math.min(a.right,c.right)-Math.max(a.left,c.left)>1"
          + "&&Math.min(a.bottom,c.bottom)-Math.max(a.top,c.top)>1){"
          + "out.push('OVERLAP '+name+' '+boxes[i][1]+' | '+boxes[j][1]);}}}});"
          + "document.querySelectorAll('table').forEach(function(t){"
          + "if(t.getBoundingClientRect().right>vw+0.5&&!scrolls(t)){out.push('WIDE table');}});"
          + "var d=document.documentElement;"
          + "out.push('PAGE '+d.scrollWidth+' '+vw+' '+d.scrollHeight);"
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

  /**
   * What a page showed: the probe's lines, the browser's console lines from stderr, the readability
   * problems (OUT, OVERLAP, WIDE lines) and the page's size.
   *
   * @param page scroll width, viewport width, scroll height
   */
  record Probe(
      List<String> charts,
      List<String> errors,
      List<String> consoleLines,
      List<String> problems,
      int[] page) {}

  /** Loads a copy of {@code html}, 1280 px wide, with the probes added; what they found. */
  Probe probe(Path html, Path work) throws IOException, InterruptedException {
    return probe(html, work, 1280);
  }

  /** As above, in a window {@code width} px wide. */
  Probe probe(Path html, Path work, int width) throws IOException, InterruptedException {
    String page = Files.readString(html, StandardCharsets.UTF_8);
    String probed =
        page.replaceFirst("<head>", "<head>" + ERROR_PROBE)
            .replace("</body>", CHART_PROBE + "</body>");
    Path copy = work.resolve("probe-" + html.getFileName());
    Files.writeString(copy, probed, StandardCharsets.UTF_8);
    Run r =
        run(
            work,
            "--enable-logging=stderr",
            "--v=0",
            "--allow-file-access-from-files",
            "--window-size=" + Math.max(width, MIN_WINDOW) + ",900",
            "--dump-dom",
            frame(copy, width, 900, true).toUri().toString());
    List<String> charts = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int[] pageSize = new int[3];
    boolean inProbe = false;
    for (String line : r.stdout().split("\n")) {
      if (line.contains("id=\"ballast-probe\"")) {
        inProbe = true;
        line = line.substring(line.indexOf('>', line.indexOf("id=\"ballast-probe\"")) + 1);
      }
      if (inProbe) {
        String l = line.replaceAll("</pre>.*", "").replace("&gt;", ">").replace("&lt;", "<");
        if (l.startsWith("CHART ")) {
          charts.add(l.substring(6));
        } else if (l.startsWith("ERROR ")) {
          errors.add(l.substring(6));
        } else if (l.startsWith("OUT ") || l.startsWith("OVERLAP ") || l.startsWith("WIDE ")) {
          problems.add(l.replace("&amp;", "&"));
        } else if (l.startsWith("PAGE ")) {
          String[] f = l.split(" ");
          for (int i = 0; i < 3; i++) {
            pageSize[i] = Integer.parseInt(f[i + 1]);
          }
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
    return new Probe(charts, errors, console, problems, pageSize);
  }

  /**
   * Screenshots {@code html} at the given size into {@code png} (through the frame, cut to the
   * width when the window had to be wider).
   */
  void screenshot(Path html, Path png, int width, int height, Path work)
      throws IOException, InterruptedException {
    Files.deleteIfExists(png);
    Run r =
        run(
            work,
            "--hide-scrollbars",
            "--screenshot=" + png.toAbsolutePath(),
            "--window-size=" + Math.max(width, MIN_WINDOW) + "," + height,
            frame(html, width, height, false).toUri().toString());
    if (!Files.exists(png)) {
      fail("chromium wrote no screenshot; stderr:\n" + r.stderr());
    }
    BufferedImage shot = ImageIO.read(png.toFile());
    if (shot.getWidth() > width) {
      ImageIO.write(shot.getSubimage(0, 0, width, shot.getHeight()), "png", png.toFile());
    }
  }

  /**
   * Headless Chromium's window is at least 500 px wide; a narrower screen is an iframe of that
   * width, in which the page's own media queries and layout apply. With {@code copyProbe} the
   * frame's probe output is copied into the outer page, the one {@code --dump-dom} prints.
   */
  static final int MIN_WINDOW = 500;

  private static Path frame(Path page, int width, int height, boolean copyProbe)
      throws IOException {
    String html =
        "<!DOCTYPE html><html><body style=\"margin:0\"><iframe id=\"page\" src=\""
            + page.getFileName()
            + "\" style=\"display:block;border:0;width:"
            + width
            + "px;height:"
            + height
            + "px\"></iframe>"
            + (copyProbe
                ? "<script>window.addEventListener('load',function(){"
                    + "var p=document.getElementById('page').contentDocument"
                    + ".getElementById('ballast-probe');"
                    + "var q=document.createElement('pre');q.id='ballast-probe';"
                    + "q.textContent=p?p.textContent:'ERROR no probe output in the frame';"
                    + "document.body.appendChild(q);});</script>"
                : "")
            + "</body></html>";
    Path frame = page.resolveSibling("frame-" + width + "-" + page.getFileName());
    Files.writeString(frame, html, StandardCharsets.UTF_8);
    return frame;
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
