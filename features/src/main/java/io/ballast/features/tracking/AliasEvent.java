package io.ballast.features.tracking;

/**
 * One move of an alias by Ballast: a promotion or a rollback, who did it, when and why.
 *
 * @param action promote or rollback
 * @param fromVersion the version the alias pointed at before (null if none)
 * @param toVersion the version it points at now
 */
public record AliasEvent(
    String model,
    String action,
    String alias,
    String fromVersion,
    String toVersion,
    String user,
    String reason,
    long atMillis) {}
