package dev.k6runner.runner.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.k6runner.model.MetricFold;
import dev.k6runner.model.StreamMetrics;
import org.junit.jupiter.api.Test;

/**
 * With every metric declared, as real k6 declares them, the generic fold (a histogram per trend,
 * sub-metrics, checks, groups) retains what it retains for a short stream, whatever the length.
 */
class DeclaredMetricsMemoryTest {

    private static final Instant START = Instant.parse("2026-11-23T23:00:00Z");
    private static final String[][] DECLARED = {
        {"http_reqs", "counter"}, {"http_req_duration", "trend"}, {"http_req_blocked", "trend"},
        {"http_req_connecting", "trend"}, {"http_req_tls_handshaking", "trend"}, {"http_req_sending", "trend"},
        {"http_req_waiting", "trend"}, {"http_req_receiving", "trend"}, {"http_req_failed", "rate"},
        {"data_sent", "counter"}, {"data_received", "counter"}, {"iteration_duration", "trend"},
        {"iterations", "counter"}, {"vus", "gauge"}};
    /** Histograms resize with the values' range, not their count; the range is reached early. */
    private static final long HISTOGRAM_GROWTH_ALLOWANCE = 512 * 1024;

    @Test
    void twoMillionPointsOfDeclaredMetricsRetainNoMoreThanTenThousandBeyondTheTimelinesCap() throws IOException {
        MetricStreamFolder small = fold(10_000);
        MetricStreamFolder large = fold(2_000_000);
        StreamMetrics metrics = large.digest(null).metrics();
        System.out.printf("declared, 10K points: %s%ndeclared, 2M points: %s%n", small.footprint(), large.footprint());

        assertThat(large.footprint().retainedBytes()).isLessThanOrEqualTo(small.footprint().retainedBytes()
                + FoldLimits.defaults().maxTimelineBuckets() * 4096L + HISTOGRAM_GROWTH_ALLOWANCE);
        assertThat(metrics.metrics()).hasSize(DECLARED.length + 1);
        MetricFold duration = metrics.metrics().stream().filter(m -> m.name().equals("http_req_duration")).findFirst().orElseThrow();
        assertThat(duration.count()).isGreaterThan(100_000);
        assertThat(metrics.truncated()).isFalse();
    }

    private static MetricStreamFolder fold(long points) throws IOException {
        MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
        try (InputStream in = new SequenceInputStream(declarations(), new SyntheticK6Stream(points, 200, 300, START))) {
            folder.consume(in);
        }
        return folder;
    }

    private static InputStream declarations() {
        StringBuilder lines = new StringBuilder();
        for (String[] metric : DECLARED) {
            String subMetrics = metric[0].equals("http_req_duration")
                    ? "[{\"name\":\"http_req_duration{status:200}\",\"suffix\":\"status:200\",\"tags\":{\"status\":\"200\"}}]"
                    : "null";
            lines.append("{\"type\":\"Metric\",\"data\":{\"name\":\"").append(metric[0]).append("\",\"type\":\"")
                    .append(metric[1]).append("\",\"contains\":\"default\",\"thresholds\":[],\"submetrics\":")
                    .append(subMetrics).append("},\"metric\":\"").append(metric[0]).append("\"}\n");
        }
        return new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8));
    }
}
