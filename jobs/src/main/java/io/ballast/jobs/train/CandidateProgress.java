package io.ballast.jobs.train;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per fitted candidate while a model search runs ("candidate 3 of 8 done ...; 2 min 3 s
 * elapsed, about 2 min 45 s left"), so that a long training is never silent. The estimate is the
 * mean time per finished candidate times the candidates left, divided by the candidates fitted at
 * once.
 */
final class CandidateProgress {

  private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);

  private final String model;
  private final int total;
  private final int parallelism;
  private final LongSupplier clock;
  private final long start;
  private final AtomicInteger done = new AtomicInteger();

  CandidateProgress(String model, int total, int parallelism, LongSupplier nanoClock) {
    this.model = model;
    this.total = total;
    this.parallelism = Math.max(1, Math.min(parallelism, total));
    this.clock = nanoClock;
    this.start = nanoClock.getAsLong();
  }

  static CandidateProgress start(String model, int total, int parallelism, long trainRows) {
    CandidateProgress p = new CandidateProgress(model, total, parallelism, System::nanoTime);
    LOG.info(
        "train {}: fitting {} candidate(s), {} at a time, on {} training rows",
        model,
        total,
        p.parallelism,
        trainRows);
    return p;
  }

  /** Records one finished candidate and logs the line; returns it (for tests). */
  String finished(int index, String metric, double value, Duration took) {
    int n = done.incrementAndGet();
    String line = line(index, n, metric, value, took, Duration.ofNanos(clock.getAsLong() - start));
    LOG.info(line);
    return line;
  }

  String line(int index, int n, String metric, double value, Duration took, Duration elapsed) {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "train %s: candidate %d of %d done (%s %.4f, %s); %s elapsed",
                model,
                index + 1,
                total,
                metric,
                value,
                human(took),
                human(elapsed)));
    if (n < total) {
      s.append(", about ").append(human(remaining(elapsed, n))).append(" left");
    }
    return s.toString();
  }

  /** The time left: elapsed per finished candidate, for the ones left, at the search's width. */
  Duration remaining(Duration elapsed, int finished) {
    if (finished <= 0) {
      return Duration.ZERO;
    }
    int left = total - finished;
    double perRound = elapsed.toNanos() / Math.ceil(finished / (double) parallelism);
    return Duration.ofNanos((long) (perRound * Math.ceil(left / (double) parallelism)));
  }

  static String human(Duration d) {
    long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return (s / 60) + " min " + (s % 60) + " s";
    }
    return (s / 3600) + " h " + ((s % 3600) / 60) + " min";
  }
}
