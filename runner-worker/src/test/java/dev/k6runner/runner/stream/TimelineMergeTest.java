package dev.k6runner.runner.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.TimelinePoint;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Past its cap the timeline doubles its bucket width. Merged buckets must keep every count and
 * answer the percentiles of all their requests: the same histogram as recording them directly.
 */
class TimelineMergeTest {

    private static final long BASE = Instant.parse("2026-11-23T23:41:40Z").getEpochSecond();
    private static final int SECONDS = 37;

    @Test
    void mergedBucketsKeepTotalsAndTheirPercentilesAreExact() throws IOException {
        List<String> lines = new ArrayList<>();
        Map<Long, List<Double>> latenciesBySecond = new TreeMap<>();
        List<String> late = new ArrayList<>();
        for (int s = 0; s < SECONDS; s++) {
            lines.add(line("vus", s, 0.9, s % 11));
            for (int i = 0; i < 5 + s; i++) {
                double ms = (s + 1) * 3.7 + i * i * 0.91;
                String reqs = line("http_reqs", s, 0.1 + i * 0.001, 1);
                String duration = line("http_req_duration", s, 0.1 + i * 0.001, ms);
                latenciesBySecond.computeIfAbsent(BASE + s, k -> new ArrayList<>()).add(ms);
                // Some requests of second 3 arrive after second 20 (long closed), some of 10 after 11 (still open).
                boolean lateArrival = (s == 3 || s == 10) && i == 0;
                (lateArrival ? late : lines).addAll(List.of(reqs, duration, line("http_req_failed", s, 0.1, i % 4 == 0 ? 1 : 0)));
            }
            if (s == 11 || s == 20) {
                lines.addAll(late.subList(0, 3));
                late.subList(0, 3).clear();
            }
        }
        int maxBuckets = 4;

        MetricStreamFolder folder = new MetricStreamFolder(new FoldLimits(maxBuckets, 10));
        folder.consume(new ByteArrayInputStream(String.join("\n", lines).getBytes(UTF_8)));
        RunDigest digest = folder.digest(null);

        int width = expectedWidth(maxBuckets);
        assertThat(digest.bucketSeconds()).isEqualTo(width).isGreaterThan(1);
        assertThat(digest.timeline()).hasSizeLessThanOrEqualTo(maxBuckets);
        assertThat(digest.timeline().stream().mapToLong(TimelinePoint::requests).sum())
                .isEqualTo(latenciesBySecond.values().stream().mapToLong(List::size).sum());
        for (TimelinePoint bucket : digest.timeline()) {
            Histogram expected = Latencies.newPartHistogram();
            long requests = 0;
            for (long s = bucket.epochSecond(); s < bucket.epochSecond() + width; s++) {
                for (double ms : latenciesBySecond.getOrDefault(s, List.of())) {
                    expected.recordValue(Latencies.micros(ms));
                    requests++;
                }
            }
            assertThat(bucket.requests()).isEqualTo(requests);
            assertThat(bucket.p50Ms()).isEqualTo(Latencies.millis(expected.getValueAtPercentile(50)));
            assertThat(bucket.p95Ms()).isEqualTo(Latencies.millis(expected.getValueAtPercentile(95)));
            assertThat(bucket.p99Ms()).isEqualTo(Latencies.millis(expected.getValueAtPercentile(99)));
            long lastSecond = Math.min(bucket.epochSecond() + width - 1, BASE + SECONDS - 1);
            assertThat(bucket.vus()).isEqualTo((int) ((lastSecond - BASE) % 11));
        }
    }

    @Test
    void aRecordingFoldedIntoTwoBucketsKeepsItsTotals() {
        RunDigest fine = Recording.fold("stages", FoldLimits.defaults()).digest(null);
        RunDigest coarse = Recording.fold("stages", new FoldLimits(2, 200)).digest(null);

        assertThat(coarse.timeline()).hasSizeLessThanOrEqualTo(2);
        assertThat(coarse.bucketSeconds()).isGreaterThan(fine.bucketSeconds());
        assertThat(sum(coarse)).isEqualTo(sum(fine)).isEqualTo(306);
        assertThat(coarse.latencyHistogram()).isEqualTo(fine.latencyHistogram());
    }

    /** The smallest power of two at which the epoch-aligned buckets of the run fit the cap. */
    private static int expectedWidth(int maxBuckets) {
        for (int w = 1; ; w *= 2) {
            long first = BASE - Math.floorMod(BASE, w);
            long last = BASE + SECONDS - 1 - Math.floorMod(BASE + SECONDS - 1, w);
            if ((last - first) / w + 1 <= maxBuckets) {
                return w;
            }
        }
    }

    private static long sum(RunDigest digest) {
        return digest.timeline().stream().mapToLong(TimelinePoint::requests).sum();
    }

    private static String line(String metric, int second, double fraction, double value) {
        Instant at = Instant.ofEpochSecond(BASE + second, (long) (fraction * 1e9));
        return "{\"metric\":\"" + metric + "\",\"type\":\"Point\",\"data\":{\"time\":\"" + at + "\",\"value\":" + value
                + ",\"tags\":{\"method\":\"GET\",\"name\":\"n\",\"status\":\"200\"}}}";
    }
}
