package dev.k6runner.runner.stream;

import java.util.List;

import dev.k6runner.model.LoadGeneratorHealth;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.StreamMetrics;
import dev.k6runner.model.TimelinePoint;
import org.HdrHistogram.Histogram;

/** What the points of one run add up to; used by the consuming thread only. */
final class RunFold {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Latencies latencies = new Latencies();
    private final Timeline timeline;
    private final Endpoints endpoints;
    private final Histogram runLatencies = Latencies.newRunHistogram();
    final MetricTable metrics = new MetricTable();
    private final ChecksAndGroups checksAndGroups = new ChecksAndGroups();
    long points;
    long requests;
    long failedRequests;
    int currentVus;
    private long currentVusAtNanos = Long.MIN_VALUE;

    RunFold(FoldLimits limits) {
        timeline = new Timeline(limits.maxTimelineBuckets(), latencies);
        endpoints = new Endpoints(limits.maxEndpoints());
    }

    void point(ScannedPoint line) {
        points++;
        MetricAccumulator accumulator = line.accumulator;
        if (accumulator != null) {
            generic(line, accumulator);
        }
        int metric = line.metric;
        if (metric == KnownMetric.OTHER) {
            return;
        }
        long nanos = line.timeNanos;
        double value = line.value;
        TimelineBucket bucket = timeline.at(Math.floorDiv(nanos, NANOS_PER_SECOND));
        switch (metric) {
            case KnownMetric.HTTP_REQS -> {
                requests++;
                bucket.requests++;
                endpoints.lookup(line.method, line.name, line.status).request();
            }
            case KnownMetric.HTTP_REQ_FAILED -> {
                if (value != 0) {
                    failedRequests++;
                    bucket.failedRequests++;
                    endpoints.lookup(line.method, line.name, line.status).failed();
                }
            }
            case KnownMetric.HTTP_REQ_DURATION -> duration(line, bucket, value);
            case KnownMetric.VUS -> vus(bucket, nanos, value);
            default -> bucket.iterations++;
        }
    }

    private void generic(ScannedPoint line, MetricAccumulator accumulator) {
        accumulator.add(line.value, line.timeNanos, line.tags);
        if (accumulator.isChecks) {
            checksAndGroups.check(line.tags, line.value != 0);
        } else if (accumulator.namesGroups) {
            checksAndGroups.group(line.tags);
        }
    }

    private void duration(ScannedPoint line, TimelineBucket bucket, double ms) {
        long micros = Latencies.micros(ms);
        runLatencies.recordValue(micros);
        timeline.recordLatency(bucket, micros);
        endpoints.lookup(line.method, line.name, line.status).duration(ms, micros);
    }

    private void vus(TimelineBucket bucket, long nanos, double value) {
        int vus = (int) Math.max(0, Math.min(value, Integer.MAX_VALUE));
        bucket.gauge(nanos, vus);
        if (nanos >= currentVusAtNanos) {
            currentVusAtNanos = nanos;
            currentVus = vus;
        }
    }

    RunDigest digest(LoadGeneratorHealth loadGenerator, CpuSeries cpu) {
        List<TimelinePoint> timelinePoints = timeline.points();
        if (cpu != null) {
            int width = timeline.bucketSeconds();
            timelinePoints = timelinePoints.stream()
                    .map(point -> point.withGeneratorCpu(cpu.averageOver(point.epochSecond(), width))).toList();
        }
        return new RunDigest(timeline.bucketSeconds(), timelinePoints, endpoints.stats(),
                Latencies.base64(runLatencies), loadGenerator, points, streamMetrics());
    }

    private StreamMetrics streamMetrics() {
        return new StreamMetrics(metrics.folds(), checksAndGroups.checks(), checksAndGroups.groups(),
                endpoints.histograms(), timeline.histograms(), metrics.truncated || checksAndGroups.truncated);
    }

    StreamFootprint footprint(int bufferBytes) {
        long bytes = timeline.retainedBytes() + endpoints.retainedBytes() + latencies.pooledBytes()
                + runLatencies.getEstimatedFootprintInBytes() + metrics.retainedBytes() + checksAndGroups.retainedBytes();
        return new StreamFootprint(timeline.bucketCount(), endpoints.size(), bytes, bufferBytes);
    }
}
