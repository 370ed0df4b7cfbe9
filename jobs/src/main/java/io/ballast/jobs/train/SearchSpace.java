package io.ballast.jobs.train;

import io.ballast.features.config.SearchSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The hyperparameter candidates of a model: its fixed params alone, or merged with every grid
 * combination ({@code grid}) or a seeded sample of them ({@code random}). Plain Java.
 */
public final class SearchSpace {
  public static final long SEED = 42L;

  private SearchSpace() {}

  public static List<Map<String, Object>> candidates(
      Map<String, Object> fixed, Optional<SearchSpec> search) {
    if (search.isEmpty() || search.get().grid().isEmpty()) {
      return List.of(new LinkedHashMap<>(fixed));
    }
    SearchSpec s = search.get();
    List<Map<String, Object>> all = new ArrayList<>();
    all.add(new LinkedHashMap<>(fixed));
    List<String> keys = s.grid().keySet().stream().sorted().toList();
    for (String k : keys) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> partial : all) {
        for (Object v : s.grid().get(k)) {
          Map<String, Object> c = new LinkedHashMap<>(partial);
          c.put(k, v);
          next.add(c);
        }
      }
      all = next;
    }
    if (s.method() == SearchSpec.Method.RANDOM) {
      Collections.shuffle(all, new Random(SEED));
      int n = Math.min(all.size(), s.samples().orElse(all.size()));
      all = new ArrayList<>(all.subList(0, n));
    }
    return List.copyOf(all);
  }
}
