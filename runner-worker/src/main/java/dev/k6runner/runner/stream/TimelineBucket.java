package dev.k6runner.runner.stream;

import org.HdrHistogram.Histogram;

/**
 * One timeline bucket. Open: its latencies go into a live histogram. Closed: the histogram is
 * packed ({@code packed}, null when the bucket saw no request), so a long run keeps bytes, not
 * kilobyte-sized count arrays, per bucket.
 */
final class TimelineBucket {

    static final int NO_VUS = -1;

    long start;
    long requests;
    long failedRequests;
    long iterations;
    int vus = NO_VUS;
    long vusAtNanos = Long.MIN_VALUE;
    boolean closed;
    Histogram live;
    byte[] packed;

    TimelineBucket(long start) {
        this.start = start;
    }

    void gauge(long atNanos, int value) {
        if (atNanos >= vusAtNanos) {
            vusAtNanos = atNanos;
            vus = value;
        }
    }

    /** Adds a later neighbour's counts; histograms are merged by {@link Timeline}. */
    void addCounts(TimelineBucket later) {
        requests += later.requests;
        failedRequests += later.failedRequests;
        iterations += later.iterations;
        if (later.vus != NO_VUS) {
            gauge(later.vusAtNanos, later.vus);
        }
    }

    long retainedBytes() {
        long histogramBytes = live != null ? live.getEstimatedFootprintInBytes() : 0;
        return 64 + histogramBytes + (packed != null ? 16 + packed.length : 0);
    }
}
