package io.ballast.jobs.report;

import static org.apache.spark.sql.functions.col;

import io.ballast.features.lakehouse.BallastTable;
import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.AliasEvent;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.features.tracking.ModelVersion;
import io.ballast.jobs.calibration.CalibrationStore;
import io.ballast.scoring.explain.AttributionShares;
import io.ballast.scoring.explain.GlobalImportance;
import io.ballast.validation.model.TestWindow;
import io.ballast.validation.model.ValidationStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * {@code ballast model card}: a version's card in Markdown and HTML: lineage (pipeline, data and
 * feature-table versions, windows), params, test metrics, slices, fairness, calibration, global
 * importance (mean |attribution| per feature on the test window), the latest gate results and the
 * promotion history. Reads the registry and the validation tables; writes only the two files.
 */
public final class ModelCard {
  static final List<String> SLICE_METRICS =
      List.of("rows", "positives", "roc_auc", "pr_auc", "precision", "recall", "ece");

  private ModelCard() {}

  /** The files written. */
  public record Result(String markdown, String html, boolean validated) {}

  public static Result write(
      LakehouseTables tables, ModelRegistry registry, String model, String version, Path dir) {
    ModelVersion v = registry.version(model, version);
    Map<String, String> params = registry.runParams(v.runId());
    CardDocument doc = build(tables, registry, v, params);
    Path md = dir.resolve(model + "-v" + version + ".md");
    Path html = dir.resolve(model + "-v" + version + ".html");
    try {
      Files.createDirectories(dir);
      Files.writeString(md, doc.markdown(), StandardCharsets.UTF_8);
      Files.writeString(html, doc.html(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model card to " + dir, e);
    }
    boolean validated =
        tables.exists(BallastTable.MODEL_VALIDATIONS.name())
            && new ValidationStore(tables).latest(model, version).isPresent();
    return new Result(md.toString(), html.toString(), validated);
  }

  static CardDocument build(
      LakehouseTables tables, ModelRegistry registry, ModelVersion v, Map<String, String> params) {
    CardDocument doc = new CardDocument("Model card: " + v.name() + " version " + v.version());
    Map<String, String> tags = v.tags();
    doc.section("Version")
        .fact("aliases", v.aliases().isEmpty() ? "(none)" : String.join(", ", v.aliases()))
        .fact("registered", Instant.ofEpochMilli(v.createdMillis()))
        .fact("training run", v.runId())
        .fact("model files", v.sparkmlPath())
        .fact("status", v.status());
    CardDocument.Section lineage =
        doc.section("Data and lineage")
            .fact("pipeline", tags.getOrDefault("ballast.pipeline", "?"))
            .fact("definition hash", tags.getOrDefault("ballast.definition_hash", "?"))
            .fact("as of", tags.getOrDefault("ballast.as_of", "?"))
            .fact(
                "training window",
                params.getOrDefault("train_window", tags.get("ballast.train_window")))
            .fact("validation window", params.getOrDefault("validation_window", "?"))
            .fact(
                "test window", params.getOrDefault("test_window", tags.get("ballast.test_window")))
            .fact("labels known by", params.getOrDefault("labels_known_by", "all"))
            .fact("features", tags.getOrDefault("ballast.features", "?"));
    List<List<String>> ft = new ArrayList<>();
    new TreeMap<>(tags)
        .forEach(
            (k, val) -> {
              if (k.startsWith(TestWindow.TABLE_TAG)) {
                ft.add(List.of("ballast." + k.substring(TestWindow.TABLE_TAG.length()), val));
              }
            });
    lineage.table(List.of("feature table", "Delta version"), ft);

    List<List<String>> ps = new ArrayList<>();
    new TreeMap<>(params)
        .forEach(
            (k, val) -> {
              if (!k.startsWith(TestWindow.TABLE_PARAM) && !k.endsWith("_window")) {
                ps.add(List.of(k, val));
              }
            });
    doc.section("Parameters").table(List.of("param", "value"), ps);

    reproduce(doc, v, params);
    metrics(tables, doc, v);
    calibration(tables, doc, v, params);
    importance(tables, doc, v);
    gates(tables, doc, v);

    List<List<String>> ev = new ArrayList<>();
    for (AliasEvent e : registry.aliasEvents(v.name())) {
      ev.add(
          List.of(
              Instant.ofEpochMilli(e.atMillis()).toString(),
              e.action(),
              e.alias(),
              e.fromVersion() == null ? "-" : e.fromVersion(),
              e.toVersion(),
              String.valueOf(e.user()),
              String.valueOf(e.reason())));
    }
    doc.section("Promotion history")
        .table(List.of("when", "action", "alias", "from", "to", "who", "why"), ev);
    return doc;
  }

  /** How to rebuild and retrain the version's run ({@code ballast train --reproduce}). */
  private static void reproduce(CardDocument doc, ModelVersion v, Map<String, String> params) {
    CardDocument.Section r = doc.section("Reproduce");
    if (v.runId() == null || v.runId().isEmpty() || !params.containsKey("labels_known_by")) {
      r.note(
          "The training run did not record what a reproduction needs (windows, labels known by,"
              + " feature-table versions): it cannot be reproduced.");
      return;
    }
    r.fact(
            "command",
            "ballast train --reproduce "
                + v.runId()
                + " --pipeline <the definition with hash "
                + v.tags().getOrDefault("ballast.definition_hash", "?")
                + ">")
        .note(
            "Rebuilds the training set from the feature-table versions above (Delta time travel:"
                + " they must not be vacuumed), the labels known by "
                + params.get("labels_known_by")
                + ", the same windows and seed "
                + params.getOrDefault(
                    "seed", String.valueOf(io.ballast.jobs.train.SearchSpace.SEED))
                + ", trains again and compares params, metrics and test-window predictions"
                + " (default tolerance 1e-9; exit 5 when they differ). The reproduction is a run"
                + " tagged ballast.reproduces; it registers no version.");
  }

  private static void metrics(LakehouseTables tables, CardDocument doc, ModelVersion v) {
    CardDocument.Section m = doc.section("Metrics on the test window");
    CardDocument.Section s = doc.section("Slices");
    CardDocument.Section f = doc.section("Fairness");
    if (!tables.exists(BallastTable.MODEL_METRICS.name())) {
      m.note("Not validated yet: run 'ballast model validate'.");
      return;
    }
    List<Row> rows =
        tables
            .read(BallastTable.MODEL_METRICS.name())
            .where(
                col("model_name")
                    .equalTo(v.name())
                    .and(col("model_version").equalTo(v.version()))
                    .and(col("dataset").equalTo(ValidationStore.TEST)))
            .select("slice", "slice_value", "metric", "value")
            .orderBy("slice", "slice_value", "metric")
            .collectAsList();
    Map<String, Map<String, String>> bySlice = new LinkedHashMap<>();
    List<List<String>> all = new ArrayList<>();
    List<List<String>> fair = new ArrayList<>();
    for (Row r : rows) {
      String slice = r.getString(0);
      String value = fmt(r.isNullAt(3) ? null : r.getDouble(3));
      if (slice.equals("all")) {
        all.add(List.of(r.getString(2), value));
      } else if (slice.equals("fairness")) {
        fair.add(List.of(r.getString(2), value));
      } else {
        bySlice
            .computeIfAbsent(slice + "\u0000" + r.getString(1), k -> new LinkedHashMap<>())
            .put(r.getString(2), value);
      }
    }
    m.table(List.of("metric", "value"), all);
    List<List<String>> st = new ArrayList<>();
    bySlice.forEach(
        (k, vals) -> {
          String[] sv = k.split("\u0000", 2);
          List<String> row = new ArrayList<>(List.of(sv[0], sv[1]));
          SLICE_METRICS.forEach(x -> row.add(vals.getOrDefault(x, "-")));
          st.add(row);
        });
    List<String> head = new ArrayList<>(List.of("slice", "value"));
    head.addAll(SLICE_METRICS);
    s.table(head, st);
    f.note("Differences protected group minus the rest, at the decision threshold.")
        .table(List.of("difference", "value"), fair);
  }

  /** ECE before and after calibration and the test window's reliability curves. */
  private static void calibration(
      LakehouseTables tables, CardDocument doc, ModelVersion v, Map<String, String> params) {
    CardDocument.Section c =
        doc.section("Calibration")
            .fact("method", params.getOrDefault("calibration", "none (trained before calibration)"))
            .fact("curve", params.getOrDefault("calibration.curve", "-"));
    List<Row> rows = new CalibrationStore(tables).read(v.name(), v.version());
    if (rows.isEmpty()) {
      c.note("No calibration recorded for this version.");
      return;
    }
    List<List<String>> summary = new ArrayList<>();
    Map<String, Map<String, String>> bins = new TreeMap<>();
    for (Row r : rows) {
      String value = fmt(r.isNullAt(3) ? null : r.getDouble(3));
      if (r.getString(0).equals("all")) {
        summary.add(List.of(r.getString(2), value));
      } else {
        String side = r.getString(0).equals(CalibrationStore.BEFORE) ? "before" : "after";
        bins.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>())
            .put(side + " " + r.getString(2), value);
      }
    }
    List<String> cols =
        List.of(
            "before mean_score",
            "before observed_rate",
            "before rows",
            "after mean_score",
            "after observed_rate",
            "after rows");
    List<List<String>> curve = new ArrayList<>();
    bins.forEach(
        (bin, vals) -> {
          List<String> row = new ArrayList<>(List.of(bin));
          cols.forEach(x -> row.add(vals.getOrDefault(x, "-")));
          curve.add(row);
        });
    List<String> head = new ArrayList<>(List.of("score bin (test window)"));
    head.addAll(cols);
    c.note(
            "Fitted on the validation window; ECE on the test window (held out from both) and on"
                + " the validation window, before and after.")
        .table(List.of("metric", "value"), summary)
        .table(head, curve);
  }

  /** Mean |attribution| per input feature on the test window, largest first, and its share. */
  private static void importance(LakehouseTables tables, CardDocument doc, ModelVersion v) {
    CardDocument.Section s = doc.section("Global importance");
    var m = GlobalImportance.read(tables, v.name(), v.version());
    if (m.isEmpty()) {
      s.note("No global importance recorded for this version (trained before it was measured).");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    int rank = 1;
    for (AttributionShares.Importance i : m.get().features()) {
      rows.add(
          List.of(
              String.valueOf(rank++),
              i.feature(),
              String.format(Locale.ROOT, "%.6f", i.meanAbsolute()),
              String.format(Locale.ROOT, "%.1f%%", 100 * i.share())));
    }
    s.note(
            String.format(
                Locale.ROOT,
                "Mean absolute attribution of each input feature over the %,d rows of the test"
                    + " window, by the model's explainer (as score --explain), in its margin space;"
                    + " the shares are the baseline of attribution drift.",
                m.get().rows()))
        .table(List.of("rank", "feature", "mean absolute attribution", "share of total"), rows);
  }

  private static void gates(LakehouseTables tables, CardDocument doc, ModelVersion v) {
    CardDocument.Section g = doc.section("Gate results (latest validation)");
    if (!tables.exists(BallastTable.MODEL_VALIDATIONS.name())) {
      g.note("Not validated yet.");
      return;
    }
    var d = new ValidationStore(tables).latest(v.name(), v.version());
    if (d.isEmpty()) {
      g.note("Not validated yet.");
      return;
    }
    g.fact("validation", d.get().validationId())
        .fact("decided at", d.get().at())
        .fact("against champion", d.get().championVersion().orElse("(none)"))
        .fact("outcome", d.get().passed() ? "passed" : "FAILED");
    List<List<String>> rows = new ArrayList<>();
    tables
        .read(BallastTable.MODEL_VALIDATIONS.name())
        .where(col("validation_id").equalTo(d.get().validationId()))
        .select("gate", "metric", "slice", "value", "bound", "passed", "detail")
        .collectAsList()
        .forEach(
            r ->
                rows.add(
                    List.of(
                        r.getString(0),
                        String.valueOf(r.getString(1)),
                        String.valueOf(r.getString(2)),
                        fmt(r.isNullAt(3) ? null : r.getDouble(3)),
                        fmt(r.isNullAt(4) ? null : r.getDouble(4)),
                        r.getBoolean(5) ? "passed" : "FAILED",
                        String.valueOf(r.getString(6)))));
    g.table(List.of("gate", "metric", "slice", "value", "bound", "result", "detail"), rows);
  }

  static String fmt(Double d) {
    if (d == null) {
      return "-";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e12) {
      return String.valueOf(d.longValue());
    }
    return String.format(Locale.ROOT, "%.4f", d);
  }
}
