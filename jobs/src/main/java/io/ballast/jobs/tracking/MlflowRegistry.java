package io.ballast.jobs.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.features.RegistryErrors;
import io.ballast.features.tracking.AliasEvent;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.features.tracking.ModelVersion;
import io.ballast.features.tracking.RecordedRun;
import io.ballast.orchestration.http.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry over MLflow's REST API: registered models, versions (paged search), aliases. A
 * model is saved under {@code <lakehouse>/models/<name>/runs/<run_id>} (which Spark loads, tag
 * {@link ModelVersion#MODEL_PATH_TAG}), then, as {@code mlflow.spark.log_model} + {@code
 * register_model} do, put into the run's artifacts under {@code model/}, recorded with {@code
 * runs/log-model}, and registered with the run's artifact URI of that folder as {@code source}.
 */
public final class MlflowRegistry implements ModelRegistry {
  static final int PAGE = 200;

  private static final Logger LOG = LoggerFactory.getLogger(MlflowRegistry.class);

  private final MlflowHttp http;
  private final String modelsRoot;
  private final MlflowArtifacts artifacts;

  MlflowRegistry(MlflowHttp http, String modelsRoot, Supplier<Configuration> conf) {
    this.http = http;
    this.modelsRoot = modelsRoot;
    this.artifacts = new MlflowArtifacts(http, conf);
  }

  @Override
  public ModelVersion register(
      String name, String runId, Map<String, String> tags, ModelWriter writer) {
    String folder = modelsRoot + "/" + name + "/runs/" + runId;
    writer.write(folder);
    String source = folder;
    Map<String, String> versionTags = new LinkedHashMap<>(tags);
    if (runId != null
        && !runId.isEmpty()
        && ModelFiles.exists(artifacts.conf(), folder + "/" + ModelFiles.MLMODEL)) {
      source = artifacts.upload(name, folder, artifactUri(runId), ModelFiles.ARTIFACT_PATH);
      logModel(runId, folder);
      versionTags.put(ModelVersion.MODEL_PATH_TAG, folder);
    }
    String action = "register model " + name;
    MlflowHttp.Response c =
        http.send(
            action,
            "POST",
            "registered-models/create",
            List.of(),
            MlflowHttp.JSON.createObjectNode().put("name", name));
    // The name may exist already (MLflow: 400 RESOURCE_ALREADY_EXISTS; servers that follow the
    // newer codes: 409 ALREADY_EXISTS or RESOURCE_CONFLICT): registering again is the same model.
    if (!c.ok()
        && !c.errorCode().equals("RESOURCE_ALREADY_EXISTS")
        && !c.errorCode().equals("ALREADY_EXISTS")
        && c.status() != 409) {
      throw TrackingErrors.trackingRefused(
          action, http.url(), c.status(), c.errorCode(), c.message());
    }
    ObjectNode body = MlflowHttp.JSON.createObjectNode();
    body.put("name", name).put("source", source).put("run_id", runId);
    ArrayNode t = body.putArray("tags");
    versionTags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
    ModelVersion v =
        parse(
            http.call(
                    "create a version of " + name, "POST", "model-versions/create", List.of(), body)
                .path("model_version"));
    long waited = 0;
    Duration step = Duration.ofSeconds(1);
    Deadline ready = new Deadline(http.timer(), http.settings().readyTimeout());
    while (v.status().equals("PENDING_REGISTRATION")
        && waited < http.settings().readyTimeout().toMillis()) {
      http.pause(
          "wait for " + name + " version " + v.version(), 1, "PENDING_REGISTRATION", step, ready);
      waited += step.toMillis();
      v = version(name, v.version());
    }
    if (!v.status().equals("READY")) {
      throw TrackingErrors.trackingRefused(
          action, http.url(), 200, v.status(), "version " + v.version() + " is not READY");
    }
    return v;
  }

  /** The run's artifact URI, e.g. {@code mlflow-artifacts:/1/<run>/artifacts}. */
  private String artifactUri(String runId) {
    String action = "get the artifact URI of run " + runId;
    String uri =
        http.call(action, "GET", "runs/get", List.of(Map.entry("run_id", runId)), null)
            .path("run")
            .path("info")
            .path("artifact_uri")
            .asText("");
    if (uri.isBlank()) {
      throw TrackingErrors.trackingBadResponse(action, http.url(), "the run has no artifact_uri");
    }
    return uri;
  }

  /**
   * Records the logged model on the run ({@code runs/log-model}, which fills the run's {@code
   * mlflow.log-model.history} tag the UI lists models from). As MLflow's own client does, a server
   * that refuses it (older ones lack the endpoint) only gets a warning: the model is logged anyway.
   */
  private void logModel(String runId, String folder) {
    String json =
        ModelFiles.loggedModel(ModelFiles.readMlmodel(artifacts.conf(), folder)).toString();
    ObjectNode body =
        MlflowHttp.JSON.createObjectNode().put("run_id", runId).put("model_json", json);
    MlflowHttp.Response r =
        http.send("record the model of run " + runId, "POST", "runs/log-model", List.of(), body);
    if (!r.ok()) {
      LOG.warn(
          "MLflow at {} refused runs/log-model for run {}: HTTP {} {} ({}); the model's artifacts"
              + " are logged, the run's list of models lacks it",
          http.url(),
          runId,
          r.status(),
          r.errorCode(),
          r.message());
    }
  }

  @Override
  public List<String> models() {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      List<Map.Entry<String, String>> q = new ArrayList<>();
      q.add(Map.entry("max_results", String.valueOf(PAGE)));
      if (token != null) {
        q.add(Map.entry("page_token", token));
      }
      JsonNode r = http.call("list registered models", "GET", "registered-models/search", q, null);
      r.path("registered_models").forEach(m -> out.add(m.path("name").asText()));
      token = r.hasNonNull("next_page_token") ? r.get("next_page_token").asText() : null;
    } while (token != null && !token.isEmpty());
    return out;
  }

  @Override
  public List<ModelVersion> versions(String name) {
    List<ModelVersion> out = new ArrayList<>();
    String token = null;
    do {
      List<Map.Entry<String, String>> q = new ArrayList<>();
      q.add(Map.entry("filter", "name='" + name.replace("'", "\\'") + "'"));
      q.add(Map.entry("max_results", String.valueOf(PAGE)));
      if (token != null) {
        q.add(Map.entry("page_token", token));
      }
      JsonNode r = http.call("list versions of " + name, "GET", "model-versions/search", q, null);
      r.path("model_versions").forEach(m -> out.add(parse(m)));
      token = r.hasNonNull("next_page_token") ? r.get("next_page_token").asText() : null;
    } while (token != null && !token.isEmpty());
    if (out.isEmpty()) {
      throw RegistryErrors.modelNotFound(name, models());
    }
    out.sort(Comparator.comparingLong((ModelVersion v) -> Long.parseLong(v.version())).reversed());
    return out;
  }

  @Override
  public ModelVersion version(String name, String version) {
    String action = "get version " + version + " of " + name;
    MlflowHttp.Response r =
        http.send(
            action,
            "GET",
            "model-versions/get",
            List.of(Map.entry("name", name), Map.entry("version", version)),
            null);
    if (r.status() == 404) {
      throw RegistryErrors.modelVersionNotFound(
          name, version, versions(name).stream().map(ModelVersion::version).toList());
    }
    if (!r.ok()) {
      throw TrackingErrors.trackingRefused(
          action, http.url(), r.status(), r.errorCode(), r.message());
    }
    return parse(r.body().path("model_version"));
  }

  @Override
  public Map<String, String> aliases(String name) {
    JsonNode m =
        http.call(
                "get model " + name,
                "GET",
                "registered-models/get",
                List.of(Map.entry("name", name)),
                null)
            .path("registered_model");
    Map<String, String> out = new TreeMap<>();
    m.path("aliases").forEach(a -> out.put(a.path("alias").asText(), a.path("version").asText()));
    return new LinkedHashMap<>(out);
  }

  @Override
  public ModelVersion resolve(String ref) {
    int at = ref.indexOf('@');
    if (at <= 0 || at == ref.length() - 1) {
      return ModelRegistry.super.resolve(ref);
    }
    String name = ref.substring(0, at);
    String alias = ref.substring(at + 1);
    String action = "resolve " + ref;
    MlflowHttp.Response r =
        http.send(
            action,
            "GET",
            "registered-models/alias",
            List.of(Map.entry("name", name), Map.entry("alias", alias)),
            null);
    if (r.status() == 404) {
      throw RegistryErrors.aliasNotFound(name, alias, List.copyOf(aliases(name).keySet()));
    }
    if (!r.ok()) {
      throw TrackingErrors.trackingRefused(
          action, http.url(), r.status(), r.errorCode(), r.message());
    }
    return parse(r.body().path("model_version"));
  }

  @Override
  public void setAlias(String name, String alias, String version) {
    ModelRegistry.checkAlias(alias);
    ObjectNode body =
        MlflowHttp.JSON
            .createObjectNode()
            .put("name", name)
            .put("alias", alias)
            .put("version", version);
    http.call(
        "set alias " + alias + " of " + name, "POST", "registered-models/alias", List.of(), body);
  }

  @Override
  public void deleteAlias(String name, String alias) {
    ObjectNode body = MlflowHttp.JSON.createObjectNode().put("name", name).put("alias", alias);
    http.call(
        "delete alias " + alias + " of " + name,
        "DELETE",
        "registered-models/alias",
        List.of(),
        body);
  }

  /** Alias events are version tags {@code ballast.alias_event.<millis>} (JSON) on the target. */
  static final String EVENT_TAG = "ballast.alias_event.";

  @Override
  public void recordAliasEvent(AliasEvent e) {
    ObjectNode value = MlflowHttp.JSON.createObjectNode();
    value
        .put("action", e.action())
        .put("alias", e.alias())
        .put("from_version", e.fromVersion())
        .put("to_version", e.toVersion())
        .put("user", e.user())
        .put("reason", MlflowTracker.cut(String.valueOf(e.reason()), 2000));
    ObjectNode body =
        MlflowHttp.JSON
            .createObjectNode()
            .put("name", e.model())
            .put("version", e.toVersion())
            .put("key", EVENT_TAG + e.atMillis())
            .put("value", value.toString());
    http.call(
        "record " + e.action() + " of " + e.model(),
        "POST",
        "model-versions/set-tag",
        List.of(),
        body);
  }

  @Override
  public List<AliasEvent> aliasEvents(String name) {
    List<AliasEvent> out = new ArrayList<>();
    for (ModelVersion v : versions(name)) {
      v.tags()
          .forEach(
              (k, val) -> {
                if (!k.startsWith(EVENT_TAG)) {
                  return;
                }
                try {
                  JsonNode j = MlflowHttp.JSON.readTree(val);
                  out.add(
                      new AliasEvent(
                          name,
                          j.path("action").asText(),
                          j.path("alias").asText(),
                          j.path("from_version").asText(null),
                          j.path("to_version").asText(null),
                          j.path("user").asText(null),
                          j.path("reason").asText(null),
                          Long.parseLong(k.substring(EVENT_TAG.length()))));
                } catch (java.io.IOException | NumberFormatException ex) {
                  // A tag someone else wrote under our prefix: not an event of ours.
                }
              });
    }
    out.sort(Comparator.comparingLong(AliasEvent::atMillis));
    return out;
  }

  @Override
  public Map<String, String> runParams(String runId) {
    Map<String, String> out = new TreeMap<>();
    if (runId == null || runId.isEmpty()) {
      return out;
    }
    MlflowHttp.Response r =
        http.send("get run " + runId, "GET", "runs/get", List.of(Map.entry("run_id", runId)), null);
    if (r.status() == 404) {
      return out;
    }
    if (!r.ok()) {
      throw TrackingErrors.trackingRefused(
          "get run " + runId, http.url(), r.status(), r.errorCode(), r.message());
    }
    r.body()
        .path("run")
        .path("data")
        .path("params")
        .forEach(p -> out.put(p.path("key").asText(), p.path("value").asText()));
    return out;
  }

  @Override
  public Optional<RecordedRun> run(String runId) {
    if (runId == null || runId.isEmpty()) {
      return Optional.empty();
    }
    MlflowHttp.Response r =
        http.send("get run " + runId, "GET", "runs/get", List.of(Map.entry("run_id", runId)), null);
    if (r.status() == 404 || r.errorCode().equals("RESOURCE_DOES_NOT_EXIST")) {
      return Optional.empty();
    }
    if (!r.ok()) {
      throw TrackingErrors.trackingRefused(
          "get run " + runId, http.url(), r.status(), r.errorCode(), r.message());
    }
    JsonNode run = r.body().path("run");
    Map<String, String> params = new TreeMap<>();
    run.path("data")
        .path("params")
        .forEach(p -> params.put(p.path("key").asText(), p.path("value").asText()));
    Map<String, String> tags = new TreeMap<>();
    run.path("data")
        .path("tags")
        .forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    Map<String, Double> metrics = new TreeMap<>();
    run.path("data")
        .path("metrics")
        .forEach(
            m ->
                metrics.put(
                    RecordedRun.metricKey(m.path("key").asText(), m.path("step").asLong(0)),
                    m.path("value").asDouble()));
    return Optional.of(
        new RecordedRun(runId, run.path("info").path("status").asText(), params, tags, metrics));
  }

  static ModelVersion parse(JsonNode m) {
    Map<String, String> tags = new TreeMap<>();
    m.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    List<String> aliases = new ArrayList<>();
    m.path("aliases").forEach(a -> aliases.add(a.asText()));
    return new ModelVersion(
        m.path("name").asText(),
        m.path("version").asText(),
        m.path("run_id").asText(null),
        m.path("source").asText(),
        m.path("status").asText("READY"),
        m.path("creation_timestamp").asLong(0),
        tags,
        List.copyOf(aliases));
  }
}
