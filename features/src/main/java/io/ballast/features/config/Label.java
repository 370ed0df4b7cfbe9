package io.ballast.features.config;

/**
 * The label events a training set is built from.
 *
 * @param source the source holding label rows (entity keys, event time, label, known-at time)
 * @param column the Spark SQL expression giving the label (0/1 for classification)
 */
public record Label(String source, String column) {}
