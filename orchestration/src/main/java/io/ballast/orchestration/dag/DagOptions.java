package io.ballast.orchestration.dag;

/**
 * How rendered DAG files run Ballast on the cluster.
 *
 * @param application the spark-submit jar; by default an Airflow Variable template read when the
 *     task runs (no I/O at DAG parse time)
 * @param connId the Airflow connection giving the Spark master
 * @param pipeline how the tasks name the definition file on the machines that run them
 * @param lakehouse the lakehouse root the tasks use ({@code BALLAST_LAKEHOUSE}) and that the
 *     Dataset/Asset URIs of the tables they write point into
 */
public record DagOptions(String application, String connId, String pipeline, String lakehouse) {
  public static final String DEFAULT_JAR = "/opt/ballast/ballast-jobs-spark.jar";
  public static final String DEFAULT_APPLICATION =
      "{{ var.value.get('ballast_jar', '" + DEFAULT_JAR + "') }}";
  public static final String DEFAULT_CONN_ID = "spark_default";
  public static final String DEFAULT_PIPELINES_DIR = "/opt/ballast/pipelines";
  public static final String DEFAULT_LAKEHOUSE = "s3a://ballast/lakehouse";

  /** The defaults, with the definition read from the pipelines folder by its file name. */
  public static DagOptions defaults(String definitionFileName) {
    return new DagOptions(
        DEFAULT_APPLICATION,
        DEFAULT_CONN_ID,
        defaultPipeline(definitionFileName),
        DEFAULT_LAKEHOUSE);
  }

  /** The definition's path on the workers: the Airflow Variable ballast_pipelines, or a default. */
  public static String defaultPipeline(String definitionFileName) {
    return "{{ var.value.get('ballast_pipelines', '"
        + DEFAULT_PIPELINES_DIR
        + "') }}/"
        + definitionFileName;
  }

  public DagOptions withApplication(String value) {
    return new DagOptions(value, connId, pipeline, lakehouse);
  }

  public DagOptions withConnId(String value) {
    return new DagOptions(application, value, pipeline, lakehouse);
  }

  public DagOptions withPipeline(String value) {
    return new DagOptions(application, connId, value, lakehouse);
  }

  public DagOptions withLakehouse(String value) {
    return new DagOptions(application, connId, pipeline, value);
  }
}
