package dev.k6runner.analyzer.timeline;

import java.util.List;
import java.util.Locale;

/** Small robust statistics shared by the time-series and baseline findings. */
public final class Stats {

    private Stats() {
    }

    public static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /** Median absolute deviation: how far a typical value lies from the median, untouched by one outlier. */
    public static double mad(List<Double> values) {
        double median = median(values);
        return median(values.stream().map(value -> Math.abs(value - median)).toList());
    }

    public static String fmt(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
