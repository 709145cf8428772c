package dev.k6runner.analyzer.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.TimelinePoint;

/**
 * Timelines of several segments bucket by bucket on the widest bucket of any (the buckets are aligned
 * to the epoch, so a wider one holds whole narrower ones): requests, failures, iterations and VUs
 * added (each process runs its own VUs). A bucket's p50/p95/p99 are the request-weighted mean of the
 * segments' (their per-bucket histograms are not carried): a chart's approximation; the run's and the
 * endpoints' percentiles come from merged histograms.
 */
final class TimelineMerge {

    private TimelineMerge() {
    }

    static int bucketSeconds(List<RunDigest> digests) {
        return digests.stream().mapToInt(RunDigest::bucketSeconds).max().orElse(1);
    }

    static List<TimelinePoint> merge(List<RunDigest> digests, int width) {
        Map<Long, Bucket> buckets = new TreeMap<>();
        for (int s = 0; s < digests.size(); s++) {
            for (TimelinePoint point : digests.get(s).timeline()) {
                long start = point.epochSecond() - Math.floorMod(point.epochSecond(), (long) width);
                buckets.computeIfAbsent(start, k -> new Bucket(digests.size())).add(s, point);
            }
        }
        int[] lastVus = new int[digests.size()];
        List<TimelinePoint> merged = new ArrayList<>(buckets.size());
        buckets.forEach((start, bucket) -> merged.add(bucket.point(start, lastVus)));
        return merged;
    }

    private static final class Bucket {
        private final int[] vus;
        private long requests;
        private long failed;
        private long iterations;
        private long weighed;
        private final double[] percentiles = new double[3];

        Bucket(int segments) {
            vus = new int[segments];
            java.util.Arrays.fill(vus, -1);
        }

        void add(int segment, TimelinePoint point) {
            requests += point.requests();
            failed += point.failedRequests();
            iterations += point.iterations();
            vus[segment] = point.vus();
            if (point.p50Ms() != null && point.requests() > 0) {
                weighed += point.requests();
                percentiles[0] += point.p50Ms() * point.requests();
                percentiles[1] += point.p95Ms() * point.requests();
                percentiles[2] += point.p99Ms() * point.requests();
            }
        }

        /** A segment without a point in this bucket still runs the VUs it last reported. */
        TimelinePoint point(long start, int[] lastVus) {
            int total = 0;
            for (int s = 0; s < vus.length; s++) {
                lastVus[s] = vus[s] >= 0 ? vus[s] : lastVus[s];
                total += lastVus[s];
            }
            boolean any = weighed > 0;
            return new TimelinePoint(start, requests, failed, total, iterations,
                    any ? percentiles[0] / weighed : null, any ? percentiles[1] / weighed : null,
                    any ? percentiles[2] / weighed : null);
        }
    }
}
