package io.ballast.features.build;

import io.ballast.features.BallastException;
import io.ballast.features.FeatureErrors;
import io.ballast.features.config.Feature;
import io.ballast.features.config.FeatureTable;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one feature build does, decided in plain Java before any data is read: the days it writes,
 * how far back it reads each source, whether it rebuilds the whole table or refuses to mix with
 * rows of an older definition, and whether it needs the target rows' times (to collapse old
 * history). {@link FeatureBuildJob} gathers the inputs (the table's last build commit, the source's
 * days), asks the plan, and executes it.
 *
 * <p>A rebuild (asked for, and the definition changed) widens the requested days to every day the
 * table holds and overwrites it whole. Without {@code --rebuild}, a changed definition is refused,
 * after the build has resolved its expressions (so a broken definition says what is wrong first).
 *
 * @param from first day written
 * @param to last day written
 * @param rebuild the table is overwritten whole with {@code from..to} (widened to its built days)
 * @param refused the definition changed since {@code last} and no rebuild was asked for
 * @param last the table's newest build commit, none for a new table
 * @param readFrom {@code from} minus the longest window of any feature: the days checked and
 *     reported as read
 * @param sourcesFrom per source the table's aggregates read (its own first), the first day read
 * @param collapsesHistory whether the build folds history outside its short windows, for which it
 *     needs the first and last target time (one small aggregate, before the build)
 */
public record FeatureBuildPlan(
    FeatureTable table,
    LocalDate from,
    LocalDate to,
    boolean rebuild,
    boolean refused,
    Optional<BuildCommit> last,
    LocalDate readFrom,
    Map<String, LocalDate> sourcesFrom,
    boolean collapsesHistory) {

  public FeatureBuildPlan {
    sourcesFrom = Collections.unmodifiableMap(new LinkedHashMap<>(sourcesFrom));
  }

  /**
   * The plan for building days {@code from..to} of {@code table}, whose newest build commit is
   * {@code last}.
   */
  public static FeatureBuildPlan of(
      FeatureTable table,
      LocalDate from,
      LocalDate to,
      boolean rebuildRequested,
      Optional<BuildCommit> last) {
    boolean changed = last.isPresent() && !last.get().definitionHash().equals(table.hash());
    boolean rebuild = changed && rebuildRequested;
    if (rebuild) {
      LocalDate builtFrom = LocalDate.parse(last.get().builtFrom());
      LocalDate builtTo = LocalDate.parse(last.get().builtTo());
      from = from.isBefore(builtFrom) ? from : builtFrom;
      to = to.isAfter(builtTo) ? to : builtTo;
    }
    Map<String, LocalDate> sourcesFrom = new LinkedHashMap<>();
    for (String source : sources(table)) {
      sourcesFrom.put(source, from.minusDays(lookbackDays(table, source)));
    }
    boolean refused = changed && !rebuildRequested;
    return new FeatureBuildPlan(
        table,
        from,
        to,
        rebuild,
        refused,
        last,
        from.minusDays(lookbackDays(table)),
        sourcesFrom,
        !refused && !FeatureBuilder.collapses(table, from, to).isEmpty());
  }

  /** Whole days that cover {@code d} (a window of 36 hours reaches back 2 days). */
  public static long wholeDays(Duration d) {
    long days = d.toDays();
    return d.minusDays(days).isZero() ? days : days + 1;
  }

  /**
   * The first day on which every trailing window of {@code table} is full, given the first day of
   * each source it reads ({@code firstDays}; a source not in it is taken to reach back far enough):
   * the latest of each source's first day plus the table's longest window over it. Empty when the
   * table has no window over a source in {@code firstDays}. A day before it was built with {@code
   * --allow-partial-windows}: its windowed features (counts, sums, distinct counts over the days
   * that exist) are lower than on a full-window day.
   */
  public static Optional<LocalDate> firstFullDay(
      FeatureTable table, Map<String, LocalDate> firstDays) {
    Optional<LocalDate> out = Optional.empty();
    for (String source : sources(table)) {
      long days = lookbackDays(table, source);
      LocalDate first = firstDays.get(source);
      if (days > 0 && first != null) {
        LocalDate full = first.plusDays(days);
        out = out.isPresent() && !full.isAfter(out.get()) ? out : Optional.of(full);
      }
    }
    return out;
  }

  /** How many days before its first day a build of {@code table} needs: its longest window. */
  public static long lookbackDays(FeatureTable table) {
    return wholeDays(table.longestWindow());
  }

  /** How many days before its first day a build reads {@code source}. */
  public static long lookbackDays(FeatureTable table, String source) {
    return wholeDays(table.longestWindow(source));
  }

  /** The sources a table's build reads: its own, then those its aggregates name, in order. */
  public static List<String> sources(FeatureTable table) {
    Set<String> out = new LinkedHashSet<>();
    out.add(table.source());
    for (Feature f : table.features()) {
      f.aggregate().flatMap(a -> a.source()).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /** The days the plan reads each source from, for a source other than the table's own. */
  public Map<String, LocalDate> otherSourcesFrom() {
    Map<String, LocalDate> out = new LinkedHashMap<>(sourcesFrom);
    out.remove(table.source());
    return out;
  }

  /** The first day read of the table's own source. */
  public LocalDate ownSourceFrom() {
    return sourcesFrom.get(table.source());
  }

  /**
   * Checks the own source's partitions {@code available} (sorted, up to {@code to}) located at
   * {@code location}: every day from {@code readFrom} (or the first available day) to {@code to}
   * must be there, and unless {@code allowPartial}, the longest window must not reach before the
   * first available day.
   */
  public void requireSourceDays(String location, List<LocalDate> available, boolean allowPartial) {
    LocalDate first = available.isEmpty() ? null : available.get(0);
    LocalDate checkFrom = first == null || readFrom.isAfter(first) ? readFrom : first;
    Set<LocalDate> have = new HashSet<>(available);
    List<String> missing = new ArrayList<>();
    for (LocalDate d = checkFrom; !d.isAfter(to); d = d.plusDays(1)) {
      if (!have.contains(d)) {
        missing.add(d.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw FeatureErrors.missingSourceDays(table.name(), location, missing);
    }
    if (!allowPartial
        && readFrom.isBefore(first)
        && table.longestWindow().compareTo(Duration.ZERO) > 0) {
      throw FeatureErrors.windowLongerThanData(
          table.name(),
          table.longestAggregate().orElseThrow().name(),
          lookbackDays(table) + "d",
          readFrom.toString(),
          location,
          first.toString());
    }
  }

  /** The refusal when the definition changed and no rebuild was asked for. */
  public BallastException refusal() {
    BuildCommit b = last.orElseThrow();
    return FeatureErrors.definitionChanged(
        table.name(),
        b.definitionHash(),
        table.hash(),
        b.version(),
        b.builtFrom() + " .. " + b.builtTo());
  }

  /** The user metadata of the build's commit. */
  String commitNote() {
    return BuildCommit.note(
        table.hash(), from.toString(), to.toString(), rebuild, last, readFrom.toString());
  }
}
