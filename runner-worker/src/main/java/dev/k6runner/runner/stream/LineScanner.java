package dev.k6runner.runner.stream;

import static dev.k6runner.runner.stream.JsonBytes.BAD;

import java.nio.charset.StandardCharsets;

/**
 * Reads one {@code --out json} line in place, without building a tree or allocating: the metric
 * (its accumulator in the {@link MetricTable}), type, time, value and the tags the metric needs
 * (none, the three an endpoint is keyed by, or all of them for sub-metrics, checks and groups). Keys
 * come in any order (k6 writes {@code "metric"} first on points, last on metric lines); unknown keys
 * are skipped. A metric past the table's cap has its data object only skipped, not read; the time of
 * a metric that needs none is only skipped too.
 */
final class LineScanner {

    enum Kind { POINT, METRIC, BLANK, MALFORMED }

    private static final byte[] TYPE = ascii("type");
    private static final byte[] METRIC = ascii("metric");
    private static final byte[] DATA = ascii("data");
    private static final byte[] TIME = ascii("time");
    private static final byte[] VALUE = ascii("value");
    private static final byte[] TAGS = ascii("tags");
    private static final byte[] POINT_TYPE = ascii("Point");
    private static final byte[] METRIC_TYPE = ascii("Metric");
    private static final byte[] METHOD_TAG = ascii("method");
    private static final byte[] NAME_TAG = ascii("name");
    private static final byte[] STATUS_TAG = ascii("status");
    private static final int TOP = 0;
    private static final int IN_DATA = 1;
    private static final int IN_TAGS = 2;
    private static final int IN_ALL_TAGS = 3;
    private static final int UNSEEN = -1;
    private static final int OTHER_TYPE = 0;
    private static final int IS_POINT = 1;
    private static final int IS_METRIC = 2;

    final ScannedPoint point = new ScannedPoint();
    private final MetricTable table;
    private final double[] number = new double[1];
    private final byte[] metricScratch = new byte[64];
    private int type;
    private int metric;
    private MetricAccumulator accumulator;
    private boolean hasTime;
    private boolean hasValue;

    LineScanner(MetricTable table) {
        this.table = table;
    }

    Kind scan(byte[] b, int from, int to) {
        type = UNSEEN;
        metric = UNSEEN;
        accumulator = null;
        hasTime = false;
        hasValue = false;
        point.clearTags();
        int p = JsonBytes.skipWhitespace(b, from, to);
        if (p == to) {
            return Kind.BLANK;
        }
        p = object(b, p, to, TOP);
        if (p == BAD || JsonBytes.skipWhitespace(b, p, to) != to) {
            return Kind.MALFORMED;
        }
        if (type == IS_POINT && metric != UNSEEN && hasTime && hasValue) {
            point.metric = metric;
            point.accumulator = accumulator;
            return Kind.POINT;
        }
        return type == IS_METRIC ? Kind.METRIC : Kind.MALFORMED;
    }

    private int object(byte[] b, int p, int to, int where) {
        if (p >= to || b[p] != '{') {
            return BAD;
        }
        p = JsonBytes.skipWhitespace(b, p + 1, to);
        if (p < to && b[p] == '}') {
            return p + 1;
        }
        while (p < to && b[p] == '"') {
            int keyEnd = JsonBytes.stringEnd(b, p + 1, to);
            if (keyEnd == BAD) {
                return BAD;
            }
            int colon = JsonBytes.skipWhitespace(b, keyEnd + 1, to);
            if (colon >= to || b[colon] != ':') {
                return BAD;
            }
            int valueAt = JsonBytes.skipWhitespace(b, colon + 1, to);
            p = switch (where) {
                case TOP -> topMember(b, p + 1, keyEnd, valueAt, to);
                case IN_DATA -> dataMember(b, p + 1, keyEnd, valueAt, to);
                case IN_TAGS -> tagMember(b, p + 1, keyEnd, valueAt, to);
                default -> anyTagMember(b, p + 1, keyEnd, valueAt, to);
            };
            if (p == BAD) {
                return BAD;
            }
            p = JsonBytes.skipWhitespace(b, p, to);
            if (p < to && b[p] == '}') {
                return p + 1;
            }
            if (p >= to || b[p] != ',') {
                return BAD;
            }
            p = JsonBytes.skipWhitespace(b, p + 1, to);
        }
        return BAD;
    }

    private int topMember(byte[] b, int key, int keyEnd, int v, int to) {
        if (JsonBytes.equalsAscii(b, key, keyEnd, DATA)) {
            if (type != IS_POINT || metric == UNSEEN || accumulator != null && accumulator.readsData) {
                return object(b, v, to, IN_DATA);
            }
            // A point of a metric past the table's cap or never declared: only counted, its data skipped.
            int end = v < to && b[v] == '{' ? JsonBytes.skipValue(b, v, to) : BAD;
            hasTime = end != BAD;
            hasValue = hasTime;
            return end;
        }
        boolean isType = JsonBytes.equalsAscii(b, key, keyEnd, TYPE);
        if (!isType && !JsonBytes.equalsAscii(b, key, keyEnd, METRIC)) {
            return JsonBytes.skipValue(b, v, to);
        }
        if (v >= to || b[v] != '"') {
            return BAD;
        }
        int close = JsonBytes.stringEnd(b, v + 1, to);
        if (close == BAD) {
            return BAD;
        }
        if (isType) {
            type = JsonBytes.equalsAscii(b, v + 1, close, POINT_TYPE) ? IS_POINT
                    : JsonBytes.equalsAscii(b, v + 1, close, METRIC_TYPE) ? IS_METRIC : OTHER_TYPE;
        } else {
            metric = identify(b, v + 1, close);
        }
        return close + 1;
    }

    private int identify(byte[] b, int from, int to) {
        if (!JsonBytes.hasEscape(b, from, to)) {
            accumulator = table.lookup(b, from, to);
        } else {
            int end = JsonStrings.unescape(b, from, to, metricScratch, 0);
            accumulator = end == BAD ? null : table.lookup(metricScratch, 0, end);
        }
        return accumulator == null ? KnownMetric.OTHER : accumulator.known;
    }

    private int dataMember(byte[] b, int key, int keyEnd, int v, int to) {
        if (JsonBytes.equalsAscii(b, key, keyEnd, VALUE)) {
            int end = JsonBytes.parseNumber(b, v, to, number);
            point.value = number[0];
            hasValue = end != BAD;
            return end;
        }
        if (JsonBytes.equalsAscii(b, key, keyEnd, TIME)) {
            if (v >= to || b[v] != '"') {
                return BAD;
            }
            int close = JsonBytes.stringEnd(b, v + 1, to);
            if (close == BAD) {
                return BAD;
            }
            if (accumulator != null && !accumulator.needsTime) {
                hasTime = true;
                return close + 1;
            }
            point.timeNanos = Rfc3339.epochNanos(b, v + 1, close);
            hasTime = point.timeNanos != Rfc3339.BAD;
            return hasTime ? close + 1 : BAD;
        }
        if (JsonBytes.equalsAscii(b, key, keyEnd, TAGS) && v < to && b[v] == '{') {
            int mode = accumulator == null ? MetricAccumulator.TAGS_ALL : accumulator.tagMode;
            return switch (mode) {
                case MetricAccumulator.TAGS_NONE -> JsonBytes.skipValue(b, v, to);
                case MetricAccumulator.TAGS_ENDPOINT -> object(b, v, to, IN_TAGS);
                default -> object(b, v, to, IN_ALL_TAGS);
            };
        }
        return JsonBytes.skipValue(b, v, to);
    }

    private int tagMember(byte[] b, int key, int keyEnd, int v, int to) {
        TagSlice slot = JsonBytes.equalsAscii(b, key, keyEnd, NAME_TAG) ? point.name
                : JsonBytes.equalsAscii(b, key, keyEnd, STATUS_TAG) ? point.status
                : JsonBytes.equalsAscii(b, key, keyEnd, METHOD_TAG) ? point.method : null;
        if (slot == null || v >= to || b[v] != '"') {
            return JsonBytes.skipValue(b, v, to);
        }
        int close = JsonBytes.stringEnd(b, v + 1, to);
        if (close == BAD) {
            return BAD;
        }
        slot.set(b, v + 1, close);
        return close + 1;
    }

    /** Every string tag is kept for sub-metric selectors, checks and groups; the endpoint's three too. */
    private int anyTagMember(byte[] b, int key, int keyEnd, int v, int to) {
        if (v >= to || b[v] != '"') {
            return JsonBytes.skipValue(b, v, to);
        }
        int end = tagMember(b, key, keyEnd, v, to);
        if (end != BAD) {
            point.tags.add(b, key, keyEnd, v + 1, end - 1);
        }
        return end;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
