package dev.k6runner.runner.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.TimelinePoint;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Folds every recorded stream of real k6 and checks the digest against k6's own summary export.
 * Latency tolerance: the whole-run histogram keeps 3 significant digits, so a value read back is
 * within 0.1 % of the recorded one, plus 1 µs for rounding milliseconds to whole microseconds.
 */
class RecordingsFoldTest {

    static final List<String> RECORDINGS = Recording.ALL;
    private static final double RELATIVE = 0.001;
    private static final double ROUNDING_MS = 0.001;

    @ParameterizedTest
    @FieldSource("RECORDINGS")
    void totalsEqualTheSummaryExport(String name) {
        Recording recording = Recording.load(name);
        MetricStreamFolder folder = Recording.fold(name, FoldLimits.defaults());
        RunDigest digest = folder.digest(null);

        assertThat(folder.malformedLines()).isZero();
        assertThat(folder.pointsRead()).isEqualTo(recording.pointCount()).isEqualTo(digest.pointsRead());
        long requests = (long) recording.summary("http_reqs", "count");
        long failed = (long) recording.summary("http_req_failed", "passes");
        assertThat(sum(digest, TimelinePoint::requests)).isEqualTo(requests);
        assertThat(sum(digest, TimelinePoint::failedRequests)).isEqualTo(failed);
        assertThat(sum(digest, TimelinePoint::iterations)).isEqualTo((long) recording.summary("iterations", "count"));
        assertThat(digest.endpoints().stream().mapToLong(e -> e.requests()).sum()).isEqualTo(requests);
        assertThat(digest.endpoints().stream().mapToLong(e -> e.failedRequests()).sum()).isEqualTo(failed);
        assertThat(folder.progress(java.time.Instant.EPOCH, java.time.Instant.EPOCH).requests()).isEqualTo(requests);
        assertThat(folder.bytesRead()).isPositive();
    }

    @ParameterizedTest
    @FieldSource("RECORDINGS")
    void wholeRunHistogramAgreesWithTheSummaryWithinHdrPrecision(String name) {
        Recording recording = Recording.load(name);
        Histogram run = Latencies.fromBase64(Recording.fold(name, FoldLimits.defaults()).digest(null).latencyHistogram());
        double[] sorted = recording.points("http_req_duration").stream()
                .mapToDouble(p -> p.get("data").get("value").asDouble()).sorted().toArray();

        assertThat(run.getTotalCount()).isEqualTo(sorted.length);
        if (!recording.hasSummary("http_req_duration")) {
            return;
        }
        assertClose(run.getMaxValue(), recording.summary("http_req_duration", "max"));
        assertClose(run.getMinValue(), recording.summary("http_req_duration", "min"));
        for (double percentile : new double[] {50, 90, 95}) {
            String field = percentile == 50 ? "med" : "p(" + (int) percentile + ")";
            double k6 = recording.summary("http_req_duration", field);
            // k6 interpolates linearly at rank p*(n-1); HdrHistogram answers the nearest-rank sample.
            double rank = percentile / 100 * (sorted.length - 1);
            assertThat(k6).isBetween(sorted[(int) Math.floor(rank)] - 1e-9, sorted[(int) Math.ceil(rank)] + 1e-9);
            int nearestRank = Math.max(0, (int) Math.ceil(percentile / 100 * sorted.length) - 1);
            assertClose(run.getValueAtPercentile(percentile), sorted[nearestRank]);
        }
    }

    private static void assertClose(long micros, double expectedMs) {
        assertThat(Latencies.millis(micros)).isCloseTo(expectedMs, within(expectedMs * RELATIVE + ROUNDING_MS));
    }

    private static long sum(RunDigest digest, java.util.function.ToLongFunction<TimelinePoint> field) {
        return digest.timeline().stream().mapToLong(field).sum();
    }
}
