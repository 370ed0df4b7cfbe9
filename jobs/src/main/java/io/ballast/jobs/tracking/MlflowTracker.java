package io.ballast.jobs.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.features.tracking.Metric;
import io.ballast.features.tracking.RunStatus;
import io.ballast.features.tracking.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs over MLflow's REST API: experiments by name (created when missing), {@code runs/create},
 * {@code runs/log-batch} in chunks within the server's limits, {@code runs/update}.
 */
public final class MlflowTracker implements Tracker {
  static final int MAX_METRICS = 1000;
  static final int MAX_PARAMS = 100;
  static final int MAX_TAGS = 100;
  static final int MAX_ITEMS = 1000;
  static final int MAX_PARAM_VALUE = 6000;
  static final int MAX_TAG_VALUE = 5000;

  private final MlflowHttp http;
  private final Map<String, String> experiments = new ConcurrentHashMap<>();

  MlflowTracker(MlflowHttp http) {
    this.http = http;
  }

  /** The experiment's id, creating the experiment if it does not exist. */
  String experimentId(String name) {
    return experiments.computeIfAbsent(
        name,
        n -> {
          String action = "find experiment " + n;
          MlflowHttp.Response r =
              http.send(
                  action,
                  "GET",
                  "experiments/get-by-name",
                  List.of(Map.entry("experiment_name", n)),
                  null);
          if (r.ok()) {
            return r.body().path("experiment").path("experiment_id").asText();
          }
          if (!r.errorCode().equals("RESOURCE_DOES_NOT_EXIST")) {
            throw TrackingErrors.trackingRefused(
                action, http.url(), r.status(), r.errorCode(), r.message());
          }
          MlflowHttp.Response c =
              http.send(
                  "create experiment " + n,
                  "POST",
                  "experiments/create",
                  List.of(),
                  MlflowHttp.JSON.createObjectNode().put("name", n));
          if (c.ok()) {
            return c.body().path("experiment_id").asText();
          }
          if (c.errorCode().equals("RESOURCE_ALREADY_EXISTS")) {
            return http.call(
                    action,
                    "GET",
                    "experiments/get-by-name",
                    List.of(Map.entry("experiment_name", n)),
                    null)
                .path("experiment")
                .path("experiment_id")
                .asText();
          }
          throw TrackingErrors.trackingRefused(
              "create experiment " + n, http.url(), c.status(), c.errorCode(), c.message());
        });
  }

  @Override
  public String startRun(
      String experiment, String runName, long startMillis, Map<String, String> tags) {
    ObjectNode body = MlflowHttp.JSON.createObjectNode();
    body.put("experiment_id", experimentId(experiment));
    body.put("run_name", runName);
    body.put("start_time", startMillis);
    ArrayNode t = body.putArray("tags");
    tags.forEach((k, v) -> t.addObject().put("key", k).put("value", cut(v, MAX_TAG_VALUE)));
    JsonNode r = http.call("start a run in " + experiment, "POST", "runs/create", List.of(), body);
    return r.path("run").path("info").path("run_id").asText();
  }

  @Override
  public void log(
      String runId, Map<String, String> params, List<Metric> metrics, Map<String, String> tags) {
    for (ObjectNode body : batches(runId, params, metrics, tags)) {
      http.call("log to run " + runId, "POST", "runs/log-batch", List.of(), body);
    }
  }

  /** log-batch bodies within the limits: <= 1000 metrics, 100 params, 100 tags, 1000 items. */
  static List<ObjectNode> batches(
      String runId, Map<String, String> params, List<Metric> metrics, Map<String, String> tags) {
    List<Map.Entry<String, String>> ps = new ArrayList<>(params.entrySet());
    List<Map.Entry<String, String>> ts = new ArrayList<>(tags.entrySet());
    List<ObjectNode> out = new ArrayList<>();
    int pi = 0;
    int ti = 0;
    int mi = 0;
    while (pi < ps.size() || ti < ts.size() || mi < metrics.size()) {
      int np = Math.min(MAX_PARAMS, ps.size() - pi);
      int nt = Math.min(MAX_TAGS, ts.size() - ti);
      int nm = Math.min(Math.min(MAX_METRICS, MAX_ITEMS - np - nt), metrics.size() - mi);
      ObjectNode body = MlflowHttp.JSON.createObjectNode();
      body.put("run_id", runId);
      ArrayNode m = body.putArray("metrics");
      for (Metric x : metrics.subList(mi, mi + nm)) {
        m.addObject()
            .put("key", x.key())
            .put("value", x.value())
            .put("timestamp", x.timestampMillis())
            .put("step", x.step());
      }
      ArrayNode p = body.putArray("params");
      for (Map.Entry<String, String> e : ps.subList(pi, pi + np)) {
        p.addObject().put("key", e.getKey()).put("value", cut(e.getValue(), MAX_PARAM_VALUE));
      }
      ArrayNode t = body.putArray("tags");
      for (Map.Entry<String, String> e : ts.subList(ti, ti + nt)) {
        t.addObject().put("key", e.getKey()).put("value", cut(e.getValue(), MAX_TAG_VALUE));
      }
      out.add(body);
      pi += np;
      ti += nt;
      mi += nm;
    }
    return out;
  }

  @Override
  public void endRun(String runId, RunStatus status, long endMillis, String error) {
    if (error != null) {
      log(runId, Map.of(), List.of(), Map.of("ballast.error", error));
    }
    ObjectNode body =
        MlflowHttp.JSON
            .createObjectNode()
            .put("run_id", runId)
            .put("status", status.name())
            .put("end_time", endMillis);
    http.call("end run " + runId, "POST", "runs/update", List.of(), body);
  }

  static String cut(String v, int max) {
    if (v == null) {
      return "";
    }
    return v.length() <= max ? v : v.substring(0, max - 3) + "...";
  }
}
