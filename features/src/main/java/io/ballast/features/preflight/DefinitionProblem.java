package io.ballast.features.preflight;

/**
 * One way a definition does not match the tables it names.
 *
 * @param path where in the YAML, e.g. {@code feature_tables[0].features[3].expr}
 * @param problem what is wrong, naming the value and what was found
 * @param fix how to put it right
 * @param blocking true: a stage would fail on it (exit 2); false: a warning (e.g. a window longer
 *     than the history so far)
 */
public record DefinitionProblem(String path, String problem, String fix, boolean blocking) {
  /** One line: path, problem and fix. */
  public String line() {
    return (blocking ? "ERROR " : "WARN  ") + path + ": " + problem + ". " + fix;
  }
}
