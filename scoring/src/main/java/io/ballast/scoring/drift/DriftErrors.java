package io.ballast.scoring.drift;

import io.ballast.features.BallastException;
import java.util.List;

/**
 * User errors of drift: the table compared, the baseline and model it is compared against, the
 * thresholds' calibration days. Every message "Cannot <do what>: <problem>. <how to fix>", exit 2
 * (ARCHITECTURE.md, "Errors").
 */
public final class DriftErrors {
  private DriftErrors() {}

  public static BallastException driftNoPartitionColumn(
      String table, String column, List<String> columns) {
    return new BallastException(
        "Cannot compute drift on ballast."
            + table
            + ": it has no daily partition column '"
            + column
            + "' (columns: "
            + columns
            + "). Drift compares daily partitions: pass a feature table or a predictions table.",
        null,
        2);
  }

  public static BallastException driftNoFeatures(
      String table, String baselineId, List<String> baselineFeatures, List<String> columns) {
    return new BallastException(
        "Cannot compute drift on ballast."
            + table
            + ": it does not hold the features of baseline "
            + baselineId
            + " ("
            + baselineFeatures
            + "; the table has "
            + columns
            + "). Pass a table the model reads (--table), or the model whose features it holds"
            + " (--model).",
        null,
        2);
  }

  public static BallastException driftKindMismatch(
      String table, String feature, String type, String expected, String baselineId) {
    return new BallastException(
        "Cannot compute drift of "
            + feature
            + " in ballast."
            + table
            + ": it is "
            + type
            + " there but "
            + expected
            + " in baseline "
            + baselineId
            + ". Rebuild the table with the definition the model was trained on, or retrain.",
        null,
        2);
  }

  public static BallastException driftNoBaseline(String model, String version) {
    return new BallastException(
        "Cannot compute drift against "
            + model
            + " version "
            + version
            + ": it has no training baseline in ballast.drift_baselines (versions trained before"
            + " baselines existed). Run 'ballast drift baseline --pipeline FILE --model "
            + model
            + "/"
            + version
            + "' once, or retrain.",
        null,
        2);
  }

  public static BallastException driftNoCalibrationDays(String table) {
    return new BallastException(
        "Cannot calibrate the drift thresholds of "
            + table
            + ": drift.calibration names no days and the model version has no recorded training"
            + " window (trained before it was recorded). Give the quiet days in the definition,"
            + " e.g. drift: {calibration: {days: 2026-01-01..2026-02-28}}.",
        null,
        2);
  }

  public static BallastException driftNoModel(String model, String tried) {
    return new BallastException(
        "Cannot compute drift: model "
            + model
            + " has no version to compare against ("
            + tried
            + "). Train it first ('ballast train --pipeline FILE --as-of DATE') or pass --model"
            + " NAME/VERSION.",
        null,
        2);
  }
}
