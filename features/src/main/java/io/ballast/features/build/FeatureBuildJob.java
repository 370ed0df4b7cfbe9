package io.ballast.features.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.features.ArgumentErrors;
import io.ballast.features.DefinitionErrors;
import io.ballast.features.FeatureErrors;
import io.ballast.features.config.Entity;
import io.ballast.features.config.Feature;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.Source;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code features build}: computes days {@code from..to} of one feature table and replaces exactly
 * those partitions in one Delta commit. It reads only the source days its longest window needs, so
 * a daily build costs one day plus its window, not all history. The commit records the definition
 * hash; a changed definition refuses to mix with rows built by the old one unless asked to rebuild
 * everything.
 */
public final class FeatureBuildJob {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureBuildJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How to build. */
  public record Params(
      String table, LocalDate from, LocalDate to, boolean allowPartialWindows, boolean rebuild) {}

  /** What a build wrote. */
  public record Result(
      String table,
      String from,
      String to,
      long version,
      long rows,
      String definitionHash,
      String sourceDaysRead,
      boolean rebuilt,
      double seconds) {}

  private FeatureBuildJob() {}

  public static Result run(LakehouseTables tables, PipelineDefinition def, Params p) {
    Instant t0 = Instant.now();
    FeatureTable table =
        def.featureTable(p.table())
            .orElseThrow(
                () ->
                    DefinitionErrors.unknownFeatureTable(
                        p.table(), def.featureTables().stream().map(FeatureTable::name).toList()));
    if (p.from().isAfter(p.to())) {
      throw ArgumentErrors.badDateRange(p.from().toString(), p.to().toString());
    }
    LOG.info("features build: start {}", p);
    tables.checkReachable();
    SourceReader reader = new SourceReader(tables);
    Source src = def.source(table.source());
    Entity entity = def.entities().get(table.entity());

    LocalDate from = p.from();
    LocalDate to = p.to();
    boolean rebuilt = false;
    Optional<BuildCommit> last = BuildCommit.latest(tables, table.name());
    boolean changed = last.isPresent() && !last.get().definitionHash().equals(table.hash());
    if (changed && p.rebuild()) {
      BuildCommit b = last.get();
      from = min(from, LocalDate.parse(b.builtFrom()));
      to = max(to, LocalDate.parse(b.builtTo()));
      rebuilt = true;
    }

    long windowDays = ceilDays(table.longestWindow());
    LocalDate readFrom = from.minusDays(windowDays);
    checkSourceDays(reader, table, src, readFrom, from, to, p.allowPartialWindows());

    // Each source is read as far back as its own aggregates reach.
    final LocalDate buildFrom = from;
    final LocalDate buildTo = to;
    Map<String, FeatureBuilder.Input> others = new LinkedHashMap<>();
    for (Feature f : table.features()) {
      f.aggregate()
          .flatMap(a -> a.source())
          .filter(s -> !s.equals(src.name()))
          .ifPresent(
              name -> {
                Source os = def.source(name);
                String at = os.knownAt().orElse(os.eventTime());
                LocalDate since =
                    buildFrom.minusDays(ceilDays(FeatureBuilder.longestWindow(table, name, false)));
                others.computeIfAbsent(
                    name, n -> new FeatureBuilder.Input(os, reader.read(os, at, since, buildTo)));
              });
    }
    Dataset<Row> rows =
        FeatureBuilder.build(
            table,
            entity.keys(),
            new FeatureBuilder.Input(
                src,
                reader.read(
                    src,
                    src.eventTime(),
                    from.minusDays(ceilDays(FeatureBuilder.longestWindow(table, src.name(), true))),
                    to)),
            others,
            from,
            to);

    if (changed && !p.rebuild()) {
      // Only now: a new definition that does not resolve (a missing column, a cycle) says so
      // above, instead of hiding behind advice to rebuild with it.
      BuildCommit b = last.get();
      throw FeatureErrors.definitionChanged(
          table.name(),
          b.definitionHash(),
          table.hash(),
          b.version(),
          b.builtFrom() + " .. " + b.builtTo());
    }
    String note =
        BuildCommit.note(
            table.hash(), from.toString(), to.toString(), rebuilt, last, readFrom.toString());
    tables
        .spark()
        .sparkContext()
        .setJobDescription("features build " + table.name() + " " + from + ".." + to);
    if (rebuilt) {
      tables.overwrite(rows, table.name(), note, FeatureBuilder.DS);
    } else {
      tables.replacePartitions(rows, table.name(), FeatureBuilder.DS, from, to, note);
    }
    tables.spark().sparkContext().setJobDescription(null);
    BuildCommit done = BuildCommit.latest(tables, table.name()).orElseThrow();
    Result r =
        new Result(
            table.name(),
            from.toString(),
            to.toString(),
            done.version(),
            done.rowsWritten(),
            table.hash(),
            readFrom + " .. " + to,
            rebuilt,
            Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    LOG.info("features build: done {}", r);
    return r;
  }

  private static void checkSourceDays(
      SourceReader reader,
      FeatureTable table,
      Source src,
      LocalDate readFrom,
      LocalDate from,
      LocalDate to,
      boolean allowPartial) {
    if (src.partitionColumn().isEmpty()) {
      return;
    }
    List<LocalDate> days = reader.days(src, to);
    List<String> missing = new ArrayList<>();
    LocalDate first = days.isEmpty() ? null : days.get(0);
    LocalDate checkFrom = first == null || readFrom.isAfter(first) ? readFrom : first;
    java.util.Set<LocalDate> have = new java.util.HashSet<>(days);
    for (LocalDate d = checkFrom; !d.isAfter(to); d = d.plusDays(1)) {
      if (!have.contains(d)) {
        missing.add(d.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw FeatureErrors.missingSourceDays(table.name(), src.location(), missing);
    }
    if (!allowPartial
        && readFrom.isBefore(first)
        && table.longestWindow().compareTo(Duration.ZERO) > 0) {
      Feature longest =
          table.features().stream()
              .filter(f -> f.aggregate().isPresent())
              .max((a, b) -> a.aggregate().get().window().compareTo(b.aggregate().get().window()))
              .orElseThrow();
      throw FeatureErrors.windowLongerThanData(
          table.name(),
          longest.name(),
          ceilDays(table.longestWindow()) + "d",
          readFrom.toString(),
          src.location(),
          first.toString());
    }
  }

  /** Whole days that cover {@code d} (a window of 36 hours reaches back 2 days). */
  public static long ceilDays(Duration d) {
    long days = d.toDays();
    return d.minusDays(days).isZero() ? days : days + 1;
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  /** Parses a commit's user metadata written by a build. */
  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }
}
