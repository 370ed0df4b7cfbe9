package io.ballast.features.config;

import java.time.LocalDate;

/**
 * When the daily graph runs.
 *
 * @param cron a five-field cron expression, or a preset such as {@code @daily}
 * @param startDate the first logical date
 * @param catchup whether a scheduler runs missed dates
 * @param retries task retries before a run fails
 * @param retryDelayMinutes minutes between retries
 */
public record Schedule(
    String cron, LocalDate startDate, boolean catchup, int retries, int retryDelayMinutes) {}
