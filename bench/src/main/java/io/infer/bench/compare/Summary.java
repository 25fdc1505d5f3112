package io.infer.bench.compare;

import java.util.Arrays;
import java.util.Collection;

/** Count, mean, median, 99th percentile, min and max of a sample. Percentiles interpolate linearly between ranks. */
public record Summary(int n, double mean, double p50, double p99, double min, double max) {

    /** Null for an empty sample (the report then leaves the cell empty rather than printing a made-up zero). */
    public static Summary of(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return new Summary(s.length, sum / s.length, percentile(s, 50), percentile(s, 99), s[0], s[s.length - 1]);
    }

    public static Summary of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The {@code p}-th percentile (0–100) of an ascending array, interpolating between the two nearest ranks. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be 0..100, got " + p);
        }
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
