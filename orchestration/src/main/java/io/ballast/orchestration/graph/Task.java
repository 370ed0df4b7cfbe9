package io.ballast.orchestration.graph;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of a task graph: a {@code ballast} command run for a logical date.
 *
 * @param id unique within its graph; also the Airflow task id
 * @param args the {@code ballast} CLI arguments, with {@link #DS} where the logical date goes
 * @param upstream ids of the tasks that must succeed first
 * @param reads the Delta tables (catalog names such as {@code ballast.transactions}) or source
 *     locations the task reads
 * @param writes the Delta tables the task writes (its Airflow outlets)
 * @param retries how often a failed try is repeated
 * @param retryDelay the pause between tries
 */
public record Task(
    String id,
    List<String> args,
    List<String> upstream,
    List<String> reads,
    List<String> writes,
    int retries,
    Duration retryDelay) {

  /**
   * The date placeholder in {@link #args}: Airflow's template for the day a run processes, the
   * start of its data interval. With the data-interval timetable the rendered daily DAG uses, this
   * is the previous complete day on Airflow 2 and 3 alike (Airflow 3's default cron timetable would
   * make {@code {{ ds }}} the run's own, unfinished day); for a triggered run of the unscheduled
   * retrain DAG it is the day of the logical date.
   */
  public static final String DS = "{{ data_interval_start | ds }}";

  public Task {
    args = List.copyOf(args);
    upstream = List.copyOf(upstream);
    reads = List.copyOf(reads);
    writes = List.copyOf(writes);
  }

  /**
   * The arguments for a local run: the logical date filled in, and each template of the Airflow
   * run's {@code conf} (a local run has none) replaced by its local value ({@link
   * TaskGraphs#LOCAL_CONF}), or left out with its option when it has none.
   */
  public List<String> argsFor(LocalDate date) {
    List<String> local = new ArrayList<>();
    for (String a : args) {
      if (a.equals(DS) || !a.contains("{{")) {
        local.add(a.replace(DS, date.toString()));
      } else if (TaskGraphs.LOCAL_CONF.containsKey(a)) {
        local.add(TaskGraphs.LOCAL_CONF.get(a));
      } else if (!local.isEmpty() && local.get(local.size() - 1).startsWith("--")) {
        local.remove(local.size() - 1);
      }
    }
    return List.copyOf(local);
  }
}
