package dev.k6runner.analyzer.merge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.TimelinePoint;
import org.HdrHistogram.Histogram;

/**
 * Timelines of several segments bucket by bucket on the widest bucket of any (the buckets are aligned
 * to the epoch, so a wider one holds whole narrower ones): requests, failures, iterations and VUs
 * added (each process runs its own VUs), a bucket's p50/p95/p99 from the segments' per-bucket
 * histograms added. Where a segment carried no per-bucket histograms (a runner older than them), the
 * bucket's percentiles are the request-weighted mean of the segments': a chart's approximation. The load
 * generator's CPU is the busiest segment's: each runner is its own generator, and the hottest one is the one
 * that may limit the test.
 */
final class TimelineMerge {

    record Merged(List<TimelinePoint> points, List<String> histograms) {
    }

    private TimelineMerge() {
    }

    static int bucketSeconds(List<RunDigest> digests) {
        return digests.stream().mapToInt(RunDigest::bucketSeconds).max().orElse(1);
    }

    static Merged merge(List<RunDigest> digests, int width) {
        Map<Long, Bucket> buckets = new TreeMap<>();
        for (int s = 0; s < digests.size(); s++) {
            RunDigest digest = digests.get(s);
            List<String> histograms = digest.metrics() == null || digest.metrics().timelineHistograms() == null
                    ? List.of() : digest.metrics().timelineHistograms();
            for (int i = 0; i < digest.timeline().size(); i++) {
                TimelinePoint point = digest.timeline().get(i);
                long start = point.epochSecond() - Math.floorMod(point.epochSecond(), (long) width);
                String histogram = i < histograms.size() ? histograms.get(i) : null;
                buckets.computeIfAbsent(start, k -> new Bucket(digests.size())).add(s, point, histogram);
            }
        }
        int[] lastVus = new int[digests.size()];
        List<TimelinePoint> points = new ArrayList<>(buckets.size());
        List<String> histograms = new ArrayList<>(buckets.size());
        buckets.forEach((start, bucket) -> {
            points.add(bucket.point(start, lastVus));
            histograms.add(bucket.histogram == null ? null : Histograms.encode(bucket.histogram));
        });
        return new Merged(points, histograms);
    }

    private static final class Bucket {
        private final int[] vus;
        private final double[] weightedPercentiles = new double[3];
        private long requests;
        private long failed;
        private long iterations;
        private long weighed;
        private boolean exact = true;
        private Double busiestCpu;
        Histogram histogram;

        Bucket(int segments) {
            vus = new int[segments];
            Arrays.fill(vus, -1);
        }

        void add(int segment, TimelinePoint point, String encoded) {
            requests += point.requests();
            failed += point.failedRequests();
            iterations += point.iterations();
            vus[segment] = point.vus();
            if (point.generatorCpuPercent() != null) {
                busiestCpu = busiestCpu == null ? point.generatorCpuPercent() : Math.max(busiestCpu, point.generatorCpuPercent());
            }
            if (point.p50Ms() == null) {
                return;
            }
            weighed += point.requests();
            weightedPercentiles[0] += point.p50Ms() * point.requests();
            weightedPercentiles[1] += point.p95Ms() * point.requests();
            weightedPercentiles[2] += point.p99Ms() * point.requests();
            if (encoded == null) {
                exact = false;
                return;
            }
            Histogram h = Histograms.decode(encoded);
            if (histogram == null) {
                histogram = new Histogram(h.getNumberOfSignificantValueDigits());
            }
            histogram.add(h);
        }

        /** A segment without a point in this bucket still runs the VUs it last reported. */
        TimelinePoint point(long start, int[] lastVus) {
            int total = 0;
            for (int s = 0; s < vus.length; s++) {
                lastVus[s] = vus[s] >= 0 ? vus[s] : lastVus[s];
                total += lastVus[s];
            }
            return new TimelinePoint(start, requests, failed, total, iterations, percentile(0, 50), percentile(1, 95),
                    percentile(2, 99), busiestCpu);
        }

        /** As the runner reads a bucket: HdrHistogram's value at the percentile, in ms. */
        private Double percentile(int index, double p) {
            if (exact && histogram != null && histogram.getTotalCount() > 0) {
                return histogram.getValueAtPercentile(p) / 1000.0;
            }
            return weighed > 0 ? weightedPercentiles[index] / weighed : null;
        }
    }
}
