package io.ballast.orchestration.http;

import java.time.Duration;

/** Time for retries and waits; replaced in tests so they run without sleeping. */
public interface Timer {
  long nanoTime();

  void sleep(Duration d) throws InterruptedException;

  Timer SYSTEM =
      new Timer() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
          Thread.sleep(d.toMillis());
        }
      };
}
