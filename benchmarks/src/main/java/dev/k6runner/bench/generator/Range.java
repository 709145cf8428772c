package dev.k6runner.bench.generator;

import java.util.List;

/** Median and range of a few rounds' figures, as the report prints them. */
record Range(double median, double min, double max) {

    static Range of(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Range(median, sorted.getFirst(), sorted.getLast());
    }

    String ratio() {
        return "%.3f× median (%.3f–%.3f)".formatted(median, min, max);
    }

    String micros() {
        return "%.1f µs/request median (%.1f–%.1f)".formatted(median, min, max);
    }

    String rate() {
        return "%,.0f req/s median, %,.0f–%,.0f".formatted(median, min, max);
    }
}
