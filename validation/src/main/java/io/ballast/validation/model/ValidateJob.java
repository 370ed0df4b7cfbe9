package io.ballast.validation.model;

import static org.apache.spark.sql.functions.col;

import io.ballast.features.build.FeatureBuilder;
import io.ballast.features.config.FeatureTable;
import io.ballast.features.config.ModelSpec;
import io.ballast.features.config.PipelineDefinition;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.pit.TrainingSetJob;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.features.tracking.ModelVersion;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ballast model validate}: the version's held-out test window rebuilt point-in-time (the
 * feature-table versions it was trained on pinned), scored by the version and, on the same rows, by
 * the current champion; every metric by slice, fairness, the champion comparison and the gates
 * ({@link ModelValidation}); the metrics to {@code ballast.model_metrics} and the decision to
 * {@code ballast.model_validations}. Bad input (no test window, a slice that does not resolve)
 * fails before anything is scored or written.
 */
public final class ValidateJob {
  private static final Logger LOG = LoggerFactory.getLogger(ValidateJob.class);

  private ValidateJob() {}

  /**
   * @param version empty: the model's {@code challenger}
   * @param user recorded as the decider
   */
  public record Params(Optional<String> model, Optional<String> version, String user) {}

  /** What validation found and decided. */
  public record Result(
      String validationId,
      String model,
      String version,
      Optional<String> championVersion,
      String windowFrom,
      String windowTo,
      boolean passed,
      List<SliceMetrics> metrics,
      Map<String, Double> fairness,
      Optional<Comparison> comparison,
      List<GateResult> gates,
      double seconds) {

    /** The failed gates, described. */
    public List<String> failures() {
      return gates.stream().filter(g -> !g.passed()).map(GateResult::describe).toList();
    }
  }

  /** The version to act on: the one given, else the model's challenger. */
  static ModelVersion target(ModelRegistry registry, String model, Optional<String> version) {
    if (version.isPresent()) {
      return registry.version(model, version.get());
    }
    return registry.resolve(model + "@" + ModelRegistry.CHALLENGER);
  }

  public static Result run(
      LakehouseTables tables, PipelineDefinition def, Params p, ModelRegistry registry) {
    Instant t0 = Instant.now();
    ModelSpec spec = def.modelSpec(p.model());
    ModelVersion v = target(registry, spec.name(), p.version());
    TestWindow w = TestWindow.of(v, registry);
    String champ = registry.aliases(spec.name()).get(ModelRegistry.CHAMPION);
    Optional<ModelVersion> champion =
        champ == null || champ.equals(v.version())
            ? Optional.empty()
            : Optional.of(registry.version(spec.name(), champ));
    LOG.info(
        "validate: start {} version {} on {}..{} vs champion {}",
        spec.name(),
        v.version(),
        w.from(),
        w.to(),
        champion.map(ModelVersion::version).orElse("none"));

    Map<String, Long> pins = new LinkedHashMap<>();
    w.pins()
        .forEach(
            (t, ver) -> {
              if (def.featureTable(t).isPresent()) {
                pins.put(t, ver);
              }
            });
    TrainingSetJob.Assembled set =
        TrainingSetJob.assemble(
            tables,
            def,
            new TrainingSetJob.Params(w.from(), w.to(), pins, Optional.empty(), w.knownBy(), ""));
    Dataset<Row> rows = set.rows();
    ModelValidation.checkExpressions(rows, spec.validation());
    champion.ifPresent(c -> checkFeatures(c, rows));

    tables.spark().sparkContext().setJobDescription("validate: score " + spec.name());
    Dataset<Row> scored = score(rows, v, ModelValidation.SCORE);
    if (champion.isPresent()) {
      scored = score(scored, champion.get(), ModelValidation.CHAMPION_SCORE);
    }
    scored = scored.cache();
    try {
      if (scored.isEmpty()) {
        throw ValidationErrors.emptyTestWindow(spec.name(), v.version(), w.from() + ".." + w.to());
      }
      List<String> ids = new ArrayList<>(idColumns(def));
      ModelValidation.Report report =
          ModelValidation.run(scored, spec.validation(), ids, champion.map(ModelVersion::version));
      String id = UUID.randomUUID().toString().replace("-", "");
      new ValidationStore(tables)
          .write(
              new ValidationStore.Key(
                  id,
                  def.name(),
                  spec.name(),
                  v.version(),
                  champion.map(ModelVersion::version),
                  w.from().toString(),
                  w.to().toString(),
                  p.user(),
                  Timestamp.from(Instant.now())),
              report);
      Result r =
          new Result(
              id,
              spec.name(),
              v.version(),
              champion.map(ModelVersion::version),
              w.from().toString(),
              w.to().toString(),
              report.passed(),
              report.metrics(),
              report.fairness(),
              report.comparison(),
              report.gates(),
              Duration.between(t0, Instant.now()).toMillis() / 1000.0);
      LOG.info(
          "validate: done {} version {}: {} ({} gates, {} failed) in {} s",
          r.model(),
          r.version(),
          r.passed() ? "passed" : "FAILED",
          r.gates().size(),
          r.failures().size(),
          r.seconds());
      return r;
    } finally {
      scored.unpersist();
      tables.spark().sparkContext().setJobDescription(null);
    }
  }

  /** Adds the version's probability of the positive class as {@code column}, nothing else. */
  static Dataset<Row> score(Dataset<Row> rows, ModelVersion v, String column) {
    List<Column> keep = new ArrayList<>();
    Arrays.stream(rows.columns()).forEach(c -> keep.add(col(c)));
    keep.add(functions.vector_to_array(col("probability"), "float64").getItem(1).as(column));
    return PipelineModel.load(v.sparkmlPath()).transform(rows).select(keep.toArray(Column[]::new));
  }

  private static void checkFeatures(ModelVersion champion, Dataset<Row> rows) {
    String features = champion.tags().get("ballast.features");
    if (features == null || features.isBlank()) {
      return;
    }
    List<String> have = List.of(rows.columns());
    List<String> missing =
        Arrays.stream(features.split(","))
            .map(String::trim)
            .filter(f -> !have.contains(f))
            .toList();
    if (!missing.isEmpty()) {
      throw ValidationErrors.championMissingFeatures(champion.name(), champion.version(), missing);
    }
  }

  /** Entity keys and event time: what identifies a test row for the bootstrap's weights. */
  static List<String> idColumns(PipelineDefinition def) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (FeatureTable t : def.featureTables()) {
      out.addAll(def.entities().get(t.entity()).keys());
    }
    out.add(FeatureBuilder.EVENT_TS);
    out.add(TrainingSetJob.LABEL_KNOWN_AT);
    return List.copyOf(out);
  }
}
