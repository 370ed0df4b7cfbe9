package io.ballast.features;

import java.util.List;

/**
 * User errors of the pipeline definition: the file, its problems, and what a stage looks up in it
 * (a feature table, a model, the label section). Every message "Cannot <do what>: <problem>. <how
 * to fix>", exit 2 (ARCHITECTURE.md, "Errors").
 */
public final class DefinitionErrors {
  private DefinitionErrors() {}

  public static BallastException invalidDefinition(String file, List<String> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append("Cannot load pipeline definition ").append(file).append(": ");
    if (problems.size() == 1) {
      // one problem: on the first line, where a user (and a log search) looks
      return new BallastException(
          sb.append(problems.get(0)).append(". Fix the definition and run again.").toString(),
          null,
          2);
    }
    sb.append(problems.size())
        .append(" problems (the first: ")
        .append(problems.get(0))
        .append("). Fix the definition and run again.");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return new BallastException(sb.toString(), null, 2);
  }

  public static BallastException definitionNotFound(String file) {
    return new BallastException(
        "Cannot load pipeline definition "
            + file
            + ": the file does not exist. Pass --pipeline with the path of a YAML definition"
            + " (the demo's is orchestration/pipelines/card_fraud.yaml).",
        null,
        2);
  }

  /** {@code problem} says where (line and column) and what, e.g. from {@code TextFiles}. */
  public static BallastException definitionUnreadable(String file, String problem) {
    return new BallastException(
        "Cannot load pipeline definition " + file + ": " + problem + ". Fix it and run again.",
        null,
        2);
  }

  public static BallastException unknownFeatureTable(String table, List<String> known) {
    return new BallastException(
        "Cannot find feature table '"
            + table
            + "' in the pipeline definition. Declared feature tables: "
            + known
            + ".",
        null,
        2);
  }

  public static BallastException unknownModel(String file, String model, List<String> known) {
    return new BallastException(
        "Cannot train model "
            + model
            + " of "
            + file
            + ": the definition declares no such model (declared: "
            + known
            + "). Pass --model with one of them, or add it under models:.",
        null,
        2);
  }

  public static BallastException noModels(String file) {
    return new BallastException(
        "Cannot train a model of "
            + file
            + ": the definition has no models section. Add models: [{name: ..., algorithm:"
            + " gbt}].",
        null,
        2);
  }

  public static BallastException noLabel(String file) {
    return new BallastException(
        "Cannot build a training set from "
            + file
            + ": the definition has no label section. Add label: {source: ..., column: ...}.",
        null,
        2);
  }
}
