package io.ballast.validation.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fairness between the protected group (the attribute is true) and the rest (false), as differences
 * protected minus rest of, at the decision threshold (the definitions Databricks Lakehouse
 * Monitoring uses):
 *
 * <ul>
 *   <li>statistical_parity: the predicted-positive rate;
 *   <li>equal_opportunity: the true-positive rate (recall);
 *   <li>predictive_parity: the precision;
 *   <li>predictive_equality: the false-positive rate.
 * </ul>
 *
 * A difference is absent when a group is missing or a rate's denominator is zero.
 */
public final class Fairness {
  private Fairness() {}

  public static Map<String, Double> differences(
      Optional<SliceMetrics> protectedGroup, Optional<SliceMetrics> rest) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (protectedGroup.isEmpty() || rest.isEmpty()) {
      return out;
    }
    SliceMetrics a = protectedGroup.get();
    SliceMetrics b = rest.get();
    put(out, "statistical_parity", rate(a, "pp", "n"), rate(b, "pp", "n"));
    put(out, "equal_opportunity", rate(a, "tp", "pos"), rate(b, "tp", "pos"));
    put(out, "predictive_parity", rate(a, "tp", "pp"), rate(b, "tp", "pp"));
    put(out, "predictive_equality", rate(a, "fp", "neg"), rate(b, "fp", "neg"));
    return out;
  }

  private static void put(
      Map<String, Double> out, String name, Optional<Double> a, Optional<Double> b) {
    if (a.isPresent() && b.isPresent()) {
      out.put(name, a.get() - b.get());
    }
  }

  private static Optional<Double> rate(SliceMetrics m, String num, String den) {
    double d = amount(m, den);
    return d > 0 ? Optional.of(amount(m, num) / d) : Optional.empty();
  }

  private static double amount(SliceMetrics m, String what) {
    double tp = m.count("tp");
    double fp = m.count("fp");
    double fn = m.count("fn");
    double tn = m.count("tn");
    return switch (what) {
      case "tp" -> tp;
      case "fp" -> fp;
      case "pp" -> tp + fp;
      case "pos" -> tp + fn;
      case "neg" -> fp + tn;
      case "n" -> tp + fp + fn + tn;
      default -> throw new IllegalStateException("no count " + what);
    };
  }
}
