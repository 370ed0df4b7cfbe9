package io.ballast.scoring;

import io.ballast.features.build.BuildCommit;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The days a feature table has been built for, from its build commits: each build adds its days, a
 * rebuild replaces them with the whole range it recomputed. Plain Java over commit metadata.
 */
public final class BuiltDays {
  private final List<LocalDate[]> ranges;

  private BuiltDays(List<LocalDate[]> ranges) {
    this.ranges = ranges;
  }

  /**
   * @param history the table's commits, newest first ({@link BuildCommit#history})
   */
  public static BuiltDays of(List<BuildCommit> history) {
    List<LocalDate[]> ranges = new ArrayList<>();
    for (int i = history.size() - 1; i >= 0; i--) {
      BuildCommit c = history.get(i);
      if (c.definitionHash() == null || c.from() == null || c.to() == null) {
        continue;
      }
      if (c.rebuild()) {
        ranges.clear();
        ranges.add(
            new LocalDate[] {
              LocalDate.parse(orElse(c.builtFrom(), c.from())),
              LocalDate.parse(orElse(c.builtTo(), c.to()))
            });
      } else {
        ranges.add(new LocalDate[] {LocalDate.parse(c.from()), LocalDate.parse(c.to())});
      }
    }
    return new BuiltDays(ranges);
  }

  public boolean contains(LocalDate day) {
    return ranges.stream().anyMatch(r -> !day.isBefore(r[0]) && !day.isAfter(r[1]));
  }

  /** The days of {@code days} not built, in the given order. */
  public List<String> missing(List<LocalDate> days) {
    return days.stream().filter(d -> !contains(d)).map(LocalDate::toString).toList();
  }

  /** For messages: the built ranges, merged where they touch. */
  public String describe() {
    if (ranges.isEmpty()) {
      return "no days";
    }
    List<LocalDate[]> sorted = new ArrayList<>(ranges);
    sorted.sort((a, b) -> a[0].compareTo(b[0]));
    List<LocalDate[]> merged = new ArrayList<>();
    for (LocalDate[] r : sorted) {
      LocalDate[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && !r[0].isAfter(last[1].plusDays(1))) {
        last[1] = r[1].isAfter(last[1]) ? r[1] : last[1];
      } else {
        merged.add(new LocalDate[] {r[0], r[1]});
      }
    }
    List<String> parts = new ArrayList<>();
    for (LocalDate[] r : merged) {
      parts.add(r[0].equals(r[1]) ? r[0].toString() : r[0] + ".." + r[1]);
    }
    return String.join(", ", parts);
  }

  private static String orElse(String a, String b) {
    return a == null ? b : a;
  }
}
