package io.ballast.features;

import java.util.List;

/**
 * User errors of the model registry: a model reference, version or alias that is not there or not
 * valid. Every message "Cannot <do what>: <problem>. <how to fix>", exit 2 (ARCHITECTURE.md,
 * "Errors").
 */
public final class RegistryErrors {
  private RegistryErrors() {}

  public static BallastException badModelReference(String ref) {
    return new BallastException(
        "Cannot resolve model '"
            + ref
            + "': expected NAME@ALIAS (e.g. fraud_model@champion) or NAME/VERSION (e.g."
            + " fraud_model/3).",
        null,
        2);
  }

  public static BallastException modelNotFound(String model, List<String> known) {
    return new BallastException(
        "Cannot find registered model "
            + model
            + ": no version is registered (registered models: "
            + known
            + "). Train it first with 'ballast train --model "
            + model
            + "'.",
        null,
        2);
  }

  public static BallastException modelVersionNotFound(
      String model, String version, List<String> known) {
    return new BallastException(
        "Cannot find version "
            + version
            + " of model "
            + model
            + ": it is not registered (versions: "
            + known
            + "). Use 'ballast model list' to see the versions.",
        null,
        2);
  }

  public static BallastException aliasNotFound(String model, String alias, List<String> known) {
    return new BallastException(
        "Cannot resolve "
            + model
            + "@"
            + alias
            + ": the model has no alias "
            + alias
            + " (aliases: "
            + known
            + "). Set it with 'ballast model set-alias "
            + model
            + " "
            + alias
            + " VERSION'.",
        null,
        2);
  }

  public static BallastException badAlias(String alias) {
    return new BallastException(
        "Cannot use alias '"
            + alias
            + "': an alias is letters, digits, _ and - (at most 255), and 'latest' and"
            + " v<digits> are reserved. Use e.g. champion, challenger or previous.",
        null,
        2);
  }
}
