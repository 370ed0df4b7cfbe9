package io.ballast.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.features.config.DriftSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole calculation ({@link DriftCalculator} on a baseline's grid and the counted cells)
 * against scipy on the raw rows the cells came from: both comparisons (baseline; previous day,
 * whose std normalises Wasserstein), heavy-tailed amounts, a shift, a count feature whose cells
 * hold one value, a target that leaves cells empty, and a new category.
 */
class DriftAgainstScipyTest {
  static final LocalDate DAY0 = LocalDate.of(2026, 3, 1);
  static final LocalDate DAY1 = DAY0.plusDays(1);
  static final int BINS = DriftSpec.DEFAULT_BINS;

  /** What the test measured, per statistic and comparison: the largest |ours - scipy|. */
  static final Map<String, Double> LARGEST = new LinkedHashMap<>();

  record Feature(
      String name, boolean numeric, List<Object> baseline, List<Object> day0, List<Object> day1) {}

  static List<Object> lognormal(Random r, int n, double mu, double sigma, double scale) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Math.round(Math.exp(mu + sigma * r.nextGaussian()) * scale * 100) / 100.0);
    }
    return out;
  }

  static List<Object> counts(Random r, int n, double lambda) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Poisson by inversion: a handful of distinct values, so grid cells hold one value each
      double l = Math.exp(-lambda);
      int k = 0;
      double p = 1;
      do {
        k++;
        p *= r.nextDouble();
      } while (p > l);
      out.add((double) (k - 1));
    }
    return out;
  }

  static List<Object> categories(Random r, int n, String[] cats, double[] w) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble();
      int j = 0;
      while (j < w.length - 1 && u > w[j]) {
        u -= w[j++];
      }
      out.add(cats[j]);
    }
    return out;
  }

  static List<Feature> features() {
    Random r = new Random(19);
    List<Feature> f = new ArrayList<>();
    // amounts: log-normal (median ~60, heavy right tail), day 1 shifted x1.6
    f.add(
        new Feature(
            "amount",
            true,
            lognormal(r, 20_000, 4.1, 1.0, 1),
            lognormal(r, 3_000, 4.1, 1.0, 1),
            lognormal(r, 3_000, 4.1, 1.0, 1.6)));
    f.add(
        new Feature(
            "amount_same",
            true,
            lognormal(r, 20_000, 4.1, 1.0, 1),
            lognormal(r, 3_000, 4.1, 1.0, 1),
            lognormal(r, 2_500, 4.1, 1.0, 1)));
    // the previous day at twice the baseline's scale: Wasserstein against it is normalised by
    // its own std, not the baseline's (half as large)
    f.add(
        new Feature(
            "amount_rescaled",
            true,
            lognormal(r, 20_000, 4.1, 0.8, 1),
            lognormal(r, 3_000, 4.1, 0.8, 2),
            lognormal(r, 3_000, 4.1, 0.8, 2.2)));
    // small counts: ties everywhere, cells of one value
    f.add(
        new Feature(
            "txn_count_1d",
            true,
            counts(r, 20_000, 2.5),
            counts(r, 3_000, 2.5),
            counts(r, 3_000, 3.2)));
    // a target far above the baseline: most cells empty on its side
    List<Object> far = new ArrayList<>();
    lognormal(r, 1_000, 4.1, 0.3, 1).forEach(x -> far.add((double) x + 400));
    f.add(
        new Feature(
            "amount_far",
            true,
            lognormal(r, 20_000, 4.1, 1.0, 1),
            lognormal(r, 3_000, 4.1, 1.0, 1),
            far));
    String[] cats = {"grocery", "fuel", "travel", "online_retail", "restaurants"};
    double[] w = {0.35, 0.2, 0.1, 0.2, 0.15};
    String[] withNew = {
      "grocery", "fuel", "travel", "online_retail", "restaurants", "crypto_exchange"
    };
    double[] wNew = {0.33, 0.2, 0.1, 0.2, 0.14, 0.03};
    f.add(
        new Feature(
            "merchant_category",
            false,
            categories(r, 20_000, cats, w),
            categories(r, 3_000, cats, w),
            categories(r, 3_000, withNew, wNew)));
    return f;
  }

  /** Exact quantiles at i / cells of the baseline, interior, distinct: the profiler's grid. */
  static double[] grid(List<Object> baseline) {
    double[] v = baseline.stream().mapToDouble(o -> (Double) o).sorted().toArray();
    int cells = BaselineProfiler.cells(BINS);
    double[] q = new double[cells + 1];
    for (int i = 0; i <= cells; i++) {
      q[i] = v[(int) Math.min(v.length - 1, Math.round((double) i / cells * (v.length - 1)))];
    }
    return BaselineProfiler.edges(q);
  }

  static Histogram histogram(Feature f, List<Object> values, double[] edges, List<String> cats) {
    int bins = f.numeric() ? edges.length + 1 : cats.size() + 1;
    HistogramSums h = new HistogramSums(bins);
    for (Object o : values) {
      if (f.numeric()) {
        double x = (Double) o;
        h.add(BinnedCounts.binOf(edges, x), 1, x, x * x);
      } else {
        int i = cats.indexOf((String) o);
        h.add(i < 0 ? cats.size() : i, 1, 0, 0);
      }
    }
    return h.histogram();
  }

  static void cells(List<DriftCalculator.Cell> out, LocalDate day, String feature, Histogram h) {
    long[] c = h.counts();
    for (int b = 0; b < c.length; b++) {
      if (c[b] > 0) {
        double s = h.sums()[b];
        out.add(new DriftCalculator.Cell(day.toString(), "all", "all", feature, b, c[b], s, 0));
      }
    }
  }

  @Test
  void everyStatisticAgreesWithScipyOnRawRows(@TempDir Path dir) throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    boolean scipy =
        DriftStatisticsTest.run(List.of("python3", "-c", "import scipy"), null, dir).exit() == 0;
    if (!ci) {
      Assumptions.assumeTrue(
          scipy, "python3-scipy is not installed (apt-get install python3-scipy)");
    }
    assertThat(scipy).as("CI needs python3-scipy").isTrue();

    List<Feature> features = features();
    List<FeatureProfile> profiles = new ArrayList<>();
    List<DriftCalculator.Cell> cells = new ArrayList<>();
    Map<String, Histogram> hists = new LinkedHashMap<>();
    for (Feature f : features) {
      double[] edges = f.numeric() ? grid(f.baseline()) : new double[0];
      List<String> cats =
          f.numeric()
              ? List.of()
              : f.baseline().stream().map(o -> (String) o).distinct().sorted().toList();
      Histogram b = histogram(f, f.baseline(), edges, cats);
      double[] bv =
          f.numeric()
              ? f.baseline().stream().mapToDouble(o -> (Double) o).toArray()
              : new double[] {0};
      FeatureProfile profile =
          new FeatureProfile(
              "all",
              "all",
              f.name(),
              f.numeric() ? FeatureProfile.Kind.NUMERIC : FeatureProfile.Kind.CATEGORICAL,
              edges,
              cats,
              b,
              Arrays.stream(bv).min().orElseThrow(),
              Arrays.stream(bv).max().orElseThrow());
      // the grid as drift bins partitions: with its tail cells (DriftJob)
      profile =
          new BaselineProfile("m/1", "m", "1", List.of(profile)).withTails(BINS).profiles().get(0);
      edges = f.numeric() ? profile.edges() : edges;
      b = profile.histogram();
      profiles.add(profile);
      hists.put(f.name() + "/baseline", b);
      hists.put(f.name() + "/previous", histogram(f, f.day0(), edges, cats));
      hists.put(f.name() + "/target", histogram(f, f.day1(), edges, cats));
      cells(cells, DAY0, f.name(), hists.get(f.name() + "/previous"));
      cells(cells, DAY1, f.name(), hists.get(f.name() + "/target"));
    }
    // the cells carry no sums of squares here: the std comes from the histogram's; add them
    cells = withSquares(cells, features, profiles);
    BaselineProfile baseline = new BaselineProfile("m/1", "m", "1", profiles);
    List<String> names = features.stream().map(Feature::name).toList();
    DriftCalculator.Output out =
        DriftCalculator.compute(
            "t",
            baseline,
            names,
            cells,
            List.of(DAY1),
            DriftSpec.defaults(),
            CalibratedThresholds.none());

    ObjectMapper json = new ObjectMapper();
    ArrayNode cases = json.createArrayNode();
    List<String> labels = new ArrayList<>();
    for (Feature f : features) {
      for (String comparison : List.of(DriftCalculator.BASELINE, DriftCalculator.PREVIOUS)) {
        ObjectNode o = cases.addObject();
        o.put("kind", f.numeric() ? "numeric" : "categorical");
        o.put("eps", DriftStatistics.EPSILON);
        o.set(
            "reference",
            json.valueToTree(
                comparison.equals(DriftCalculator.BASELINE) ? f.baseline() : f.day0()));
        o.set("target", json.valueToTree(f.day1()));
        labels.add(f.name() + "/" + comparison);
      }
    }
    Path script = dir.resolve("scipy_raw_reference.py");
    try (InputStream in = getClass().getResourceAsStream("/drift/scipy_raw_reference.py")) {
      Files.write(script, in.readAllBytes());
    }
    DriftStatisticsTest.Proc p =
        DriftStatisticsTest.run(
            List.of("python3", script.toString()), json.writeValueAsString(cases), dir);
    assertThat(p.exit()).as(p.err()).isZero();
    JsonNode ref = json.readTree(p.out());
    int c = 0;
    for (Feature f : features) {
      for (String comparison : List.of(DriftCalculator.BASELINE, DriftCalculator.PREVIOUS)) {
        JsonNode r = ref.get(c);
        String at = labels.get(c++);
        Map<String, Double> ours = new LinkedHashMap<>();
        out.rows().stream()
            .filter(x -> x.feature().equals(f.name()) && x.comparison().equals(comparison))
            .forEach(x -> ours.put(x.statistic(), x.value()));
        if (f.numeric()) {
          // Wasserstein / reference std: within 1% of the reference std
          check(at, "wasserstein", ours.get("wasserstein"), r.get("wasserstein").asDouble(), 0.01);
          // KS D: the grid's D is a lower bound, within the bound it states
          double d = r.get("ks_statistic").asDouble();
          check(at, "ks_statistic", ours.get("ks_statistic"), d, 0.005);
          assertThat(ours.get("ks_statistic")).as(at).isLessThanOrEqualTo(d + 1e-12);
          assertThat(
                  DriftStatistics.ksUpperBound(
                      hists.get(at).counts(), hists.get(f.name() + "/target").counts()))
              .as(at + " KS bound")
              .isGreaterThanOrEqualTo(d - 1e-12);
          check(at, "ks_pvalue", ours.get("ks_pvalue"), r.get("ks_pvalue").asDouble(), 0.05);
        } else {
          for (String s : DriftCalculator.CATEGORICAL) {
            if (s.equals("null_rate_delta")) {
              continue;
            }
            double tol = s.equals("chi2_statistic") ? 1e-9 * (1 + r.get(s).asDouble()) : 1e-9;
            check(at, s, ours.get(s), r.get(s).asDouble(), tol);
          }
        }
      }
    }
    // the new category: its own signal, over its 0.01 threshold; chi-square over known categories
    DriftRow share =
        out.rows().stream()
            .filter(
                x ->
                    x.feature().equals("merchant_category")
                        && x.comparison().equals("baseline")
                        && x.statistic().equals("new_category_share"))
            .findFirst()
            .orElseThrow();
    assertThat(share.value()).isGreaterThan(0.01);
    assertThat(share.drifted()).isTrue();
    System.out.println("largest |ours - scipy| per statistic and comparison: " + LARGEST);
  }

  static void check(String at, String statistic, Double ours, double scipy, double tolerance) {
    assertThat(ours).as(at + " " + statistic).isNotNull();
    double dev = Math.abs(ours - scipy);
    String key = statistic + "/" + at.substring(at.indexOf('/') + 1);
    LARGEST.merge(key, dev, Math::max);
    assertThat(ours)
        .as(at + " " + statistic + " (scipy " + scipy + ")")
        .isCloseTo(scipy, within(tolerance));
  }

  /** Cells with each cell's sum of squares, recomputed from the raw rows. */
  static List<DriftCalculator.Cell> withSquares(
      List<DriftCalculator.Cell> cells, List<Feature> features, List<FeatureProfile> profiles) {
    List<DriftCalculator.Cell> out = new ArrayList<>();
    for (DriftCalculator.Cell cell : cells) {
      int i = 0;
      while (!features.get(i).name().equals(cell.feature())) {
        i++;
      }
      Feature f = features.get(i);
      double ss = 0;
      if (f.numeric()) {
        List<Object> rows = cell.ds().equals(DAY0.toString()) ? f.day0() : f.day1();
        for (Object o : rows) {
          double x = (Double) o;
          if (BinnedCounts.binOf(profiles.get(i).edges(), x) == cell.bin()) {
            ss += x * x;
          }
        }
      }
      out.add(
          new DriftCalculator.Cell(
              cell.ds(),
              cell.slice(),
              cell.sliceValue(),
              cell.feature(),
              cell.bin(),
              cell.n(),
              cell.sum(),
              ss));
    }
    return out;
  }
}
