package io.ballast.features.config;

import java.util.Optional;

/**
 * One feature: either a Spark SQL expression over the source row (and earlier features), or a
 * trailing-window aggregate per entity.
 */
public record Feature(String name, Optional<String> expr, Optional<Aggregate> aggregate) {}
