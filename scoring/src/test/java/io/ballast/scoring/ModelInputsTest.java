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
}
