package io.ballast.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Round axis ticks and bounded shares, and the label layout helpers, without Spark. */
class TicksTest {
  @Test
  void ticksFallOnRoundSteps() {
    // the axis ran 0.2125, 1.0375 ...: now 0.2, 0.4 ... on data 0.17 .. 1.03
    Ticks t = Ticks.of(0.17, 1.03, 6, Double.NaN, Double.NaN, false);
    assertThat(t.values()).containsExactly(0.0, 0.25, 0.5, 0.75, 1.0, 1.25);
    assertThat(t.label(0.25)).isEqualTo("0.25");
    assertThat(Ticks.of(0, 1512, 6, 0, Double.NaN, true).values())
        .containsExactly(0.0, 500.0, 1000.0, 1500.0, 2000.0);
    assertThat(Ticks.of(0, 1512, 6, 0, Double.NaN, true).label(2000)).isEqualTo("2,000");
    assertThat(List.of(0.3, 7.0, 0.0011, 240.0))
        .allSatisfy(
            raw -> {
              double s = Ticks.niceStep(raw);
              double mantissa = s / Math.pow(10, Math.floor(Math.log10(s)));
              assertThat(mantissa).isIn(1.0, 2.0, 2.5, 5.0);
              assertThat(s).isGreaterThanOrEqualTo(raw);
            });
  }

  @Test
  void sharesStayInsideZeroToOne() {
    // completeness 0.95 .. 1: the axis ends at 1, not above
    Ticks c = Ticks.of(0.95, 1.0, 6, 0, 1, false);
    assertThat(c.max()).isEqualTo(1.0);
    assertThat(c.values()).containsExactly(0.95, 0.96, 0.97, 0.98, 0.99, 1.0);
    // every column complete: the axis opens below 1
    Ticks full = Ticks.of(1.0, 1.0, 6, 0, 1, false);
    assertThat(full.max()).isEqualTo(1.0);
    assertThat(full.min()).isLessThan(1.0).isGreaterThanOrEqualTo(0.0);
    assertThat(Ticks.of(0, 0.25, 6, 0, 1, false).values())
        .containsExactly(0.0, 0.05, 0.1, 0.15, 0.2, 0.25);
  }

  @Test
  void labelsAreCutToFitAndSpreadApart() {
    String cut = Svg.fit("merchant_category = apparel_and_accessories", 11, 120);
    assertThat(cut).endsWith("\u2026").startsWith("merchant_cat");
    assertThat(Svg.textWidth(cut, 11)).isLessThanOrEqualTo(120);
    assertThat(Svg.fit("amount", 11, 120)).isEqualTo("amount");
    // three line ends at the same height: labels 14 px apart, inside the plot
    double[] y = LineChart.spread(new double[] {100, 100, 100}, 10, 300);
    assertThat(y[1] - y[0]).isGreaterThanOrEqualTo(14);
    assertThat(y[2] - y[1]).isGreaterThanOrEqualTo(14);
    // at the bottom edge they are pushed up, not out
    double[] low = LineChart.spread(new double[] {300, 300}, 10, 300);
    assertThat(low[1]).isLessThanOrEqualTo(300);
    assertThat(low[1] - low[0]).isGreaterThanOrEqualTo(14);
    // day labels thinned to every 7th day at 5 px a day
    assertThat(Svg.labelStep(40, 5)).isEqualTo(14);
    assertThat(Svg.labelStep(40, 72)).isEqualTo(1);
  }
}
