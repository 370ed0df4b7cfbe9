package io.ballast.orchestration.airflow;

import io.ballast.orchestration.http.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A timer whose sleeps return at once, advance its clock and are recorded. */
final class FakeTimer implements Timer {
  final List<Duration> sleeps = new ArrayList<>();
  private long now;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    now += d.toNanos();
  }
}
