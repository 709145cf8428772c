package dev.k6runner.runner.stream;

import java.nio.charset.StandardCharsets;

/**
 * The few metrics the timeline and endpoints read; every metric (custom ones included) is also
 * folded generically by {@link MetricAccumulator}.
 */
final class KnownMetric {

    static final int OTHER = 0;
    static final int HTTP_REQS = 1;
    static final int HTTP_REQ_FAILED = 2;
    static final int HTTP_REQ_DURATION = 3;
    static final int VUS = 4;
    static final int ITERATIONS = 5;

    private static final byte[][] NAMES = {
        null, bytes("http_reqs"), bytes("http_req_failed"), bytes("http_req_duration"), bytes("vus"),
        bytes("iterations")};

    private KnownMetric() {
    }

    static int of(byte[] b, int from, int to) {
        int length = to - from;
        for (int id = 1; id < NAMES.length; id++) {
            byte[] name = NAMES[id];
            if (name.length == length && java.util.Arrays.equals(b, from, to, name, 0, length)) {
                return id;
            }
        }
        return OTHER;
    }

    /** Metrics whose points name groups and checks: their tags are read in full. */
    static boolean needsGroupTags(String metric) {
        return metric.equals("checks") || metric.equals("group_duration") || metric.equals("iteration_duration");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
