package io.ballast.features.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.features.ArgumentErrors;
import io.ballast.features.DefinitionErrors;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.Source;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
 *
 * <p>{@link #run} gathers what the decisions need (the table's last build commit, the source's
 * days), asks {@link FeatureBuildPlan}, then executes the plan: the reads, the target rows' times
 * when history collapses (one small aggregate), the lazy {@link FeatureBuilder#build}, one commit.
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
    List<String> keys = def.entities().get(table.entity()).keys();

    FeatureBuildPlan plan =
        FeatureBuildPlan.of(
            table, p.from(), p.to(), p.rebuild(), BuildCommit.latest(tables, table.name()));
    if (src.partitionColumn().isPresent()) {
      plan.requireSourceDays(src.location(), reader.days(src, plan.to()), p.allowPartialWindows());
    }
    LocalDate from = plan.from();
    LocalDate to = plan.to();
    Map<String, FeatureBuilder.Input> others = new LinkedHashMap<>();
    plan.otherSourcesFrom()
        .forEach(
            (name, since) -> {
              Source os = def.source(name);
              String at = os.knownAt().orElse(os.eventTime());
              others.put(name, new FeatureBuilder.Input(os, reader.read(os, at, since, to)));
            });
    FeatureBuilder.Input main =
        new FeatureBuilder.Input(src, reader.read(src, src.eventTime(), plan.ownSourceFrom(), to));
    Optional<FeatureBuilder.TargetTimes> targets =
        plan.collapsesHistory()
            ? FeatureBuilder.targetTimes(table, keys, main, from, to)
            : Optional.empty();
    Dataset<Row> rows = FeatureBuilder.build(table, keys, main, others, from, to, targets);
    if (plan.refused()) {
      // Only now: a new definition that does not resolve (a missing column, a cycle) says so
      // above, instead of hiding behind advice to rebuild with it.
      throw plan.refusal();
    }
    write(tables, plan, rows);
    BuildCommit done = BuildCommit.latest(tables, table.name()).orElseThrow();
    Result r =
        new Result(
            table.name(),
            from.toString(),
            to.toString(),
            done.version(),
            done.rowsWritten(),
            table.hash(),
            plan.readFrom() + " .. " + to,
            plan.rebuild(),
            Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    LOG.info("features build: done {}", r);
    return r;
  }

  /** One commit: the whole table on a rebuild, else exactly the plan's days. */
  private static void write(LakehouseTables tables, FeatureBuildPlan plan, Dataset<Row> rows) {
    String name = plan.table().name();
    tables
        .spark()
        .sparkContext()
        .setJobDescription("features build " + name + " " + plan.from() + ".." + plan.to());
    if (plan.rebuild()) {
      tables.overwrite(rows, name, plan.commitNote(), FeatureBuilder.DS);
    } else {
      tables.replacePartitions(
          rows, name, FeatureBuilder.DS, plan.from(), plan.to(), plan.commitNote());
    }
    tables.spark().sparkContext().setJobDescription(null);
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
