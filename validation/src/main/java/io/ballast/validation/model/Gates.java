package io.ballast.validation.model;

import io.ballast.features.config.ValidationSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The promotion decision, plain Java on small values: every gate of the definition is evaluated
 * (none short-circuits), so a report names every failure at once.
 *
 * <ul>
 *   <li>{@code min} / {@code max}: the metric over the whole test window; undefined fails;
 *   <li>{@code max_slice_gap}: per slice expression, best minus worst value over its slice values
 *       where the metric is defined;
 *   <li>{@code fairness}: |protected - rest| of each difference; undefined fails;
 *   <li>{@code champion}: without a champion the gate is skipped (passed, said so). Otherwise the
 *       challenger passes when its improvement is at least {@code min_absolute_change}, its
 *       relative improvement at least {@code min_relative_change}, and the lower bound of the
 *       bootstrap confidence interval of the improvement is above zero: a win inside the noise is
 *       not a win.
 * </ul>
 */
public final class Gates {
  private Gates() {}

  public static List<GateResult> evaluate(
      ValidationSpec spec,
      List<SliceMetrics> metrics,
      Map<String, Double> fairness,
      Optional<String> championVersion,
      Optional<Comparison> comparison) {
    List<GateResult> out = new ArrayList<>();
    Optional<SliceMetrics> all = metrics.stream().filter(SliceMetrics::isAll).findFirst();
    spec.min()
        .forEach(
            (m, bound) -> {
              Double v = all.flatMap(a -> a.value(m)).orElse(null);
              out.add(
                  new GateResult(
                      "min", m, SliceMetrics.ALL, v, bound, v != null && v >= bound, undefined(v)));
            });
    spec.max()
        .forEach(
            (m, bound) -> {
              Double v = all.flatMap(a -> a.value(m)).orElse(null);
              out.add(
                  new GateResult(
                      "max", m, SliceMetrics.ALL, v, bound, v != null && v <= bound, undefined(v)));
            });
    spec.maxSliceGap().forEach((m, bound) -> sliceGaps(spec, metrics, m, bound, out));
    spec.fairness()
        .forEach(
            (f, bound) -> {
              Double d = fairness.get(f);
              Double v = d == null ? null : Math.abs(d);
              String why =
                  d == null
                      ? "undefined: a group is missing or has no rows to rate"
                      : "protected - rest = " + GateResult.fmt(d);
              out.add(
                  new GateResult(
                      "fairness",
                      f,
                      spec.protectedAttribute().orElse(""),
                      v,
                      bound,
                      v != null && v <= bound,
                      why));
            });
    spec.champion().ifPresent(c -> out.add(champion(c, championVersion, comparison)));
    return out;
  }

  public static boolean allPassed(List<GateResult> gates) {
    return gates.stream().allMatch(GateResult::passed);
  }

  static GateResult champion(
      ValidationSpec.ChampionGate c,
      Optional<String> championVersion,
      Optional<Comparison> comparison) {
    if (championVersion.isEmpty() || comparison.isEmpty()) {
      return new GateResult(
          "champion",
          c.metric(),
          SliceMetrics.ALL,
          null,
          c.minAbsoluteChange(),
          true,
          "skipped: no champion yet");
    }
    Comparison r = comparison.get();
    List<String> why = new ArrayList<>();
    if (Double.isNaN(r.improvement())) {
      why.add("undefined for a model on the test window");
    } else {
      if (r.improvement() < c.minAbsoluteChange()) {
        why.add("improvement below min_absolute_change " + GateResult.fmt(c.minAbsoluteChange()));
      }
      if (r.relativeImprovement() < c.minRelativeChange()) {
        why.add(
            "relative improvement "
                + GateResult.fmt(r.relativeImprovement())
                + " below min_relative_change "
                + GateResult.fmt(c.minRelativeChange()));
      }
      if (!(r.ciLow() > 0)) {
        why.add("within the noise: the confidence interval reaches " + GateResult.fmt(r.ciLow()));
      }
    }
    String detail =
        String.format(
            java.util.Locale.ROOT,
            "challenger %.4f vs champion v%s %.4f, improvement %.4f, %.0f%% CI [%.4f, %.4f] over"
                + " %d replicates%s",
            r.challenger(),
            championVersion.get(),
            r.champion(),
            r.improvement(),
            r.confidence() * 100,
            r.ciLow(),
            r.ciHigh(),
            r.replicates(),
            why.isEmpty() ? "" : "; " + String.join("; ", why));
    return new GateResult(
        "champion",
        r.metric(),
        SliceMetrics.ALL,
        Double.isNaN(r.improvement()) ? null : r.improvement(),
        c.minAbsoluteChange(),
        why.isEmpty(),
        detail);
  }

  private static void sliceGaps(
      ValidationSpec spec,
      List<SliceMetrics> metrics,
      String m,
      double bound,
      List<GateResult> out) {
    for (String slice : spec.slices()) {
      List<SliceMetrics> defined =
          metrics.stream().filter(s -> s.slice().equals(slice) && s.value(m).isPresent()).toList();
      List<SliceMetrics> values =
          defined.stream()
              .filter(s -> s.count("tp") + s.count("fn") >= spec.sliceMinPositives())
              .sorted(Comparator.comparing((SliceMetrics s) -> s.value(m).get()))
              .toList();
      String skipped =
          defined.size() == values.size()
              ? ""
              : "; "
                  + (defined.size() - values.size())
                  + " value(s) with fewer than "
                  + spec.sliceMinPositives()
                  + " positives not gated";
      if (values.size() < 2) {
        out.add(
            new GateResult(
                "max_slice_gap",
                m,
                slice,
                0.0,
                bound,
                true,
                values.size()
                    + " slice value(s) with "
                    + m
                    + " defined: nothing to compare"
                    + skipped));
        continue;
      }
      SliceMetrics lo = values.get(0);
      SliceMetrics hi = values.get(values.size() - 1);
      double gap = hi.value(m).get() - lo.value(m).get();
      out.add(
          new GateResult(
              "max_slice_gap",
              m,
              slice,
              gap,
              bound,
              gap <= bound,
              String.format(
                  java.util.Locale.ROOT,
                  "lowest %s = %.4f, highest %s = %.4f%s",
                  lo.sliceValue(),
                  lo.value(m).get(),
                  hi.sliceValue(),
                  hi.value(m).get(),
                  skipped)));
    }
  }

  private static String undefined(Double v) {
    return v == null ? "undefined on the test window" : "";
  }
}
