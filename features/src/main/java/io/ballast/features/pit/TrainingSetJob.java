package io.ballast.features.pit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.features.ArgumentErrors;
import io.ballast.features.DefinitionErrors;
import io.ballast.features.LakehouseErrors;
import io.ballast.features.TrainingSetErrors;
import io.ballast.features.build.BuildCommit;
import io.ballast.features.build.FeatureBuilder;
import io.ballast.features.build.SourceReader;
import io.ballast.features.config.Feature;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.Label;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.Source;
import io.ballast.features.lakehouse.Lakehouse;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code features training-set}: label events of {@code from..to} joined point-in-time to every
 * feature table, each read at a pinned Delta version, as of a timestamp, or at its latest version;
 * the versions used are recorded with the result (lineage).
 */
public final class TrainingSetJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingSetJob.class);
  public static final String LABEL = "label";
  public static final String LABEL_KNOWN_AT = "label_known_at";

  /** How to assemble the set. */
  public record Params(
      LocalDate from,
      LocalDate to,
      Map<String, Long> pins,
      Optional<String> asOfTimestamp,
      Optional<LocalDate> knownBy,
      String outputTable) {

    /**
     * The rows of a time split (its first training day to its last test day), not written to a
     * table.
     *
     * @param pins feature table -> the version to read (empty: the latest)
     * @param knownBy labels known by this day (empty: every label)
     */
    public static Params of(TimeSplit split, Map<String, Long> pins, Optional<LocalDate> knownBy) {
      return new Params(split.trainFrom(), split.testTo(), pins, Optional.empty(), knownBy, "");
    }
  }

  /** What was assembled. */
  public record Result(
      String table,
      String from,
      String to,
      long rows,
      long positives,
      Map<String, Long> featureTableVersions,
      List<String> features,
      double seconds) {}

  private TrainingSetJob() {}

  /**
   * The training set as a DataFrame, with the feature-table versions it read, and its label rows
   * before the feature joins (keys, {@code event_ts}, {@code label_known_at}, {@code label}: one
   * per training row, cheap to count).
   */
  public record Assembled(
      Dataset<Row> rows,
      Map<String, Long> versions,
      List<String> features,
      Dataset<Row> labels,
      Map<String, String> joins) {}

  public static Assembled assemble(LakehouseTables tables, PipelineDefinition def, Params p) {
    Label label = def.label().orElseThrow(() -> DefinitionErrors.noLabel(def.file()));
    if (p.from().isAfter(p.to())) {
      throw ArgumentErrors.badDateRange(p.from().toString(), p.to().toString());
    }
    for (String pinned : p.pins().keySet()) {
      if (def.featureTable(pinned).isEmpty()) {
        throw DefinitionErrors.unknownFeatureTable(
            pinned, def.featureTables().stream().map(FeatureTable::name).toList());
      }
    }
    Source ls = def.source(label.source());
    LinkedHashSet<String> keys = new LinkedHashSet<>();
    for (FeatureTable t : def.featureTables()) {
      keys.addAll(def.entities().get(t.entity()).keys());
    }
    SourceReader reader = new SourceReader(tables);
    Dataset<Row> raw = reader.readAll(ls);
    if (ls.partitionColumn().isPresent()) {
      // Labels arrive after their event: partitions (by arrival) from the first event day on.
      raw = raw.where(col(ls.partitionColumn().get()).geq(p.from().toString()));
      if (p.knownBy().isPresent()) {
        raw = raw.where(col(ls.partitionColumn().get()).leq(p.knownBy().get().toString()));
      }
    }
    List<String> needed = new ArrayList<>(keys);
    needed.add(ls.eventTime());
    ls.knownAt().ifPresent(needed::add);
    List<String> have = List.of(raw.columns());
    List<String> missing = needed.stream().filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw LakehouseErrors.missingColumns(
          "build a training set", "label source " + ls.name(), missing, have);
    }
    String knownAt = ls.knownAt().orElse(ls.eventTime());
    List<Column> sel = new ArrayList<>();
    keys.forEach(k -> sel.add(col(k)));
    // labels that name their event by a feature source's event key are joined by it
    for (String k : eventKeys(def)) {
      if (have.contains(k) && !keys.contains(k)) {
        sel.add(col(k));
      }
    }
    sel.add(col(ls.eventTime()).as(FeatureBuilder.EVENT_TS));
    sel.add(col(knownAt).as(LABEL_KNOWN_AT));
    sel.add(expr(label.column()).as(LABEL));
    Dataset<Row> labels =
        raw.where(
                expr("date_format(" + ls.eventTime() + ", 'yyyy-MM-dd')")
                    .between(p.from().toString(), p.to().toString()))
            .select(sel.toArray(Column[]::new));
    if (p.knownBy().isPresent()) {
      labels =
          labels.where(
              col(LABEL_KNOWN_AT)
                  .lt(expr("timestamp'" + p.knownBy().get().plusDays(1) + " 00:00:00'")));
    }

    Map<String, Long> versions = new LinkedHashMap<>();
    for (FeatureTable t : def.featureTables()) {
      versions.put(t.name(), resolveVersion(tables, t.name(), p));
    }
    List<String> featureNames = def.featureNames();
    Dataset<Row> out = joinFeatures(tables, def, labels, p.from(), p.to(), versions, featureNames);
    Map<String, String> joins =
        FeatureJoin.describe(FeatureJoin.plan(def, List.of(labels.columns())));
    return new Assembled(out, versions, featureNames, labels, joins);
  }

  /** The event keys feature tables pass through from their sources (see {@link FeatureJoin}). */
  static List<String> eventKeys(PipelineDefinition def) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (FeatureTable t : def.featureTables()) {
      Source s = def.sources().get(t.source());
      if (s != null && s.eventKey().isPresent() && t.passthrough().contains(s.eventKey().get())) {
        out.add(s.eventKey().get());
      }
    }
    return List.copyOf(out);
  }

  /**
   * The one path from event rows to model inputs, shared by training sets and scoring: each row of
   * {@code spine} (the entity keys and {@code event_ts}, any other columns kept as they are) joined
   * point-in-time (by event key or as of, as {@link FeatureJoin} decides) to every feature table
   * that declares one of {@code wanted}, each read at the given Delta version, only the wanted
   * feature columns, only the days {@code from - ttl .. to} can reach.
   *
   * @param versions the Delta version to read, by feature table name
   */
  public static Dataset<Row> joinFeatures(
      LakehouseTables tables,
      PipelineDefinition def,
      Dataset<Row> spine,
      LocalDate from,
      LocalDate to,
      Map<String, Long> versions,
      List<String> wanted) {
    // Each join sorts the rows so far with the table's rows: join the narrowest tables first, so
    // that fewer feature columns ride along through the later sorts. Columns keep the definition's
    // order.
    List<String> order = new ArrayList<>(List.of(spine.columns()));
    List<FeatureTable> narrowFirst = new ArrayList<>();
    for (FeatureTable t : def.featureTables()) {
      List<String> cols =
          t.features().stream().map(Feature::name).filter(wanted::contains).toList();
      if (!cols.isEmpty()) {
        narrowFirst.add(t);
        order.addAll(cols);
      }
    }
    narrowFirst.sort(
        java.util.Comparator.comparingLong(
            t -> t.features().stream().map(Feature::name).filter(wanted::contains).count()));
    Dataset<Row> out = spine;
    for (FeatureTable t : narrowFirst) {
      List<String> cols =
          t.features().stream().map(Feature::name).filter(wanted::contains).toList();
      Long version = versions.get(t.name());
      if (version == null) {
        throw new IllegalStateException("no version given for feature table " + t.name());
      }
      DataFrameReader r = tables.spark().read().format("delta").option("versionAsOf", version);
      Dataset<Row> f = r.load(tables.lakehouse().tablePath(t.name()));
      FeatureJoin join = FeatureJoin.of(def, t, List.of(spine.columns()));
      if (join.eventKey().isPresent()) {
        // an event's own row sits on its event day; a day of slack for a spine partitioned by
        // arrival or another time zone
        f = f.where(col(FeatureBuilder.DS).between(from.minusDays(1).toString(), to.toString()));
        out = PointInTimeJoin.byEventKey(out, f, join.eventKey().get(), cols);
        continue;
      }
      LocalDate earliest = t.ttl().map(d -> from.minusDays(d.toDays() + 1)).orElse(LocalDate.MIN);
      if (!earliest.equals(LocalDate.MIN)) {
        f = f.where(col(FeatureBuilder.DS).geq(earliest.toString()));
      }
      f = f.where(col(FeatureBuilder.DS).leq(to.toString()));
      out =
          PointInTimeJoin.asOf(
              out,
              FeatureBuilder.EVENT_TS,
              f,
              def.entities().get(t.entity()).keys(),
              cols,
              t.ttl());
    }
    return out.select(
        order.stream().map(c -> col("`" + c.replace("`", "``") + "`")).toArray(Column[]::new));
  }

  public static Result run(LakehouseTables tables, PipelineDefinition def, Params p) {
    Instant t0 = Instant.now();
    LOG.info("training set: start {}", p);
    Assembled a = assemble(tables, def, p);
    ObjectNode note = new ObjectMapper().createObjectNode();
    note.put("writer", "ballast features training-set");
    note.put("pipeline", def.name());
    note.put("definition_hash", def.hash());
    note.put("from", p.from().toString());
    note.put("to", p.to().toString());
    ObjectNode v = note.putObject("feature_table_versions");
    a.versions().forEach(v::put);
    ObjectNode j = note.putObject("feature_joins");
    a.joins().forEach(j::put);
    tables.spark().sparkContext().setJobDescription("training set " + p.from() + ".." + p.to());
    tables.overwrite(a.rows(), p.outputTable(), note.toString());
    Row stats =
        tables
            .read(p.outputTable())
            .selectExpr("count(*)", "coalesce(sum(CAST(label AS BIGINT)), 0)")
            .first();
    tables.spark().sparkContext().setJobDescription(null);
    if (stats.getLong(0) == 0) {
      Label label = def.label().orElseThrow();
      throw TrainingSetErrors.emptyLabels(
          def.source(label.source()).location(), p.from().toString(), p.to().toString());
    }
    Result r =
        new Result(
            Lakehouse.qualified(p.outputTable()),
            p.from().toString(),
            p.to().toString(),
            stats.getLong(0),
            stats.getLong(1),
            a.versions(),
            a.features(),
            Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    LOG.info("training set: done {}", r);
    return r;
  }

  /** The version to read: pinned, as of a timestamp, or the latest; checked to exist. */
  static long resolveVersion(LakehouseTables tables, String table, Params p) {
    List<BuildCommit> history = BuildCommit.history(tables, table);
    if (history.isEmpty()) {
      throw LakehouseErrors.tableNotFound(Lakehouse.qualified(table), tables.list());
    }
    long latest = history.get(0).version();
    Long pinned = p.pins().get(table);
    if (pinned != null) {
      if (pinned < 0 || pinned > latest) {
        throw LakehouseErrors.versionNotFound(table, String.valueOf(pinned), latest);
      }
      return pinned;
    }
    if (p.asOfTimestamp().isPresent()) {
      String ts = p.asOfTimestamp().get();
      return history.stream()
          .filter(c -> c.timestamp().compareTo(ts) <= 0)
          .mapToLong(BuildCommit::version)
          .max()
          .orElseThrow(
              () ->
                  LakehouseErrors.noVersionAsOf(
                      table, ts, history.get(history.size() - 1).timestamp()));
    }
    return latest;
  }
}
