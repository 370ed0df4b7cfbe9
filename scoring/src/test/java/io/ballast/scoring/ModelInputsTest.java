package io.ballast.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelInputsTest {
  @Test
  void featuresAreFoundInTheirTablesAndEveryMissingOneIsNamedWithWhy() {
    var def = Fixtures.definition(Fixtures.YAML);
    ModelInputs ok =
        ModelInputs.resolve(
            def, List.of("n_1d", "amount"), Map.of("sc_cf", List.of("amount", "n_1d")));
    assertThat(ok.missing()).isEmpty();
    assertThat(ok.byTable()).containsExactly(Map.entry("sc_cf", List.of("n_1d", "amount")));

    ModelInputs bad =
        ModelInputs.resolve(
            def, List.of("amount", "n_1d", "age"), Map.of("sc_cf", List.of("amount")));
    assertThat(bad.missing())
        .containsExactly(
            "n_1d (not a column of feature table sc_cf; rebuild it)",
            "age (declared by no feature table of sc)");
    assertThat(ModelInputs.resolve(def, List.of("amount"), Map.of()).missing())
        .containsExactly("amount (feature table sc_cf does not exist in the lakehouse)");
  }

  @Test
  void aFeatureOfAnotherTypeThanTrainedIsNamedWithBothTypes() {
    Map<String, String> tables = Map.of("amount", "cf", "n_1d", "cf", "country", "cf");
    assertThat(
            ModelInputs.typeChanges(
                Map.of("amount", "double", "n_1d", "bigint", "country", "string"),
                ordered("amount", "string", "n_1d", "int", "country", "string"),
                tables,
                List.of("country")))
        .as("numbers of any width read alike; a string is not a double")
        .containsExactly("amount in feature table cf (trained on double, now string)");
    assertThat(
            ModelInputs.typeChanges(
                Map.of("country", "string"), ordered("country", "int"), tables, List.of()))
        .containsExactly("country in feature table cf (trained on string, now int)");
    assertThat(
            ModelInputs.typeChanges(
                Map.of(),
                ordered("amount", "string", "n_1d", "bigint", "country", "array<string>"),
                tables,
                List.of("country")))
        .as("a version without recorded types: the definition's expectations")
        .containsExactly(
            "amount in feature table cf (now string; the model reads it as a number)",
            "country in feature table cf (now array<string>; the model reads it as a plain"
                + " value)");
    assertThat(ModelInputs.numeric("decimal(10,2)")).isTrue();
    assertThat(ModelInputs.numeric("boolean")).isTrue();
    assertThat(ModelInputs.numeric("timestamp")).isFalse();
  }

  static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
