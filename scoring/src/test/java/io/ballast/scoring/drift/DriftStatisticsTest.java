package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each statistic against hand-computed values and against scipy on the same bins; {@link
 * DriftAgainstScipyTest} compares the whole calculation with scipy on raw rows.
 */
class DriftStatisticsTest {
  static final long[] B = {10, 20, 30, 40};
  static final long[] T = {20, 20, 20, 40};
  static final double[] POINTS = {1, 2, 3, 4};

  @Test
  void handComputedValues() {
    // shares b = .1 .2 .3 .4, t = .2 .2 .2 .4
    // PSI = .1 ln 2 + (-.1) ln(2/3)
    assertThat(DriftStatistics.psi(B, T))
        .isCloseTo(0.1 * Math.log(2) - 0.1 * Math.log(2.0 / 3), within(1e-12));
    // m = .15 .2 .25 .4; JS = sqrt((KL(b|m) + KL(t|m)) / 2 / ln 2)
    double kl1 = 0.1 * Math.log(0.1 / 0.15) + 0.3 * Math.log(0.3 / 0.25);
    double kl2 = 0.2 * Math.log(0.2 / 0.15) + 0.2 * Math.log(0.2 / 0.25);
    assertThat(DriftStatistics.jsDistance(B, T))
        .isCloseTo(Math.sqrt((kl1 + kl2) / 2 / Math.log(2)), within(1e-12))
        .isCloseTo(0.139707, within(1e-5));
    // cumulative .1 .3 .6 1 vs .2 .4 .6 1
    assertThat(DriftStatistics.ksStatistic(B, T)).isCloseTo(0.1, within(1e-12));
    assertThat(DriftStatistics.linf(B, T)).isCloseTo(0.1, within(1e-12));
    // |F diff| .1, .1, 0 over unit steps
    assertThat(DriftStatistics.wasserstein(POINTS, B, POINTS, T)).isCloseTo(0.2, within(1e-12));
    // 2 x 4 table: column totals 30 40 50 80, expected 15 20 25 40 per side:
    // 2 (25/15 + 25/25) = 16/3
    DriftStatistics.ChiSquare chi = DriftStatistics.chiSquare(B, T, false);
    assertThat(chi.statistic()).isCloseTo(16.0 / 3, within(1e-12));
    assertThat(chi.degreesOfFreedom()).isEqualTo(3);
    assertThat(chi.pValue()).isCloseTo(0.148954, within(1e-6));
    assertThat(DriftStatistics.tvDistance(B, T)).isCloseTo(0.1, within(1e-12));
    double h =
        Math.pow(Math.sqrt(.1) - Math.sqrt(.2), 2) + Math.pow(Math.sqrt(.3) - Math.sqrt(.2), 2);
    assertThat(DriftStatistics.hellinger(B, T)).isCloseTo(Math.sqrt(h / 2), within(1e-12));
    assertThat(DriftStatistics.newShare(B, T)).isZero();
    // the KS bound: the binned D plus what moves inside one bin
    assertThat(DriftStatistics.ksUpperBound(B, T)).isCloseTo(0.4, within(1e-12));
    // Kolmogorov's distribution at 1.0: 0.26999967...
    assertThat(DriftStatistics.ksPValue(1.0 / Math.sqrt(50), 100, 100))
        .isCloseTo(0.2699996716735, within(1e-9));
  }

  @Test
  void identicalDistributionsGiveZeroDrift() {
    long[] a = {5, 0, 7, 100, 3};
    long[] twice = {10, 0, 14, 200, 6};
    assertThat(DriftStatistics.psi(a, twice)).isZero();
    assertThat(DriftStatistics.jsDistance(a, twice)).isZero();
    assertThat(DriftStatistics.ksStatistic(a, twice)).isZero();
    assertThat(DriftStatistics.ksPValue(0, 115, 230)).isEqualTo(1.0);
    assertThat(DriftStatistics.linf(a, twice)).isZero();
    double[] p = {1, 2, 3, 4, 5};
    assertThat(DriftStatistics.wasserstein(p, a, p, twice)).isZero();
    assertThat(DriftStatistics.chiSquare(a, twice, false).statistic()).isCloseTo(0, within(1e-9));
    assertThat(DriftStatistics.chiSquare(a, twice, true).pValue()).isCloseTo(1, within(1e-9));
    assertThat(DriftStatistics.tvDistance(a, twice)).isZero();
    assertThat(DriftStatistics.hellinger(a, twice)).isZero();
    assertThat(DriftStatistics.newShare(a, twice)).isZero();
  }

  @Test
  void emptyBinsAreFlooredNotRenormalised() {
    double[] s = DriftStatistics.floored(new long[] {0, 50, 50});
    assertThat(s).containsExactly(1e-4, 0.5, 0.5);
    // a new category (reference 0) gives a large but finite PSI
    assertThat(DriftStatistics.psi(new long[] {100, 0}, new long[] {90, 10}))
        .isCloseTo(-0.1 * Math.log(0.9) + (0.1 - 1e-4) * Math.log(0.1 / 1e-4), within(1e-12))
        .isFinite();
    // ... and its own signal: the share of rows in categories the reference never saw
    assertThat(DriftStatistics.newShare(new long[] {100, 0}, new long[] {90, 10}))
        .isCloseTo(0.1, within(1e-15));
    // chi-square over the reference's categories only: 90 of 90 in the one known category
    DriftStatistics.ChiSquare known =
        DriftStatistics.chiSquare(new long[] {60, 40, 0}, new long[] {54, 36, 10}, true);
    assertThat(known.statistic()).isCloseTo(0, within(1e-12));
    assertThat(known.pValue()).isCloseTo(1, within(1e-12));
    assertThat(known.degreesOfFreedom()).isEqualTo(1);
    // disjoint distributions: JS distance 1
    assertThat(DriftStatistics.jsDistance(new long[] {1, 0}, new long[] {0, 1}))
        .isCloseTo(1.0, within(1e-12));
  }

  @Test
  void agreesWithScipyOnTheSameBins(@TempDir Path dir) throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    boolean scipy = run(List.of("python3", "-c", "import scipy"), null, dir).exit == 0;
    if (!ci) {
      Assumptions.assumeTrue(
          scipy, "python3-scipy is not installed (apt-get install python3-scipy)");
    }
    assertThat(scipy).as("CI needs python3-scipy (ci/test.sh installs it)").isTrue();

    ObjectMapper json = new ObjectMapper();
    ArrayNode cases = json.createArrayNode();
    List<long[][]> counts = new ArrayList<>();
    List<double[][]> points = new ArrayList<>();
    Random rnd = new Random(7);
    counts.add(new long[][] {B, T});
    points.add(new double[][] {POINTS, POINTS});
    for (int c = 0; c < 6; c++) {
      int bins = 3 + rnd.nextInt(12);
      long[] b = new long[bins];
      long[] t = new long[bins];
      double[] u = new double[bins];
      double[] v = new double[bins];
      for (int i = 0; i < bins; i++) {
        b[i] = rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(400);
        t[i] = rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(400);
        u[i] = i * 10 + rnd.nextDouble() * 10;
        v[i] = i * 10 + rnd.nextDouble() * 10;
      }
      b[0] += 1;
      t[bins - 1] += 1;
      counts.add(new long[][] {b, t});
      points.add(new double[][] {u, v});
    }
    for (int c = 0; c < counts.size(); c++) {
      ObjectNode o = cases.addObject();
      o.set("baseline", json.valueToTree(counts.get(c)[0]));
      o.set("target", json.valueToTree(counts.get(c)[1]));
      o.set("u_points", json.valueToTree(points.get(c)[0]));
      o.set("v_points", json.valueToTree(points.get(c)[1]));
      o.put("eps", DriftStatistics.EPSILON);
    }
    Path script = dir.resolve("scipy_reference.py");
    try (InputStream in = getClass().getResourceAsStream("/drift/scipy_reference.py")) {
      Files.write(script, in.readAllBytes());
    }
    Proc p = run(List.of("python3", script.toString()), json.writeValueAsString(cases), dir);
    assertThat(p.exit).as(p.err).isZero();
    JsonNode ref = json.readTree(p.out);
    assertThat(ref.size()).isEqualTo(counts.size());
    for (int c = 0; c < counts.size(); c++) {
      long[] b = counts.get(c)[0];
      long[] t = counts.get(c)[1];
      JsonNode r = ref.get(c);
      String at = "case " + c;
      assertThat(DriftStatistics.psi(b, t)).as(at).isCloseTo(r.get("psi").asDouble(), within(1e-9));
      assertThat(DriftStatistics.jsDistance(b, t))
          .as(at)
          .isCloseTo(r.get("js_distance").asDouble(), within(1e-9));
      double d = DriftStatistics.ksStatistic(b, t);
      assertThat(d).as(at).isCloseTo(r.get("ks_statistic").asDouble(), within(1e-9));
      assertThat(DriftStatistics.ksPValue(d, sum(b), sum(t)))
          .as(at)
          .isCloseTo(r.get("ks_pvalue").asDouble(), within(1e-9));
      assertThat(DriftStatistics.wasserstein(points.get(c)[0], b, points.get(c)[1], t))
          .as(at)
          .isCloseTo(r.get("wasserstein").asDouble(), within(1e-9));
      DriftStatistics.ChiSquare chi = DriftStatistics.chiSquare(b, t, false);
      assertThat(chi.statistic())
          .as(at)
          .isCloseTo(r.get("chi2_statistic").asDouble(), within(1e-9 * (1 + chi.statistic())));
      assertThat(chi.pValue()).as(at).isCloseTo(r.get("chi2_pvalue").asDouble(), within(1e-9));
      DriftStatistics.ChiSquare known = DriftStatistics.chiSquare(b, t, true);
      assertThat(known.statistic())
          .as(at)
          .isCloseTo(
              r.get("chi2_ref_statistic").asDouble(), within(1e-9 * (1 + known.statistic())));
      assertThat(known.pValue())
          .as(at)
          .isCloseTo(r.get("chi2_ref_pvalue").asDouble(), within(1e-9));
      assertThat(DriftStatistics.newShare(b, t))
          .as(at)
          .isCloseTo(r.get("new_share").asDouble(), within(1e-12));
      assertThat(DriftStatistics.tvDistance(b, t))
          .as(at)
          .isCloseTo(r.get("tv_distance").asDouble(), within(1e-12));
      assertThat(DriftStatistics.hellinger(b, t))
          .as(at)
          .isCloseTo(r.get("hellinger").asDouble(), within(1e-12));
      assertThat(DriftStatistics.linf(b, t))
          .as(at)
          .isCloseTo(r.get("linf_distance").asDouble(), within(1e-12));
    }
  }

  private static long sum(long[] a) {
    long s = 0;
    for (long x : a) {
      s += x;
    }
    return s;
  }

  record Proc(int exit, String out, String err) {}

  static Proc run(List<String> cmd, String stdin, Path dir)
      throws IOException, InterruptedException {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    } catch (IOException e) {
      return new Proc(127, "", String.valueOf(e.getMessage()));
    }
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Proc(124, "", "timed out");
    }
    return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
