package io.ballast.jobs.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.ballast.features.tracking.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A model folder as {@code mlflow.spark.log_model} lays it out: {@code sparkml/} (a {@code
 * PipelineModel.save} output), {@code MLmodel} (YAML: the {@code spark} and {@code python_function}
 * flavors, the signature, the run), and the environment files {@code conda.yaml}, {@code
 * python_env.yaml} and {@code requirements.txt} that {@code mlflow models serve} builds its Python
 * environment from. Written through Hadoop, so local and s3a:// alike.
 *
 * <p>The signature describes what the pipeline's first stage reads: a numeric feature is cast to
 * double (a missing value, null or NaN, is imputed), a categorical one to string. So the input
 * schema is every feature as {@code double} or {@code string}, and the output is the {@code
 * prediction} column (a double, 0 or 1), which is what the {@code mlflow.spark} loader returns.
 */
public final class ModelFiles {
  public static final String SPARKML = ModelVersion.SPARKML;
  public static final String MLMODEL = "MLmodel";
  public static final String CONDA = "conda.yaml";
  public static final String PYTHON_ENV = "python_env.yaml";
  public static final String REQUIREMENTS = "requirements.txt";

  /** The run-relative folder of the model, as {@code log_model(..., "model")} names it. */
  public static final String ARTIFACT_PATH = "model";

  /** The MLmodel format written (that of MLflow 2.16) and the MLflow the environment installs. */
  public static final String MLFLOW_VERSION = "2.16.0";

  /** The Python of the serving environment: one PySpark 3.5 and MLflow 2.16 both support. */
  public static final String PYTHON_VERSION = "3.11";

  /** MLflow's column types. */
  public static final List<String> MLFLOW_TYPES =
      List.of("boolean", "integer", "long", "float", "double", "string", "binary", "datetime");

  static final YAMLMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().stringQuotingChecker(new PyYamlQuoting()).build())
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  /**
   * Quotes, besides what Jackson quotes, every string PyYAML's {@code safe_load} would read as
   * another type: numbers ({@code 3.10} is the float 3.1), dates and times ({@code
   * utc_time_created} would become a datetime), infinities and NaN.
   */
  static final class PyYamlQuoting extends StringQuotingChecker.Default {
    private static final Pattern IMPLICIT =
        Pattern.compile(
            "[-+]?(\\.[0-9]|[0-9])[0-9_.:eE+-]*|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*"
                + "|[-+]?\\.(inf|Inf|INF|nan|NaN|NAN)");

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || IMPLICIT.matcher(value).matches();
    }
  }

  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private ModelFiles() {}

  /** One column of a signature: its name and MLflow type. */
  public record Column(String name, String type) {
    public Column {
      if (!MLFLOW_TYPES.contains(type)) {
        throw new IllegalStateException("not an MLflow column type: " + type);
      }
    }
  }

  /**
   * What the MLmodel says about a saved pipeline.
   *
   * @param runId the run that trained it
   * @param sparkVersion the Spark that saved it (the {@code pyspark} to load it with)
   * @param inputs the feature columns the pipeline reads
   * @param sizeBytes the size of {@code sparkml/}
   * @param jvmOnlyStages stage classes outside Spark ML, which PySpark cannot load
   */
  public record Description(
      String model,
      String runId,
      Instant created,
      String sparkVersion,
      List<Column> inputs,
      long sizeBytes,
      List<String> jvmOnlyStages) {}

  /** The signature's inputs: numeric features as double, categorical ones as string. */
  public static List<Column> inputs(List<String> features, Collection<String> categorical) {
    List<Column> out = new ArrayList<>();
    for (String f : features) {
      out.add(new Column(f, categorical.contains(f) ? "string" : "double"));
    }
    return out;
  }

  /** The signature's output: what the {@code mlflow.spark} pyfunc returns. */
  public static final List<Column> OUTPUTS = List.of(new Column("prediction", "double"));

  /** The stage classes of a saved pipeline that PySpark has no class for. */
  public static List<String> jvmOnlyStages(List<String> stageClasses) {
    return stageClasses.stream().filter(c -> !c.startsWith("org.apache.spark.ml.")).toList();
  }

  /** File name to text: MLmodel and the three environment files. */
  public static Map<String, String> files(Description d) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(MLMODEL, yaml(mlmodel(d)));
    out.put(REQUIREMENTS, String.join("\n", requirements(d.sparkVersion())) + "\n");
    out.put(CONDA, yaml(conda(d.sparkVersion())));
    out.put(PYTHON_ENV, yaml(pythonEnv()));
    return out;
  }

  /** The MLmodel tree, its keys in the (sorted) order MLflow writes them. */
  static ObjectNode mlmodel(Description d) {
    ObjectNode m = YAML.createObjectNode();
    m.put("artifact_path", ARTIFACT_PATH);
    ObjectNode flavors = m.putObject("flavors");
    ObjectNode pyfunc = flavors.putObject("python_function");
    pyfunc.put("data", SPARKML);
    pyfunc.putObject("env").put("conda", CONDA).put("virtualenv", PYTHON_ENV);
    pyfunc.put("loader_module", "mlflow.spark");
    pyfunc.put("python_version", PYTHON_VERSION);
    ObjectNode spark = flavors.putObject("spark");
    spark.putNull("code");
    spark.put("model_class", "pyspark.ml.pipeline.PipelineModel");
    spark.put("model_data", SPARKML);
    spark.put("pyspark_version", d.sparkVersion());
    ObjectNode meta = m.putObject("metadata");
    meta.put("ballast_model", d.model());
    ArrayNode jvm = meta.putArray("ballast_jvm_only_stages");
    d.jvmOnlyStages().forEach(jvm::add);
    m.put("mlflow_version", MLFLOW_VERSION);
    m.put("model_size_bytes", d.sizeBytes());
    m.put("model_uuid", UUID.randomUUID().toString().replace("-", ""));
    m.put("run_id", d.runId());
    ObjectNode sig = m.putObject("signature");
    sig.put("inputs", schema(d.inputs()));
    sig.put("outputs", schema(OUTPUTS));
    sig.putNull("params");
    m.put("utc_time_created", CREATED.format(d.created()));
    return m;
  }

  /** A column-based schema as MLflow serialises it: a JSON list of {type, name, required}. */
  static String schema(List<Column> columns) {
    ArrayNode a = MlflowHttp.JSON.createArrayNode();
    columns.forEach(
        c -> a.addObject().put("type", c.type()).put("name", c.name()).put("required", true));
    return a.toString();
  }

  static List<String> requirements(String sparkVersion) {
    return List.of("mlflow==" + MLFLOW_VERSION, "pyspark==" + sparkVersion);
  }

  private static ObjectNode conda(String sparkVersion) {
    ObjectNode c = YAML.createObjectNode();
    c.putArray("channels").add("conda-forge");
    ArrayNode deps = c.putArray("dependencies");
    deps.add("python=" + PYTHON_VERSION);
    deps.add("pip");
    ArrayNode pip = deps.addObject().putArray("pip");
    requirements(sparkVersion).forEach(pip::add);
    c.put("name", "mlflow-env");
    return c;
  }

  private static ObjectNode pythonEnv() {
    ObjectNode p = YAML.createObjectNode();
    p.put("python", PYTHON_VERSION);
    ArrayNode build = p.putArray("build_dependencies");
    build.add("pip").add("setuptools").add("wheel");
    p.putArray("dependencies").add("-r " + REQUIREMENTS);
    return p;
  }

  static String yaml(JsonNode n) {
    try {
      return YAML.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
  }

  /**
   * The MLmodel's run-level summary that {@code runs/log-model} records (MLflow's {@code
   * Model.get_tags_dict}): run_id, artifact_path, utc_time_created, model_uuid and the flavors.
   */
  public static ObjectNode loggedModel(JsonNode mlmodel) {
    ObjectNode out = MlflowHttp.JSON.createObjectNode();
    for (String k : List.of("run_id", "artifact_path", "utc_time_created", "model_uuid")) {
      if (mlmodel.has(k)) {
        out.set(k, mlmodel.get(k));
      }
    }
    out.set("flavors", mlmodel.path("flavors"));
    return out;
  }

  /** Writes MLmodel and the environment files next to {@code sparkml/}. */
  public static void write(Configuration conf, String folder, Description d) {
    files(d).forEach((name, text) -> writeFile(conf, new Path(folder, name), text));
  }

  private static void writeFile(Configuration conf, Path p, String text) {
    try (OutputStream out = p.getFileSystem(conf).create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + p, e);
    }
  }

  /** The size in bytes of a folder's files. */
  public static long size(Configuration conf, String folder) {
    try {
      Path p = new Path(folder);
      return p.getFileSystem(conf).getContentSummary(p).getLength();
    } catch (IOException e) {
      throw new IllegalStateException("cannot measure " + folder, e);
    }
  }

  /** The MLmodel of a model folder, parsed. */
  public static JsonNode readMlmodel(Configuration conf, String folder) {
    Path p = new Path(folder, MLMODEL);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + p, e);
    }
  }

  /**
   * Every file under a model folder, as paths relative to it ({@code MLmodel}, {@code
   * sparkml/metadata/part-00000}, ...), without Hadoop's {@code .crc} checksum files.
   */
  public static List<String> list(Configuration conf, String folder) {
    try {
      Path root = new Path(folder);
      FileSystem fs = root.getFileSystem(conf);
      String prefix = fs.makeQualified(root).toUri().getPath();
      List<String> out = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        Path f = it.next().getPath();
        String name = f.getName();
        if (name.startsWith(".") && name.endsWith(".crc")) {
          continue;
        }
        String rel = f.toUri().getPath().substring(prefix.length());
        out.add(rel.startsWith("/") ? rel.substring(1) : rel);
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + folder, e);
    }
  }

  /** A file's bytes. */
  public static byte[] read(Configuration conf, String folder, String relative) {
    Path p = new Path(folder, relative);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + p, e);
    }
  }

  public static boolean exists(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      return fs.exists(p);
    } catch (IOException e) {
      return false;
    }
  }
}
