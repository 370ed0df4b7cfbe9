package io.ballast.features.config;

import java.util.List;

/**
 * The quality section of one table (a source or a feature table).
 *
 * @param quarantine whether rows failing a row-level check are copied to {@code <table>_quarantine}
 */
public record TableQuality(
    String table, boolean quarantine, List<QualityCheck> checks, List<AnomalyRule> anomalies) {}
