package io.ballast.features.preflight;

import java.util.List;

/** The outcome of {@link DefinitionCheck}: the problems found and what each source holds. */
public record DefinitionReport(
    String file, List<DefinitionProblem> problems, List<SourceHistory> sources) {
  public List<DefinitionProblem> blocking() {
    return problems.stream().filter(DefinitionProblem::blocking).toList();
  }

  public boolean ok() {
    return blocking().isEmpty();
  }
}
