package io.ballast.jobs.cli;

import io.ballast.orchestration.graph.Task;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A task as the local runner calls it: its command ({@code "features build"}), its arguments with
 * the day filled in, and the run's --allow-partial-windows.
 */
record TaskCall(String command, List<String> args, boolean allowPartialWindows) {
  TaskCall {
    args = List.copyOf(args);
  }

  static TaskCall of(Task t, LocalDate day, boolean allowPartialWindows) {
    List<String> args = t.argsFor(day);
    int options = 0;
    while (options < args.size() && !args.get(options).startsWith("--")) {
      options++;
    }
    return new TaskCall(String.join(" ", args.subList(0, options)), args, allowPartialWindows);
  }

  /** The value of the task's option {@code name}; a graph task without it is a bug. */
  String option(String name) {
    return optionalOption(name)
        .orElseThrow(
            () -> new IllegalStateException("task " + command + " has no " + name + ": " + args));
  }

  /** The value of the task's option {@code name}, if the task has it. */
  Optional<String> optionalOption(String name) {
    int i = args.indexOf(name);
    return i < 0 || i + 1 >= args.size() ? Optional.empty() : Optional.of(args.get(i + 1));
  }

  /**
   * The command line the CLI runs: the arguments, --allow-partial-windows for a feature build when
   * the run allows it, and the lakehouse.
   */
  List<String> commandLine(String lakehouseRoot) {
    List<String> line = new ArrayList<>(args);
    if (allowPartialWindows && command.equals("features build")) {
      line.add("--allow-partial-windows");
    }
    line.add("--lakehouse");
    line.add(lakehouseRoot);
    return line;
  }
}
