package io.ballast.features.config;

import java.util.Locale;

/** What a failed check does: {@code error} fails the gate (exit 2); {@code warning} is recorded. */
public enum Severity {
  ERROR,
  WARNING;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
