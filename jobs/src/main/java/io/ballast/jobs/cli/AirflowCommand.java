package io.ballast.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ballast airflow}: DAG files from a definition, and Airflow's REST API. No Spark. */
@Command(
    name = "airflow",
    mixinStandardHelpOptions = true,
    description = {
      "Airflow: render DAG files from a pipeline definition; trigger, follow, pause and check"
          + " DAGs over Airflow's REST API (Airflow 2 /api/v1 or Airflow 3 /api/v2).",
      "Credentials: --user with $AIRFLOW_PASSWORD, or --token / $AIRFLOW_TOKEN."
    },
    subcommands = {
      AirflowRenderCommand.class,
      AirflowApiCommands.Trigger.class,
      AirflowApiCommands.Status.class,
      AirflowApiCommands.Wait.class,
      AirflowApiCommands.Pause.class,
      AirflowApiCommands.Unpause.class,
      AirflowApiCommands.Health.class,
      AirflowApiCommands.ImportErrors.class
    })
final class AirflowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Exits.usage(spec, "missing airflow command.");
  }
}
