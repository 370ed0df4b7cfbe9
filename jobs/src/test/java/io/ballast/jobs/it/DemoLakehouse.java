package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A small demo lakehouse ({@code ballast demo --rows 8000 --days 10} with the {@link QuickPipeline}
 * model search, run as its own process), made once per failsafe JVM and shared by the ITs that
 * query it (notebooks, SQL server).
 */
final class DemoLakehouse {
  private static Path root;
  private static Path pipeline;
  private static BallastCli.Result demo;

  private DemoLakehouse() {}

  static synchronized Path get() {
    if (root == null) {
      Path logs = Path.of(System.getProperty("ballast.it.logs", "target/it-logs"), "DemoLakehouse");
      try {
        Path dir = Files.createTempDirectory("ballast-it-demo");
        Path definition = QuickPipeline.write(dir);
        BallastCli cli = BallastCli.fromSystemProperties(logs, Duration.ofMinutes(20));
        demo =
            cli.run(
                Map.of(),
                "demo",
                "--pipeline",
                definition.toString(),
                "--rows",
                "8000",
                "--days",
                "10",
                "--warmup-days",
                "0",
                "--lakehouse",
                dir.resolve("lh").toString());
        assertThat(demo.exitCode()).as(demo.describe()).isZero();
        root = dir.resolve("lh");
        pipeline = definition;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /** The definition the demo ran with (the quick model search). */
  static synchronized Path pipeline() {
    get();
    return pipeline;
  }

  /**
   * A private copy of the demo lakehouse at {@code dir}, for tests that write to it (the copy's
   * registry still points at the shared demo's model files, which it only reads).
   */
  static Path copyTo(Path dir) {
    Path demo = get();
    try (Stream<Path> files = Files.walk(demo)) {
      for (Path f : files.toList()) {
        Path to = dir.resolve(demo.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** What the demo printed. */
  static synchronized String demoOutput() {
    get();
    return demo.stdout();
  }
}
