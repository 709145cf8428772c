package dev.k6runner.runner.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import dev.k6runner.model.MetricFold;

/**
 * The metrics of one stream by the bytes of their names, in an open-addressing table, so that a
 * point finds its accumulator with a hash and a compare and no String. At most {@link #MAX_METRICS}
 * metrics and sub-metrics are kept (k6 has 17 built-in ones); points of further metrics are only
 * counted, and the digest says it was truncated.
 */
final class MetricTable {

    static final int MAX_METRICS = 96;
    private static final int CAPACITY = 256;

    private final byte[][] keys = new byte[CAPACITY][];
    private final MetricAccumulator[] values = new MetricAccumulator[CAPACITY];
    private final List<MetricAccumulator> ordered = new ArrayList<>();
    private int kept;
    boolean truncated;

    /** The metric named by {@code b[from, to)} (raw name bytes), created undeclared; null past the cap. */
    MetricAccumulator lookup(byte[] b, int from, int to) {
        int length = to - from;
        int hash = hash(b, from, to);
        for (int slot = hash & (CAPACITY - 1); ; slot = (slot + 1) & (CAPACITY - 1)) {
            byte[] key = keys[slot];
            if (key == null) {
                return insert(slot, Arrays.copyOfRange(b, from, to));
            }
            if (key.length == length && Arrays.equals(key, 0, length, b, from, to)) {
                return values[slot];
            }
        }
    }

    MetricAccumulator lookup(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return lookup(bytes, 0, bytes.length);
    }

    /** A sub-metric of {@code parent}, named as k6 names it ({@code parent{key:value,...}}). */
    void declareSubMetric(MetricAccumulator parent, String name, List<String> tagKeys, List<String> tagValues) {
        for (MetricAccumulator.SubMetric existing : parent.subMetrics) {
            if (existing.metric().name.equals(name)) {
                return;
            }
        }
        if (kept >= MAX_METRICS) {
            truncated = true;
            return;
        }
        kept++;
        MetricAccumulator sub = new MetricAccumulator(name, KnownMetric.OTHER);
        sub.declare(parent.type, parent.contains, List.of());
        ordered.add(sub);
        parent.subMetrics.add(new MetricAccumulator.SubMetric(utf8(tagKeys), utf8(tagValues), sub));
        parent.refreshNeeds();
    }

    /** Declared metrics in the order the stream declared them, each followed by its sub-metrics. */
    List<MetricFold> folds() {
        return folds(name -> true);
    }

    /** The declared metrics and sub-metrics of these names, as folded so far. */
    List<MetricFold> folds(Set<String> names) {
        return folds(names::contains);
    }

    private List<MetricFold> folds(Predicate<String> named) {
        List<MetricFold> folds = new ArrayList<>();
        for (MetricAccumulator metric : ordered) {
            if (metric.kind != MetricAccumulator.Kind.UNDECLARED && named.test(metric.name)) {
                folds.add(metric.toFold());
            }
        }
        return folds;
    }

    long retainedBytes() {
        return CAPACITY * 16L + ordered.stream().mapToLong(MetricAccumulator::retainedBytes).sum();
    }

    private MetricAccumulator insert(int slot, byte[] name) {
        if (kept >= MAX_METRICS) {
            truncated = true;
            return null;
        }
        kept++;
        MetricAccumulator metric = new MetricAccumulator(new String(name, StandardCharsets.UTF_8),
                KnownMetric.of(name, 0, name.length));
        keys[slot] = name;
        values[slot] = metric;
        ordered.add(metric);
        return metric;
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }

    private static byte[][] utf8(List<String> strings) {
        return strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }
}
