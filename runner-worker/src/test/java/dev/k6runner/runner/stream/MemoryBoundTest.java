package dev.k6runner.runner.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.TimelinePoint;
import org.junit.jupiter.api.Test;

/**
 * Ten million points retain what ten thousand do, plus at most the fixed caps: no more than
 * {@code maxTimelineBuckets} buckets (each a packed histogram, bounded by {@link #PACKED_BUCKET_ALLOWANCE})
 * and {@code maxEndpoints} endpoints. Sizes are counted, not timed.
 */
class MemoryBoundTest {

    private static final Instant START = Instant.parse("2026-11-23T23:00:00Z");
    private static final long PACKED_BUCKET_ALLOWANCE = 4096;

    @Test
    void tenMillionPointsRetainNoMoreThanTenThousandBeyondTheCaps() throws IOException {
        FoldLimits limits = FoldLimits.defaults();
        MetricStreamFolder small = fold(10_000, limits);
        MetricStreamFolder large = fold(10_000_000, limits);
        StreamFootprint smallFootprint = small.footprint();
        StreamFootprint largeFootprint = large.footprint();
        System.out.printf("10K points: %s%n10M points: %s, %d bytes of stream%n", smallFootprint, largeFootprint,
                large.bytesRead());

        assertThat(large.pointsRead()).isEqualTo(10_000_000);
        assertThat(large.malformedLines()).isZero();
        assertThat(largeFootprint.timelineBuckets()).isLessThanOrEqualTo(limits.maxTimelineBuckets());
        assertThat(largeFootprint.endpoints()).isEqualTo(smallFootprint.endpoints()).isEqualTo(limits.maxEndpoints());
        assertThat(largeFootprint.bufferBytes()).isEqualTo(smallFootprint.bufferBytes());
        assertThat(largeFootprint.retainedBytes()).isLessThanOrEqualTo(
                smallFootprint.retainedBytes() + limits.maxTimelineBuckets() * PACKED_BUCKET_ALLOWANCE);

        RunDigest digest = large.digest(null);
        long requests = digest.timeline().stream().mapToLong(TimelinePoint::requests).sum();
        assertThat(requests).isEqualTo(large.progress(START, START).requests()).isGreaterThan(700_000);
        assertThat(digest.bucketSeconds()).isGreaterThan(1);
        assertThat(digest.endpoints().stream().mapToLong(e -> e.requests()).sum()).isEqualTo(requests);
        assertThat(digest.endpoints().getLast().name()).isEqualTo(Endpoints.OTHER);
        assertThat(digest.latencyHistogram().length()).isLessThan(64 * 1024);
    }

    private static MetricStreamFolder fold(long points, FoldLimits limits) throws IOException {
        MetricStreamFolder folder = new MetricStreamFolder(limits);
        try (SyntheticK6Stream in = new SyntheticK6Stream(points, 200, 300, START)) {
            folder.consume(in);
        }
        return folder;
    }
}
