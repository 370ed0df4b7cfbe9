package io.ballast.features.config;

import io.ballast.features.DefinitionErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found in a definition, each with its path, so all are reported at once.
 */
final class Problems {
  private final List<String> items = new ArrayList<>();

  void add(String path, String message) {
    items.add(path + ": " + message);
  }

  int size() {
    return items.size();
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  List<String> items() {
    return List.copyOf(items);
  }

  void throwIfAny(String file) {
    if (!items.isEmpty()) {
      throw DefinitionErrors.invalidDefinition(file, items);
    }
  }
}
