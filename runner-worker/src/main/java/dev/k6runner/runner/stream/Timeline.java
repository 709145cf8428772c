package dev.k6runner.runner.stream;

import java.util.ArrayList;
import java.util.List;

import dev.k6runner.model.TimelinePoint;
import org.HdrHistogram.Histogram;

/**
 * Per-second buckets, aligned to the epoch so that doubling the width merges neighbours exactly.
 * Points arrive nearly in time order: buckets ending more than {@link #LATENESS_SECONDS} before the
 * newest point are closed (their histogram packed); a later point for a closed bucket still counts,
 * on a slow path. Past {@code maxBuckets} the width doubles and neighbours merge, histograms
 * included, so merged percentiles are exact for the histogram's precision.
 */
final class Timeline {

    static final int LATENESS_SECONDS = 5;

    private final int maxBuckets;
    private final Latencies latencies;
    private List<TimelineBucket> buckets = new ArrayList<>();
    private long width = 1;
    private long newestSecond = Long.MIN_VALUE;
    private TimelineBucket lastHit;

    Timeline(int maxBuckets, Latencies latencies) {
        this.maxBuckets = maxBuckets;
        this.latencies = latencies;
    }

    TimelineBucket at(long epochSecond) {
        if (epochSecond > newestSecond) {
            newestSecond = epochSecond;
            closeFinished();
        }
        long start = alignedStart(epochSecond);
        if (lastHit != null && lastHit.start == start) {
            return lastHit;
        }
        int i = buckets.size() - 1;
        while (i >= 0 && buckets.get(i).start > start) {
            i--;
        }
        if (i >= 0 && buckets.get(i).start == start) {
            return lastHit = buckets.get(i);
        }
        TimelineBucket created = new TimelineBucket(start);
        created.closed = isFinished(created);
        buckets.add(i + 1, created);
        if (buckets.size() > maxBuckets) {
            while (buckets.size() > maxBuckets) {
                doubleWidth();
            }
            lastHit = null;
            return at(epochSecond);
        }
        return lastHit = created;
    }

    void recordLatency(TimelineBucket bucket, long micros) {
        if (!bucket.closed) {
            if (bucket.live == null) {
                bucket.live = latencies.take();
            }
            bucket.live.recordValue(micros);
            return;
        }
        Histogram h = latencies.unpack(bucket.packed);
        h.recordValue(micros);
        bucket.packed = latencies.pack(h);
        latencies.release(h);
    }

    int bucketSeconds() {
        return (int) Math.min(width, Integer.MAX_VALUE);
    }

    int bucketCount() {
        return buckets.size();
    }

    long retainedBytes() {
        return buckets.stream().mapToLong(TimelineBucket::retainedBytes).sum();
    }

    /**
     * VUs are a gauge: a bucket without a sample carries the previous bucket's value forward. k6 takes its first
     * VU sample about a second after the first requests (every recording shows it), so the buckets before that
     * sample carry the first sample instead of 0: a constant 10-VU test did not start at 0 VUs.
     */
    List<TimelinePoint> points() {
        List<TimelinePoint> points = new ArrayList<>(buckets.size());
        int vus = firstVuSample();
        for (TimelineBucket b : buckets) {
            vus = b.vus != TimelineBucket.NO_VUS ? b.vus : vus;
            Histogram h = b.closed ? latencies.unpack(b.packed) : b.live;
            boolean any = h != null && h.getTotalCount() > 0;
            points.add(new TimelinePoint(b.start, b.requests, b.failedRequests, vus, b.iterations,
                    any ? percentile(h, 50) : null, any ? percentile(h, 95) : null, any ? percentile(h, 99) : null));
            if (b.closed) {
                latencies.release(h);
            }
        }
        return points;
    }

    private int firstVuSample() {
        for (TimelineBucket b : buckets) {
            if (b.vus != TimelineBucket.NO_VUS) {
                return b.vus;
            }
        }
        return 0;
    }

    /** Each bucket's http_req_duration histogram in base64, in the order of {@link #points()}; null when empty. */
    List<String> histograms() {
        List<String> encoded = new ArrayList<>(buckets.size());
        for (TimelineBucket b : buckets) {
            if (b.closed) {
                encoded.add(b.packed == null ? null : java.util.Base64.getEncoder().encodeToString(b.packed));
            } else {
                encoded.add(b.live == null || b.live.getTotalCount() == 0 ? null : Latencies.base64(b.live));
            }
        }
        return encoded;
    }

    private static Double percentile(Histogram h, double p) {
        return Latencies.millis(h.getValueAtPercentile(p));
    }

    private long alignedStart(long second) {
        return second - Math.floorMod(second, width);
    }

    private boolean isFinished(TimelineBucket b) {
        return b.start + width <= newestSecond - LATENESS_SECONDS;
    }

    private void closeFinished() {
        int i = buckets.size();
        while (i > 0 && !buckets.get(i - 1).closed) {
            i--;
        }
        for (; i < buckets.size() && isFinished(buckets.get(i)); i++) {
            close(buckets.get(i));
        }
    }

    private void close(TimelineBucket b) {
        b.closed = true;
        if (b.live != null) {
            b.packed = b.live.getTotalCount() > 0 ? latencies.pack(b.live) : null;
            latencies.release(b.live);
            b.live = null;
        }
    }

    private void doubleWidth() {
        width *= 2;
        List<TimelineBucket> merged = new ArrayList<>(buckets.size() / 2 + 2);
        for (TimelineBucket b : buckets) {
            long start = alignedStart(b.start);
            TimelineBucket tail = merged.isEmpty() ? null : merged.getLast();
            if (tail != null && tail.start == start) {
                merge(tail, b);
            } else {
                b.start = start;
                merged.add(b);
            }
        }
        buckets = merged;
        for (TimelineBucket b : buckets) {
            if (b.closed && !isFinished(b)) {
                reopen(b);
            }
        }
    }

    private void merge(TimelineBucket into, TimelineBucket later) {
        into.addCounts(later);
        if (into.closed && later.closed) {
            if (later.packed != null) {
                Histogram h = latencies.unpack(into.packed);
                Histogram other = latencies.unpack(later.packed);
                h.add(other);
                into.packed = latencies.pack(h);
                latencies.release(h);
                latencies.release(other);
            }
            return;
        }
        if (into.closed) {
            reopen(into);
        }
        Histogram other = later.closed ? latencies.unpack(later.packed) : later.live;
        if (other != null) {
            if (into.live == null) {
                into.live = latencies.take();
            }
            into.live.add(other);
            latencies.release(other);
        }
    }

    private void reopen(TimelineBucket b) {
        b.closed = false;
        b.live = b.packed != null ? latencies.unpack(b.packed) : null;
        b.packed = null;
    }
}
