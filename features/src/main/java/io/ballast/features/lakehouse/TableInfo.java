package io.ballast.features.lakehouse;

import java.time.Instant;
import java.util.List;

/** What {@code ballast tables} shows for one table. */
public record TableInfo(
    String name,
    long version,
    long rows,
    Instant lastWrite,
    String lastOperation,
    List<String> partitionColumns,
    long files,
    long bytes,
    String kind,
    String description) {}
