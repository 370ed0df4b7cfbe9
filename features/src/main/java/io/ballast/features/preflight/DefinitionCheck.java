package io.ballast.features.preflight;

import static io.ballast.features.preflight.SchemaChecks.column;
import static io.ballast.features.preflight.SchemaChecks.error;
import static io.ballast.features.preflight.SchemaChecks.firstLine;
import static io.ballast.features.preflight.SchemaChecks.timeColumn;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;

import io.ballast.features.BallastException;
import io.ballast.features.build.FeatureBuildPlan;
import io.ballast.features.build.SourceReader;
import io.ballast.features.config.Aggregate;
import io.ballast.features.config.Entity;
import io.ballast.features.config.Feature;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.Label;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.config.QualityCheck;
import io.ballast.features.config.Source;
import io.ballast.features.config.TableQuality;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks a loaded definition against the tables it names, writing nothing: every source is readable
 * and has its time, partition and key columns with usable types; every feature, label, filter and
 * quality predicate resolves against its source's schema (Spark's analyzer on an empty DataFrame of
 * that schema: no job); the model names only declared features; and each window is set against the
 * days the source holds (one min/max aggregate per source, the only Spark job).
 *
 * <p>Every problem is collected, with its path in the YAML and a fix, so one run lists them all.
 */
public final class DefinitionCheck {
  private final SourceReader reader;
  private final SchemaChecks names;
  private final DerivedColumnCheck derived;

  public DefinitionCheck(SparkSession spark, SourceReader reader) {
    this.reader = reader;
    this.names = new SchemaChecks(spark);
    this.derived = new DerivedColumnCheck(names);
  }

  public DefinitionReport check(PipelineDefinition d) {
    List<DefinitionProblem> problems = new ArrayList<>();
    Map<String, StructType> schemas = new LinkedHashMap<>();
    Map<String, SourceHistory> histories = new LinkedHashMap<>();
    derived.clear();
    for (Source s : d.sources().values()) {
      checkSource(d, s, problems, schemas, histories);
    }
    for (int t = 0; t < d.featureTables().size(); t++) {
      checkFeatureTable(d, t, schemas, histories, problems);
    }
    d.label().ifPresent(l -> checkLabel(d, l, schemas, problems));
    d.quality().values().forEach(q -> checkQuality(d, q, schemas, problems));
    for (int m = 0; m < d.models().size(); m++) {
      checkModel(d, m, problems);
    }
    // a derived key that does not resolve is named once per source, however many places need it
    return new DefinitionReport(
        d.file(), problems.stream().distinct().toList(), List.copyOf(histories.values()));
  }

  private void checkSource(
      PipelineDefinition d,
      Source s,
      List<DefinitionProblem> problems,
      Map<String, StructType> schemas,
      Map<String, SourceHistory> histories) {
    String at = "sources." + s.name();
    Dataset<Row> df;
    try {
      df = reader.readRaw(s);
    } catch (Exception e) {
      if (!(e instanceof AnalysisException) && !(e instanceof BallastException)) {
        throw e;
      }
      problems.add(
          error(
              at,
              "cannot read " + s.location() + " (" + firstLine(e.getMessage()) + ")",
              "Create it or correct its " + (s.table().isPresent() ? "table" : "path")));
      return;
    }
    StructType schema = derived.withDerived(d, s, df.schema(), problems);
    schemas.put(s.name(), schema);
    boolean timeOk = timeColumn(at + ".event_time", s.eventTime(), s, schema, problems);
    s.knownAt().ifPresent(k -> derived.knownAt(at + ".known_at", k, s, schema, problems));
    s.eventKey().ifPresent(k -> column(at + ".event_key", k, s, schema, problems));
    boolean partitionOk = true;
    if (s.partitionColumn().isPresent()) {
      String p = s.partitionColumn().get();
      partitionOk = column(at + ".partition_column", p, s, schema, problems);
      DataType type = partitionOk ? schema.apply(p).dataType() : null;
      if (partitionOk && !type.equals(DataTypes.StringType) && !type.equals(DataTypes.DateType)) {
        problems.add(
            error(
                at + ".partition_column",
                "column "
                    + p
                    + " of "
                    + s.location()
                    + " is "
                    + type.simpleString()
                    + ", not a day (string yyyy-MM-dd or date)",
                "Partition the source by a day column"));
        partitionOk = false;
      }
    }
    if (s.partitionColumn().isPresent() ? partitionOk : timeOk) {
      histories.put(s.name(), history(s, df, problems));
    }
  }

  /** First and last day of the source: one small aggregate (Delta answers partitions from logs). */
  private SourceHistory history(Source s, Dataset<Row> df, List<DefinitionProblem> problems) {
    String day = s.partitionColumn().map(p -> "CAST(" + quote(p) + " AS STRING)").orElse(null);
    Dataset<Row> days =
        day != null
            ? df.selectExpr(day + " AS d")
            : df.select(to_date(col(quote(s.eventTime()))).cast("string").as("d"));
    Row r = days.agg(min(col("d")), max(col("d"))).first();
    if (r.isNullAt(0)) {
      return new SourceHistory(s.name(), s.location(), Optional.empty(), Optional.empty());
    }
    try {
      return new SourceHistory(
          s.name(),
          s.location(),
          Optional.of(LocalDate.parse(r.getString(0))),
          Optional.of(LocalDate.parse(r.getString(1))));
    } catch (DateTimeParseException e) {
      problems.add(
          error(
              "sources." + s.name() + ".partition_column",
              "values of "
                  + s.partitionColumn().orElse("")
                  + " in "
                  + s.location()
                  + " are not days (e.g. '"
                  + r.getString(0)
                  + "')",
              "Partition the source by day as yyyy-MM-dd"));
      return new SourceHistory(s.name(), s.location(), Optional.empty(), Optional.empty());
    }
  }

  private void checkFeatureTable(
      PipelineDefinition d,
      int t,
      Map<String, StructType> schemas,
      Map<String, SourceHistory> histories,
      List<DefinitionProblem> problems) {
    FeatureTable ft = d.featureTables().get(t);
    String at = "feature_tables[" + t + "]";
    StructType schema = schemas.get(ft.source());
    if (schema == null) {
      return; // its source is unreadable: reported once, under sources
    }
    Source src = d.source(ft.source());
    Entity entity = d.entities().get(ft.entity());
    for (String k : entity.keys()) {
      derived.key(at + ".entity", entity, k, src, schema, problems);
    }
    for (int p = 0; p < ft.passthrough().size(); p++) {
      column(at + ".passthrough[" + p + "]", ft.passthrough().get(p), src, schema, problems);
    }
    // each feature is resolved against the source row plus the features before it
    StructType row = schema;
    Map<String, Long> longestBySource = new LinkedHashMap<>();
    for (int i = 0; i < ft.features().size(); i++) {
      Feature f = ft.features().get(i);
      String fat = at + ".features[" + i + "]";
      DataType type = DataTypes.DoubleType;
      if (f.expr().isPresent()) {
        type = names.resolve(fat + ".expr", f.expr().get(), row, src, problems).orElse(type);
      } else if (f.aggregate().isPresent()) {
        Aggregate a = f.aggregate().get();
        String aggSource = a.source().orElse(ft.source());
        StructType aggSchema = schemas.get(aggSource);
        if (aggSchema != null) {
          Source as = d.source(aggSource);
          if (a.source().isPresent()) {
            for (String k : entity.keys()) {
              derived.key(fat + ".source", entity, k, as, aggSchema, problems);
            }
          }
          if (a.of() != null && !a.of().isBlank()) {
            names.resolve(fat + ".of", a.of(), aggSchema, as, problems);
          }
          a.filter().ifPresent(x -> names.resolve(fat + ".filter", x, aggSchema, as, problems));
        }
        longestBySource.putIfAbsent(aggSource, FeatureBuildPlan.lookbackDays(ft, aggSource));
      }
      // a feature named like a source column (amount: amount) replaces it, as the build does
      List<StructField> fields = new ArrayList<>();
      for (StructField sf : row.fields()) {
        if (!sf.name().equals(f.name())) {
          fields.add(sf);
        }
      }
      fields.add(
          new StructField(f.name(), type, true, org.apache.spark.sql.types.Metadata.empty()));
      row = new StructType(fields.toArray(new StructField[0]));
    }
    longestBySource.forEach(
        (source, days) -> {
          SourceHistory h = histories.get(source);
          if (h != null && h.days() < days) {
            problems.add(
                new DefinitionProblem(
                    at,
                    "the longest window over "
                        + source
                        + " is "
                        + days
                        + " days but "
                        + h.location()
                        + " holds "
                        + h.days()
                        + " day(s)"
                        + h.first().map(f -> " (" + f + " .. " + h.last().get() + ")").orElse(""),
                    "Early rows' windows cover only the history there is; load more history or"
                        + " shorten the window",
                    false));
          }
        });
  }

  private void checkLabel(
      PipelineDefinition d, Label l, Map<String, StructType> schemas, List<DefinitionProblem> p) {
    StructType schema = schemas.get(l.source());
    if (schema == null) {
      return;
    }
    Source src = d.source(l.source());
    names.resolve("label.column", l.column(), schema, src, p);
    Map<String, Entity> keys = new LinkedHashMap<>();
    for (FeatureTable ft : d.featureTables()) {
      Entity e = d.entities().get(ft.entity());
      e.keys().forEach(k -> keys.putIfAbsent(k, e));
    }
    keys.forEach((k, e) -> derived.key("label.source", e, k, src, schema, p));
  }

  private void checkQuality(
      PipelineDefinition d,
      TableQuality q,
      Map<String, StructType> schemas,
      List<DefinitionProblem> problems) {
    for (int i = 0; i < q.checks().size(); i++) {
      QualityCheck c = q.checks().get(i);
      String at = "quality." + q.table() + ".checks[" + i + "]";
      if (d.sources().containsKey(q.table())) {
        StructType schema = schemas.get(q.table());
        if (schema == null) {
          continue;
        }
        Source src = d.source(q.table());
        c.columns().forEach(col -> column(at + ".column", col, src, schema, problems));
        c.predicate().ifPresent(x -> names.resolve(at + ".predicate", x, schema, src, problems));
        continue;
      }
      Optional<FeatureTable> ft = d.featureTable(q.table());
      if (ft.isEmpty()) {
        continue; // the loader reports unknown tables
      }
      Set<String> known = featureTableColumns(d, ft.get());
      for (String col : c.columns()) {
        if (!known.contains(col)) {
          problems.add(
              error(
                  at + ".column",
                  "feature table "
                      + q.table()
                      + " has no column "
                      + col
                      + " (it has: "
                      + String.join(", ", known)
                      + ")",
                  "Name one of its features, entity keys or passthrough columns"));
        }
      }
    }
  }

  private static Set<String> featureTableColumns(PipelineDefinition d, FeatureTable ft) {
    Set<String> known = new java.util.LinkedHashSet<>(d.entities().get(ft.entity()).keys());
    known.addAll(ft.passthrough());
    Source src = d.source(ft.source());
    known.add(src.eventTime());
    src.partitionColumn().ifPresent(known::add);
    ft.features().forEach(f -> known.add(f.name()));
    return known;
  }

  private static void checkModel(PipelineDefinition d, int m, List<DefinitionProblem> problems) {
    ModelSpec spec = d.models().get(m);
    Set<String> features = new HashSet<>(d.featureNames());
    String at = "models[" + m + "]";
    List<List<String>> lists = List.of(spec.features(), spec.categorical());
    List<String> keys = List.of("features", "categorical");
    for (int k = 0; k < lists.size(); k++) {
      for (String f : lists.get(k)) {
        if (!features.contains(f)) {
          problems.add(
              error(
                  at + "." + keys.get(k),
                  "model " + spec.name() + " names " + f + ", which no feature table declares",
                  "Name a declared feature (" + String.join(", ", d.featureNames()) + ")"));
        }
      }
    }
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
