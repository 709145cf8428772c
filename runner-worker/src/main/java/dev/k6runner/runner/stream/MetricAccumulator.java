package dev.k6runner.runner.stream;

import java.util.ArrayList;
import java.util.List;

import dev.k6runner.model.MetricFold;
import org.HdrHistogram.Histogram;

/**
 * One metric of the stream (or one sub-metric) as k6 declared it: samples counted, summed and
 * bounded, a trend's in a 3-digit histogram, a gauge's latest kept. Sub-metrics see the samples whose
 * tags match their selector.
 */
final class MetricAccumulator {

    enum Kind { TREND, COUNTER, RATE, GAUGE, UNDECLARED }

    /** Which tags of a point the scanner must read for this metric. */
    static final int TAGS_NONE = 0;
    static final int TAGS_ENDPOINT = 1;
    static final int TAGS_ALL = 2;

    final String name;
    /** The {@code checks} rate: its samples are also counted per check. */
    final boolean isChecks;
    /** A metric whose samples carry the {@code group} tag of every group a script entered. */
    final boolean namesGroups;
    /** One of {@link KnownMetric}'s ids: what the timeline and endpoints read. */
    final int known;
    final List<SubMetric> subMetrics = new ArrayList<>(2);
    Kind kind = Kind.UNDECLARED;
    String type;
    String contains;
    List<String> thresholds = List.of();
    int tagMode;
    boolean needsTime;
    /** False for a metric only counted: not read by the timeline and not (yet) declared by a Metric line. */
    boolean readsData;
    private Histogram histogram;
    private long count;
    private double sum;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double last = Double.NaN;
    private long lastAtNanos = Long.MIN_VALUE;
    private long nonZero;

    MetricAccumulator(String name, int known) {
        this.name = name;
        this.known = known;
        isChecks = name.equals("checks");
        namesGroups = KnownMetric.needsGroupTags(name);
        refreshNeeds();
    }

    void declare(String declaredType, String declaredContains, List<String> declaredThresholds) {
        if (kind != Kind.UNDECLARED) {
            return;
        }
        type = declaredType;
        contains = declaredContains;
        thresholds = List.copyOf(declaredThresholds);
        kind = switch (declaredType == null ? "" : declaredType) {
            case "trend" -> Kind.TREND;
            case "counter" -> Kind.COUNTER;
            case "rate" -> Kind.RATE;
            case "gauge" -> Kind.GAUGE;
            default -> Kind.UNDECLARED;
        };
        histogram = kind == Kind.TREND ? Latencies.newRunHistogram() : null;
        refreshNeeds();
    }

    void refreshNeeds() {
        boolean endpoint = known == KnownMetric.HTTP_REQS || known == KnownMetric.HTTP_REQ_FAILED
                || known == KnownMetric.HTTP_REQ_DURATION;
        boolean all = !subMetrics.isEmpty() || KnownMetric.needsGroupTags(name);
        tagMode = all ? TAGS_ALL : endpoint ? TAGS_ENDPOINT : TAGS_NONE;
        readsData = known != KnownMetric.OTHER || kind != Kind.UNDECLARED;
        needsTime = known != KnownMetric.OTHER || kind == Kind.GAUGE;
    }

    void add(double value, long atNanos, PointTags tags) {
        if (kind == Kind.UNDECLARED) {
            return;
        }
        count++;
        sum += value;
        if (!(value >= min)) {
            min = value;
        }
        if (!(value <= max)) {
            max = value;
        }
        if (value != 0) {
            nonZero++;
        }
        if (histogram != null) {
            histogram.recordValue(Latencies.micros(value));
        } else if (atNanos >= lastAtNanos) {
            lastAtNanos = atNanos;
            last = value;
        }
        for (int i = 0; i < subMetrics.size(); i++) {
            SubMetric sub = subMetrics.get(i);
            if (tags.matches(sub.tagKeys, sub.tagValues)) {
                sub.metric.add(value, atNanos, tags);
            }
        }
    }

    long retainedBytes() {
        return 128 + (histogram != null ? histogram.getEstimatedFootprintInBytes() : 0);
    }

    MetricFold toFold() {
        String encoded = histogram != null ? Latencies.base64(histogram) : null;
        boolean any = count > 0;
        boolean keepsLast = histogram == null && any;
        return new MetricFold(name, type, contains, thresholds, count, sum, any ? min : 0, any ? max : 0,
                keepsLast ? last : 0, keepsLast ? lastAtNanos : 0, nonZero, encoded);
    }

    /** A sub-metric: its own accumulator, fed the samples whose tags hold every one of its tags. */
    record SubMetric(byte[][] tagKeys, byte[][] tagValues, MetricAccumulator metric) {
    }
}
