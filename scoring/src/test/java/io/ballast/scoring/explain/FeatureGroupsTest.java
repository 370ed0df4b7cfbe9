package io.ballast.scoring.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureGroupsTest {
  static final List<String> FEATURES = List.of("amount", "merchant_category", "category");

  @Test
  void oneHotSlotsAddUpIntoTheirFeature() {
    List<String> columns = List.of("_imp_amount", "_ohe_merchant_category", "_ohe_category");
    List<String> featureOf =
        columns.stream().map(c -> FeatureGroups.featureOf(c, FEATURES)).toList();
    FeatureGroups g =
        FeatureGroups.of(
            List.of(
                "_imp_amount",
                "_ohe_merchant_category_grocery",
                "_ohe_merchant_category_travel",
                "_ohe_category_a",
                "_ohe_category_b"),
            columns,
            featureOf);

    assertThat(featureOf).containsExactly("amount", "merchant_category", "category");
    assertThat(g.names()).containsExactly("amount", "merchant_category", "category");
    assertThat(g.groupOfSlot()).containsExactly(0, 1, 1, 2, 2);
    assertThat(g.sum(new double[] {0.5, -0.25, 1.0, 0.125, -2.0}))
        .containsExactly(new double[] {0.5, 0.75, -1.875}, within(1e-12));
  }

  @Test
  void topListsTheLargestAbsoluteAttributionsFirst() {
    FeatureGroups g = new FeatureGroups(List.of("a", "b", "c"), new int[] {0, 1, 1, 2});

    List<FeatureGroups.Attribution> top = g.top(new double[] {0.5, -1.0, -0.5, 1.2}, 2);

    assertThat(top)
        .containsExactly(
            new FeatureGroups.Attribution("b", -1.5), new FeatureGroups.Attribution("c", 1.2));
    assertThat(g.top(new double[] {0.5, -1.0, -0.5, 1.2}, 10)).hasSize(3);
  }

  @Test
  void aColumnNamingNoFeatureKeepsItsName() {
    assertThat(FeatureGroups.featureOf("_x", FEATURES)).isEqualTo("_x");
  }
}
