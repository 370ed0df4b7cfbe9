package io.ballast.jobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.features.ArgumentErrors;
import io.ballast.orchestration.airflow.AirflowClient;
import io.ballast.orchestration.airflow.AirflowErrors;
import io.ballast.orchestration.airflow.DagImportError;
import io.ballast.orchestration.airflow.DagRun;
import io.ballast.orchestration.airflow.TaskInstance;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code ballast airflow} subcommands that call Airflow's REST API. None starts Spark. */
final class AirflowApiCommands {
  private AirflowApiCommands() {}

  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin AirflowConnection airflow;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  abstract static class RunCommand extends Base {
    @Option(names = "--dag", required = true, paramLabel = "DAG_ID", description = "The DAG id.")
    String dag;

    @Option(names = "--run-id", required = true, paramLabel = "ID", description = "The run id.")
    String runId;
  }

  @Command(
      name = "trigger",
      mixinStandardHelpOptions = true,
      description = "Trigger a DAG run with a logical date and conf; prints the run as JSON.")
  static final class Trigger extends Base {
    @Option(names = "--dag", required = true, paramLabel = "DAG_ID", description = "The DAG id.")
    String dag;

    @Option(
        names = "--run-id",
        paramLabel = "ID",
        description =
            "The run id (default: ballast__<logical date>__<hash of DAG, date and conf>, the same"
                + " for the same trigger, so that a retried or repeated trigger finds its run).")
    String runId;

    @Option(
        names = "--logical-date",
        paramLabel = "DATE",
        description =
            "The run's logical date, always sent: YYYY-MM-DD (midnight UTC) or an ISO date-time"
                + " with offset (default: today, midnight UTC). The retrain DAG processes that"
                + " day; a manual run of the daily DAG the last complete interval before it.")
    String logicalDate;

    @Option(
        names = "--conf-json",
        paramLabel = "JSON",
        defaultValue = "{}",
        description =
            "The run's conf, a JSON object, e.g. '{\"reason\": \"drift\", \"drift_summary\":"
                + " {...}}' (default: {}).")
    String confJson;

    @Override
    public Integer call() {
      JsonNode conf = confObject(confJson);
      OffsetDateTime date =
          logicalDate == null
              ? AirflowClient.startOfDay(LocalDate.now(ZoneOffset.UTC))
              : logicalDate(logicalDate);
      DagRun r = airflow.client().trigger(dag, Optional.ofNullable(runId), date, conf);
      out().println(Output.json(runMap(r)));
      out().flush();
      return Exits.OK;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "A DAG run's state and its task instances.")
  static final class Status extends RunCommand {
    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
      AirflowClient client = airflow.client();
      DagRun r = client.run(dag, runId);
      List<TaskInstance> tasks = client.taskInstances(dag, runId);
      if (json) {
        Map<String, Object> m = runMap(r);
        m.put("task_instances", tasks);
        out().println(Output.json(m));
        out().flush();
        return Exits.OK;
      }
      out()
          .println(
              r.dagId()
                  + " "
                  + r.runId()
                  + ": "
                  + r.state()
                  + " (logical date "
                  + r.logicalDate()
                  + ")");
      List<List<String>> rows = new ArrayList<>();
      for (TaskInstance t : tasks) {
        rows.add(List.of(t.taskId(), String.valueOf(t.state()), Integer.toString(t.tryNumber())));
      }
      Output.table(out(), List.of("task", "state", "try"), rows);
      return Exits.OK;
    }
  }

  @Command(
      name = "wait",
      mixinStandardHelpOptions = true,
      description =
          "Wait for a DAG run to finish; exits 0 when it succeeds, 2 when it fails or the timeout"
              + " passes.")
  static final class Wait extends RunCommand {
    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "1h",
        description = "How long to wait: 90s, 30m, 2h (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(
        names = "--poll",
        paramLabel = "DURATION",
        defaultValue = "10s",
        description = "First pause between polls, growing to 1 min (default: ${DEFAULT-VALUE}).")
    String poll;

    @Override
    public Integer call() {
      Duration limit = duration("--timeout", timeout);
      Duration first = duration("--poll", poll);
      AirflowClient client = airflow.client();
      DagRun r =
          client.await(
              dag,
              runId,
              limit,
              first,
              first.compareTo(Duration.ofMinutes(1)) > 0 ? first : Duration.ofMinutes(1));
      if (!"success".equals(r.state())) {
        List<String> failed =
            client.taskInstances(dag, runId).stream()
                .filter(t -> "failed".equals(t.state()) || "upstream_failed".equals(t.state()))
                .map(TaskInstance::taskId)
                .toList();
        throw AirflowErrors.airflowRunFailed(dag, runId, r.state(), failed);
      }
      out().println(Output.json(runMap(r)));
      out().flush();
      return Exits.OK;
    }
  }

  abstract static class SetPaused extends Base {
    @Option(names = "--dag", required = true, paramLabel = "DAG_ID", description = "The DAG id.")
    String dag;

    abstract boolean pause();

    @Override
    public Integer call() {
      boolean paused = airflow.client().setPaused(dag, pause());
      out().println(dag + (paused ? " is paused" : " is not paused"));
      out().flush();
      return Exits.OK;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a DAG.")
  static final class Pause extends SetPaused {
    @Override
    boolean pause() {
      return true;
    }
  }

  @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Unpause a DAG.")
  static final class Unpause extends SetPaused {
    @Override
    boolean pause() {
      return false;
    }
  }

  @Command(
      name = "health",
      mixinStandardHelpOptions = true,
      description = "Each Airflow component's health; exits 2 when one is unhealthy.")
  static final class Health extends Base {
    @Override
    public Integer call() {
      AirflowClient client = airflow.client();
      Map<String, String> health = client.health();
      out().println("Airflow " + client.version().major() + " at " + airflow.url.trim());
      List<List<String>> rows = new ArrayList<>();
      health.forEach((k, v) -> rows.add(List.of(k, v)));
      Output.table(out(), List.of("component", "status"), rows);
      return health.containsValue("unhealthy") ? Exits.USER_ERROR : Exits.OK;
    }
  }

  @Command(
      name = "import-errors",
      mixinStandardHelpOptions = true,
      description = "The DAG files Airflow could not import, with their errors.")
  static final class ImportErrors extends Base {
    @Override
    public Integer call() {
      List<DagImportError> errors = airflow.client().importErrors();
      if (errors.isEmpty()) {
        out().println("No import errors.");
      }
      for (DagImportError e : errors) {
        out().println(e.filename() + " (" + e.timestamp() + "):");
        out().println(e.stackTrace());
      }
      out().flush();
      return Exits.OK;
    }
  }

  static Map<String, Object> runMap(DagRun r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dag_id", r.dagId());
    m.put("dag_run_id", r.runId());
    m.put("state", r.state());
    m.put("logical_date", r.logicalDate());
    m.put("start_date", r.startDate());
    m.put("end_date", r.endDate());
    m.put("conf", r.conf());
    return m;
  }

  static JsonNode confObject(String json) {
    try {
      JsonNode n = new ObjectMapper().readTree(json);
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw ArgumentErrors.badArgument(
        "--conf-json", json, "expected a JSON object, e.g. '{\"reason\": \"drift\"}'");
  }

  static OffsetDateTime logicalDate(String value) {
    String v = value.trim();
    try {
      if (v.length() == 10) {
        return AirflowClient.startOfDay(LocalDate.parse(v));
      }
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException e) {
      throw ArgumentErrors.badArgument(
          "--logical-date",
          value,
          "expected a date (2026-02-01, midnight UTC) or a date-time with an offset"
              + " (2026-02-01T00:00:00+00:00)");
    }
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smh]?)");

  static Duration duration(String option, String value) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw ArgumentErrors.badArgument(option, value, "expected a duration such as 90s, 30m or 2h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
