package io.ballast.jobs.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The curves and the reliability statistic as plain Java. */
class CalibrationCurveTest {
  @Test
  void plattIsTheLogisticOfTheScaledLogit() {
    CalibrationCurve c = CalibrationCurve.platt(2.0, -1.0);
    double p = 0.3;
    double z = 2.0 * Math.log(0.3 / 0.7) - 1.0;
    assertThat(c.apply(p)).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-12));
    assertThat(c.apply(0.0)).isBetween(0.0, 1e-20);
    assertThat(c.apply(0.1)).isLessThan(c.apply(0.2));
  }

  @Test
  void isotonicInterpolatesBetweenBoundariesAndIsConstantOutside() {
    CalibrationCurve c =
        CalibrationCurve.isotonic(new double[] {0.2, 0.4, 0.8}, new double[] {0.1, 0.3, 0.5});
    assertThat(c.apply(0.0)).isEqualTo(0.1);
    assertThat(c.apply(0.2)).isEqualTo(0.1);
    assertThat(c.apply(0.3)).isCloseTo(0.2, within(1e-12));
    assertThat(c.apply(0.4)).isEqualTo(0.3);
    assertThat(c.apply(0.6)).isCloseTo(0.4, within(1e-12));
    assertThat(c.apply(0.95)).isEqualTo(0.5);
  }

  @Test
  void eceIsTheRowWeightedGapOfEachBin() {
    // bin 0: 10 rows, mean score 0.05, 2 positives; bin 9: 10 rows, mean score 0.95, 5 positives
    long[] n = new long[10];
    double[] s = new double[10];
    double[] y = new double[10];
    n[0] = 10;
    s[0] = 0.5;
    y[0] = 2;
    n[9] = 10;
    s[9] = 9.5;
    y[9] = 5;
    Reliability r = Reliability.of(n, s, y);
    assertThat(r.ece()).isCloseTo((1.5 + 4.5) / 20, within(1e-12));
    assertThat(r.rows()).isEqualTo(20);
    assertThat(r.bins()).hasSize(2);
    assertThat(r.bins().get(1).meanScore()).isCloseTo(0.95, within(1e-12));
    assertThat(r.bins().get(1).rate()).isEqualTo(0.5);
    assertThat(r.bins().get(1).label()).isEqualTo("[0.90, 1.00]");
    assertThat(Reliability.bin(1.0, 10)).isEqualTo(9);
    assertThat(Reliability.bin(0.0, 10)).isZero();
  }
}
