package dev.k6runner.bench.stats;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles over a finished sample: the value below which p% of the observations lie. */
public final class Percentiles {

    private final double[] sorted;

    private Percentiles(double[] sorted) {
        this.sorted = sorted;
    }

    public static Percentiles of(Collection<? extends Number> values) {
        double[] array = values.stream().mapToDouble(Number::doubleValue).toArray();
        Arrays.sort(array);
        return new Percentiles(array);
    }

    public static Percentiles of(double... values) {
        double[] array = values.clone();
        Arrays.sort(array);
        return new Percentiles(array);
    }

    public int count() {
        return sorted.length;
    }

    /** @param p in (0, 100]; p = 50 is the median (the lower middle for an even count) */
    public double at(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public double median() {
        return at(50);
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    public double mean() {
        return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(Double.NaN);
    }
}
