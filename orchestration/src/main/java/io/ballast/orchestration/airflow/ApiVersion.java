package io.ballast.orchestration.airflow;

/** The two Airflow REST APIs: Airflow 2's {@code /api/v1} and Airflow 3's {@code /api/v2}. */
public enum ApiVersion {
  /** Airflow 2: basic auth, {@code /api/v1}. */
  AIRFLOW_2("/api/v1", "/api/v1/health"),
  /** Airflow 3: bearer tokens from {@code POST /auth/token}, {@code /api/v2}. */
  AIRFLOW_3("/api/v2", "/api/v2/monitor/health");

  private final String prefix;
  private final String healthPath;

  ApiVersion(String prefix, String healthPath) {
    this.prefix = prefix;
    this.healthPath = healthPath;
  }

  public String prefix() {
    return prefix;
  }

  public String healthPath() {
    return healthPath;
  }

  /** The Airflow major version, 2 or 3. */
  public int major() {
    return this == AIRFLOW_2 ? 2 : 3;
  }
}
