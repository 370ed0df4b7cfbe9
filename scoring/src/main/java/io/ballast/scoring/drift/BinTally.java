package io.ballast.scoring.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Drift's counting pass: the same cells as {@link BinnedCounts#of} (partition, slice, slice value,
 * feature, bin: count, sum, sum of squares) for binners that all have their bins (edges or kept
 * categories), computed without stacking rows: each task bins its rows in plain Java (reading
 * Spark's internal rows: no conversion to external rows) into one small table per partition value
 * and slice value, and the tables are merged (one Spark job, no shuffle, no row copied per
 * feature). Null, NaN and infinite numbers count as null, as in {@link BinnedCounts}.
 */
final class BinTally implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The bins of one feature: numeric edges, or categories (index by value; the rest "other"). */
  private record Bins(
      boolean numeric, double[] edges, Map<UTF8String, Integer> categories, int size)
      implements Serializable {
    static Bins of(BinnedCounts.Binner b) {
      if (b.kind() == FeatureProfile.Kind.NUMERIC) {
        return new Bins(true, b.edges().clone(), Map.of(), b.edges().length + 1);
      }
      List<String> cats =
          b.categories()
              .orElseThrow(() -> new IllegalArgumentException("no categories for " + b.feature()));
      Map<UTF8String, Integer> index = new HashMap<>();
      for (int i = 0; i < cats.size(); i++) {
        index.putIfAbsent(UTF8String.fromString(cats.get(i)), i);
      }
      return new Bins(false, new double[0], index, cats.size() + 1);
    }
  }

  /** Counts of one (partition, slice, slice value): per feature, per bin; the last slot is null. */
  private static final class Counts implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[][] n;
    final double[][] s;
    final double[][] ss;

    Counts(Bins[] bins) {
      n = new long[bins.length][];
      s = new double[bins.length][];
      ss = new double[bins.length][];
      for (int f = 0; f < bins.length; f++) {
        n[f] = new long[bins[f].size() + 1];
        s[f] = new double[bins[f].size() + 1];
        ss[f] = new double[bins[f].size() + 1];
      }
    }

    void add(int[] bin, double[] v) {
      for (int f = 0; f < bin.length; f++) {
        int b = bin[f];
        n[f][b]++;
        s[f][b] += v[f];
        ss[f][b] += v[f] * v[f];
      }
    }

    void merge(Counts o) {
      for (int f = 0; f < n.length; f++) {
        for (int b = 0; b < n[f].length; b++) {
          n[f][b] += o.n[f][b];
          s[f][b] += o.s[f][b];
          ss[f][b] += o.ss[f][b];
        }
      }
    }
  }

  private record Group(String ds, String slice, String sliceValue) implements Serializable {}

  private final Bins[] bins;
  private final List<String> slices;
  private final Map<Group, Counts> groups = new LinkedHashMap<>();
  // per task: the row's buffers, the numeric features' searches and the current partition's counts
  private transient int[] bin;
  private transient double[] v;
  private transient EdgeSearch[] search;
  private transient UTF8String lastDayRaw;
  private transient String lastDay;
  private transient Counts lastDayCounts;
  private transient Map<UTF8String, Counts>[] sliceCounts;

  private BinTally(Bins[] bins, List<String> slices) {
    this.bins = bins;
    this.slices = slices;
  }

  /**
   * @param partition the partition column
   * @param slices SQL expressions that resolve on {@code in}; each value (as text) is a slice
   *     besides 'all'
   */
  static List<DriftCalculator.Cell> of(
      Dataset<Row> in, String partition, List<String> slices, List<BinnedCounts.Binner> binners) {
    List<Column> projected = new ArrayList<>();
    projected.add(col(partition).cast("string"));
    slices.forEach(s -> projected.add(expr(s).cast("string")));
    Bins[] bins = new Bins[binners.size()];
    for (int f = 0; f < binners.size(); f++) {
      BinnedCounts.Binner b = binners.get(f);
      bins[f] = Bins.of(b);
      projected.add(col("`" + b.feature() + "`").cast(bins[f].numeric() ? "double" : "string"));
    }
    List<String> sliceNames = List.copyOf(slices);
    BinTally merged =
        in.select(projected.toArray(Column[]::new))
            .queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(
                rows -> {
                  BinTally t = new BinTally(bins, sliceNames);
                  while (rows.hasNext()) {
                    t.add(rows.next());
                  }
                  return List.of(t).iterator();
                })
            .fold(new BinTally(bins, sliceNames), BinTally::merge);
    List<String> features = binners.stream().map(BinnedCounts.Binner::feature).toList();
    return merged.cells(features);
  }

  private void add(InternalRow r) {
    if (bin == null) {
      bin = new int[bins.length];
      v = new double[bins.length];
      search = new EdgeSearch[bins.length];
      for (int f = 0; f < bins.length; f++) {
        search[f] = bins[f].numeric() ? new EdgeSearch(bins[f].edges()) : null;
      }
    }
    int offset = 1 + slices.size();
    for (int f = 0; f < bins.length; f++) {
      Bins b = bins[f];
      int nullSlot = b.size();
      v[f] = 0;
      if (r.isNullAt(offset + f)) {
        bin[f] = nullSlot;
      } else if (b.numeric()) {
        double x = r.getDouble(offset + f);
        if (Double.isNaN(x) || Double.isInfinite(x)) {
          bin[f] = nullSlot;
        } else {
          bin[f] = search[f].binOf(x);
          v[f] = x;
        }
      } else {
        bin[f] = b.categories().getOrDefault(r.getUTF8String(offset + f), b.size() - 1);
      }
    }
    day(r.getUTF8String(0)).add(bin, v);
    for (int i = 0; i < slices.size(); i++) {
      UTF8String raw = r.isNullAt(1 + i) ? null : r.getUTF8String(1 + i);
      Counts c = sliceCounts[i].get(raw);
      if (c == null) {
        String value = raw == null ? BinnedCounts.NULL_SLICE_VALUE : raw.toString();
        c = counts(new Group(lastDay, slices.get(i), value));
        sliceCounts[i].put(raw == null ? null : raw.clone(), c);
      }
      c.add(bin, v);
    }
  }

  /**
   * The counts of the row's partition, all rows ('all' slice); decoded and looked up once per run
   * of equal values (rows come by file), which also resets the slices' lookup.
   */
  @SuppressWarnings("unchecked")
  private Counts day(UTF8String raw) {
    if (lastDay == null || !lastDayRaw.equals(raw)) {
      lastDayRaw = raw.clone();
      lastDay = raw.toString();
      lastDayCounts = counts(new Group(lastDay, BinnedCounts.ALL, BinnedCounts.ALL));
      sliceCounts = new HashMap[slices.size()];
      for (int i = 0; i < sliceCounts.length; i++) {
        sliceCounts[i] = new HashMap<>();
      }
    }
    return lastDayCounts;
  }

  private Counts counts(Group g) {
    Counts c = groups.get(g);
    if (c == null) {
      c = new Counts(bins);
      groups.put(g, c);
    }
    return c;
  }

  private BinTally merge(BinTally o) {
    o.groups.forEach(
        (g, c) -> {
          Counts mine = groups.get(g);
          if (mine == null) {
            groups.put(g, c);
          } else {
            mine.merge(c);
          }
        });
    return this;
  }

  /** The non-empty cells; bin null for the null slot. */
  private List<DriftCalculator.Cell> cells(List<String> features) {
    List<DriftCalculator.Cell> out = new ArrayList<>();
    groups.forEach(
        (g, c) -> {
          for (int f = 0; f < bins.length; f++) {
            int nullSlot = bins[f].size();
            for (int b = 0; b <= nullSlot; b++) {
              if (c.n[f][b] > 0) {
                out.add(
                    new DriftCalculator.Cell(
                        g.ds(),
                        g.slice(),
                        g.sliceValue(),
                        features.get(f),
                        b == nullSlot ? null : b,
                        c.n[f][b],
                        c.s[f][b],
                        c.ss[f][b]));
              }
            }
          }
        });
    return out;
  }
}
