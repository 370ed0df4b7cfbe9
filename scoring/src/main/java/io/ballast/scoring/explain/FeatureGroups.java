package io.ballast.scoring.explain;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which input feature each slot of an assembled vector came from (a numeric feature is one slot, a
 * one-hot encoded categorical one is several), so slot attributions add up to one attribution per
 * input feature.
 *
 * @param names the input features, in first-slot order
 * @param groupOfSlot for each slot, the index in {@code names} of its feature
 */
public record FeatureGroups(List<String> names, int[] groupOfSlot) implements Serializable {

  /** One feature's summed attribution. */
  public record Attribution(String feature, double attribution) implements Serializable {}

  /**
   * Groups slots by the input column they were assembled from: {@code slotNames[i]} is the name the
   * assembler gave slot {@code i} ("{@code column}" or "{@code column_value}"), {@code columns} the
   * assembler's input columns and {@code featureOf} the input feature of each of those columns.
   */
  public static FeatureGroups of(
      List<String> slotNames, List<String> columns, List<String> featureOfColumn) {
    List<String> names = new ArrayList<>();
    int[] group = new int[slotNames.size()];
    for (int i = 0; i < slotNames.size(); i++) {
      String slot = slotNames.get(i);
      int best = -1;
      for (int c = 0; c < columns.size(); c++) {
        String col = columns.get(c);
        boolean matches = slot.equals(col) || slot.startsWith(col + "_");
        if (matches && (best < 0 || col.length() > columns.get(best).length())) {
          best = c;
        }
      }
      if (best < 0) {
        throw new IllegalStateException(
            "slot " + i + " (" + slot + ") comes from none of the assembled columns " + columns);
      }
      String feature = featureOfColumn.get(best);
      int g = names.indexOf(feature);
      if (g < 0) {
        names.add(feature);
        g = names.size() - 1;
      }
      group[i] = g;
    }
    return new FeatureGroups(List.copyOf(names), group);
  }

  /** The input feature a pipeline column holds: the longest feature it names at its end. */
  public static String featureOf(String column, List<String> features) {
    String best = null;
    for (String f : features) {
      boolean names = column.equals(f) || column.endsWith("_" + f);
      if (names && (best == null || f.length() > best.length())) {
        best = f;
      }
    }
    return best == null ? column : best;
  }

  public int slots() {
    return groupOfSlot.length;
  }

  /** The attribution of each feature: the sum over its slots. */
  public double[] sum(double[] slotAttributions) {
    if (slotAttributions.length < groupOfSlot.length) {
      throw new IllegalStateException(
          "got " + slotAttributions.length + " attributions for " + groupOfSlot.length + " slots");
    }
    double[] out = new double[names.size()];
    for (int i = 0; i < groupOfSlot.length; i++) {
      out[groupOfSlot[i]] += slotAttributions[i];
    }
    return out;
  }

  /**
   * The {@code k} features with the largest absolute attribution, largest first (ties: feature
   * order).
   */
  public List<Attribution> top(double[] slotAttributions, int k) {
    double[] byFeature = sum(slotAttributions);
    int[] best = largest(byFeature, k);
    List<Attribution> out = new ArrayList<>(best.length);
    for (int g : best) {
      out.add(new Attribution(names.get(g), byFeature[g]));
    }
    return out;
  }

  /**
   * The indices of the {@code k} values of largest absolute value, largest first (ties: lower index
   * first; NaN last): a partial insertion sort, O(n * k), no boxing.
   */
  static int[] largest(double[] values, int k) {
    int[] best = new int[Math.max(0, Math.min(k, values.length))];
    int size = 0;
    for (int g = 0; g < values.length && best.length > 0; g++) {
      double key = -Math.abs(values[g]);
      if (size == best.length && Double.compare(key, -Math.abs(values[best[size - 1]])) >= 0) {
        continue;
      }
      int p = size < best.length ? size++ : size - 1;
      while (p > 0 && Double.compare(key, -Math.abs(values[best[p - 1]])) < 0) {
        best[p] = best[p - 1];
        p--;
      }
      best[p] = g;
    }
    return best;
  }
}
