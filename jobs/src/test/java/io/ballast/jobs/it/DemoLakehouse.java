package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A small demo lakehouse ({@code ballast demo --rows 8000 --days 10} with the {@link QuickPipeline}
 * model search, run as its own process), made once per failsafe JVM and shared by the ITs that
 * query it (notebooks, SQL server).
 */
final class DemoLakehouse {
  private static Path root;
  private static BallastCli.Result demo;

  private DemoLakehouse() {}

  static synchronized Path get() {
    if (root == null) {
      Path logs = Path.of(System.getProperty("ballast.it.logs", "target/it-logs"), "DemoLakehouse");
      try {
        Path dir = Files.createTempDirectory("ballast-it-demo");
        BallastCli cli = BallastCli.fromSystemProperties(logs, Duration.ofMinutes(20));
        demo =
            cli.run(
                Map.of(),
                "demo",
                "--pipeline",
                QuickPipeline.write(dir).toString(),
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
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /** What the demo printed. */
  static synchronized String demoOutput() {
    get();
    return demo.stdout();
  }
}
