package io.ballast.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.LakehouseErrors;
import io.ballast.features.build.FeatureBuilder;
import io.ballast.features.build.SourceReader;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.Source;
import io.ballast.features.lakehouse.LakehouseTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows a model is asked about: the events of the scored days in the scoring source (by default
 * the source of the definition's first feature table, e.g. card payments), with the passthrough
 * columns (e.g. {@code txn_id}), the entity keys of every feature table, {@code event_ts} and
 * {@code ds}. These are the spine of the point-in-time join, as label events are for a training
 * set.
 */
public final class ScoringSpine {
  private ScoringSpine() {}

  /** The scoring source: the one named, or the first feature table's source. */
  public static Source source(PipelineDefinition def, Optional<String> name) {
    if (name.isPresent()) {
      if (!def.sources().containsKey(name.get())) {
        throw ScoringErrors.unknownSource(
            "--source", name.get(), List.copyOf(new TreeSet<>(def.sources().keySet())));
      }
      return def.source(name.get());
    }
    if (def.featureTables().isEmpty()) {
      throw ArgumentErrors.badArgument(
          "--pipeline", def.file(), "the definition declares no feature tables to score from");
    }
    return def.source(def.featureTables().get(0).source());
  }

  /** Passthrough columns of the tables built from this source, then every entity key. */
  public static List<String> keys(PipelineDefinition def, Source s) {
    Set<String> out = new LinkedHashSet<>();
    for (FeatureTable t : def.featureTables()) {
      if (t.source().equals(s.name())) {
        out.addAll(t.passthrough());
      }
    }
    for (FeatureTable t : def.featureTables()) {
      out.addAll(def.entities().get(t.entity()).keys());
    }
    out.remove(FeatureBuilder.EVENT_TS);
    out.remove(FeatureBuilder.DS);
    return List.copyOf(out);
  }

  /** The spine of days {@code from..to}: {@link #keys}, {@code event_ts}, {@code ds}. */
  public static Dataset<Row> read(
      LakehouseTables tables, PipelineDefinition def, Source s, LocalDate from, LocalDate to) {
    Dataset<Row> raw = new SourceReader(tables).read(s, s.eventTime(), from, to);
    List<String> keys = keys(def, s);
    List<String> needed = new ArrayList<>(keys);
    needed.add(s.eventTime());
    List<String> have = List.of(raw.columns());
    List<String> missing = needed.stream().filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw LakehouseErrors.missingColumns(
          "score", "scoring source " + s.name() + " (" + s.location() + ")", missing, have);
    }
    List<Column> sel = new ArrayList<>();
    keys.forEach(k -> sel.add(col(k)));
    sel.add(col(s.eventTime()).as(FeatureBuilder.EVENT_TS));
    sel.add(
        s.partitionColumn()
            .map(p -> col(p).cast("string"))
            .orElse(date_format(col(s.eventTime()), "yyyy-MM-dd"))
            .as(FeatureBuilder.DS));
    return raw.select(sel.toArray(Column[]::new));
  }
}
