package io.ballast.jobs.cli;

import io.ballast.features.ArgumentErrors;
import io.ballast.orchestration.airflow.AirflowClient;
import io.ballast.orchestration.airflow.AirflowErrors;
import io.ballast.orchestration.airflow.AirflowSettings;
import io.ballast.orchestration.airflow.ApiVersion;
import io.ballast.orchestration.airflow.Credentials;
import io.ballast.orchestration.http.Deadline;
import io.ballast.orchestration.http.Timer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options naming an Airflow and its credentials, shared by the REST subcommands. */
final class AirflowConnection {
  /** The environment; replaced in tests. */
  static UnaryOperator<String> env = System::getenv;

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "${env:AIRFLOW_URL:-http://localhost:8080}",
      description = "Airflow's web/API server (default: $AIRFLOW_URL or http://localhost:8080).")
  String url;

  @Option(
      names = "--api-version",
      paramLabel = "2|3|auto",
      defaultValue = "auto",
      description = "Airflow 2 (/api/v1) or 3 (/api/v2); auto asks the server (default: auto).")
  String apiVersion;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      defaultValue = "${env:AIRFLOW_USER}",
      description =
          "User name; the password is read from $AIRFLOW_PASSWORD (default: $AIRFLOW_USER).")
  String user;

  @Option(
      names = "--token",
      paramLabel = "JWT",
      description = "A bearer token instead of a user (default: $AIRFLOW_TOKEN).")
  String token;

  /** The command this is mixed into, for the global {@code --remote-timeout}. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  AirflowClient client() {
    URI uri = uri();
    Credentials credentials = credentials(uri);
    HttpClient http = AirflowClient.defaultHttpClient();
    AirflowSettings settings =
        AirflowSettings.of(uri, ApiVersion.AIRFLOW_2, credentials)
            .withDeadline(Deadline.chosen(BallastCommand.remoteTimeout(mixee), env));
    ApiVersion version =
        switch (apiVersion.trim().toLowerCase(Locale.ROOT)) {
          case "2" -> ApiVersion.AIRFLOW_2;
          case "3" -> ApiVersion.AIRFLOW_3;
          case "auto" -> AirflowClient.detectVersion(settings, http, Timer.SYSTEM);
          default ->
              throw ArgumentErrors.badArgument(
                  "--api-version", apiVersion, "expected 2, 3 or auto");
        };
    return new AirflowClient(settings.withVersion(version), http, Timer.SYSTEM);
  }

  private URI uri() {
    try {
      URI u = new URI(url.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw ArgumentErrors.badArgument(
        "--url", AirflowSettings.displayUrlOrRedacted(url), "expected http(s)://host[:port]");
  }

  private Credentials credentials(URI uri) {
    String t = token != null ? token : env.apply("AIRFLOW_TOKEN");
    if (t != null && !t.isBlank()) {
      return Credentials.token(t.trim());
    }
    if (user != null && !user.isBlank()) {
      String password = env.apply("AIRFLOW_PASSWORD");
      if (password == null || password.isEmpty()) {
        throw AirflowErrors.airflowCredentialsMissing(
            AirflowSettings.displayUrlOrRedacted(uri.toString()),
            "--user " + user + " needs its password in $AIRFLOW_PASSWORD (or pass --token)");
      }
      return Credentials.login(user, password);
    }
    return Credentials.none();
  }
}
