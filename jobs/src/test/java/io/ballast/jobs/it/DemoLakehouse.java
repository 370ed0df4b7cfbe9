package io.ballast.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo lakehouse the ITs that query a finished demo share (notebooks, SQL server, the crash and
 * concurrent-writer tests, which work on copies): once per failsafe JVM, a private copy of the one
 * CI's e2e stage made, or, when the ITs run without it, the same demo run here as its own process.
 *
 * <p>One demo per CI run: {@code ci/test.sh} runs the e2e stage before the integration stage and
 * points {@code BALLAST_IT_DEMO_LAKEHOUSE} (or {@code -Dballast.it.demo.lakehouse}) at the e2e
 * lakehouse after its checks passed. Both are {@code ./ballast demo} with the bundled demo
 * definition at the e2e stage's size, so the tests see the same shape either way: 14 demo days from
 * 2026-01-01 after 40 warm-up days, the quality incident on 2026-01-08, a first model trained on
 * label days up to 2026-01-07 that scored every later day, and the retrain on the days since the
 * concept drift (2026-01-12) promoted over it: {@code champion} is version 2, {@code previous} 1;
 * {@code fraud_labels} also holds the labels arriving up to 2026-01-24.
 */
final class DemoLakehouse {
  /** The e2e stage's demo ({@code ci/e2e.sh}: the default demo, no size flags): keep them alike. */
  static final String[] DEMO = {"demo"};

  private static Path root;

  private DemoLakehouse() {}

  static synchronized Path get() {
    if (root == null) {
      try {
        Path dir = Files.createTempDirectory("ballast-it-demo");
        String shared =
            System.getProperty(
                "ballast.it.demo.lakehouse", System.getenv("BALLAST_IT_DEMO_LAKEHOUSE"));
        if (shared != null && !shared.isBlank()) {
          Path from = Path.of(shared);
          assertThat(from.resolve("tables/card_fraud_predictions/_delta_log"))
              .as("the e2e stage's demo lakehouse (BALLAST_IT_DEMO_LAKEHOUSE=%s)", shared)
              .isDirectory();
          System.out.printf("DemoLakehouse: a copy of the e2e stage's demo at %s%n", from);
          root = copy(from, dir.resolve("lh"));
        } else {
          Path logs =
              Path.of(System.getProperty("ballast.it.logs", "target/it-logs"), "DemoLakehouse");
          BallastCli cli = BallastCli.fromSystemProperties(logs, Duration.ofMinutes(20));
          String[] args =
              Stream.concat(Stream.of(DEMO), Stream.of("--lakehouse", dir.resolve("lh").toString()))
                  .toArray(String[]::new);
          BallastCli.Result demo = cli.run(Map.of(), args);
          assertThat(demo.exitCode()).as(demo.describe()).isZero();
          root = dir.resolve("lh");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /** The definition the demo ran with: the bundled demo definition, as the repository holds it. */
  static Path pipeline() {
    return Path.of(
        System.getProperty("ballast.demo.pipeline", "../orchestration/pipelines/card_fraud.yaml"));
  }

  /**
   * A private copy of the demo lakehouse at {@code dir}, for tests that write to it (the copy's
   * registry still points at the shared demo's model files, which it only reads).
   */
  static Path copyTo(Path dir) {
    return copy(get(), dir);
  }

  private static Path copy(Path from, Path dir) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path to = dir.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }
}
