package io.ballast.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CandidateProgressTest {

  @Test
  void eachFinishedCandidateSaysWhereTheSearchIsAndWhatIsLeft() {
    AtomicLong now = new AtomicLong(0);
    CandidateProgress p = new CandidateProgress("fraud", 4, 1, now::get);
    now.set(Duration.ofSeconds(30).toNanos());
    assertEquals(
        "train fraud: candidate 1 of 4 done (areaUnderROC 0.7512, 30 s); 30 s elapsed,"
            + " about 1 min 30 s left",
        p.finished(0, "areaUnderROC", 0.75123, Duration.ofSeconds(30)));
    now.set(Duration.ofSeconds(70).toNanos());
    assertEquals(
        "train fraud: candidate 2 of 4 done (areaUnderROC 0.8000, 40 s); 1 min 10 s elapsed,"
            + " about 1 min 10 s left",
        p.finished(1, "areaUnderROC", 0.8, Duration.ofSeconds(40)));
    now.set(Duration.ofSeconds(100).toNanos());
    p.finished(2, "areaUnderROC", 0.8, Duration.ofSeconds(30));
    now.set(Duration.ofSeconds(130).toNanos());
    String last = p.finished(3, "areaUnderROC", 0.8, Duration.ofSeconds(30));
    assertFalse(last.contains("left"), "the last candidate has nothing left: " + last);
  }

  @Test
  void theEstimateCountsCandidatesFittedAtOnce() {
    CandidateProgress p = new CandidateProgress("m", 8, 2, () -> 0L);
    // 2 finished in one round of 60 s: 6 left are 3 rounds.
    assertEquals(Duration.ofSeconds(180), p.remaining(Duration.ofSeconds(60), 2));
    // 3 finished in 2 rounds (120 s): 5 left are 3 rounds of 60 s.
    assertEquals(Duration.ofSeconds(180), p.remaining(Duration.ofSeconds(120), 3));
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertEquals("0 s", CandidateProgress.human(Duration.ofMillis(200)));
    assertEquals("59 s", CandidateProgress.human(Duration.ofSeconds(59)));
    assertEquals("2 min 5 s", CandidateProgress.human(Duration.ofSeconds(125)));
    assertEquals("1 h 1 min", CandidateProgress.human(Duration.ofSeconds(3660)));
  }
}
