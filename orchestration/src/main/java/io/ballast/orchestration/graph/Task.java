package io.ballast.orchestration.graph;

import java.time.Duration;
import java.time.LocalDate;
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

  /** The logical-date placeholder in {@link #args}: Airflow's template for the run's date. */
  public static final String DS = "{{ ds }}";

  public Task {
    args = List.copyOf(args);
    upstream = List.copyOf(upstream);
    reads = List.copyOf(reads);
    writes = List.copyOf(writes);
  }

  /** The arguments with the logical date filled in, for a local run. */
  public List<String> argsFor(LocalDate date) {
    return args.stream().map(a -> a.replace(DS, date.toString())).toList();
  }
}
