package dev.k6runner.analyzer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.k6runner.analyzer.Fixtures;

class MetricsExtractorTest {

    static final List<String> RECORDINGS = Fixtures.RECORDINGS;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every field against the export read independently as a plain JSON tree. */
    @ParameterizedTest
    @FieldSource("RECORDINGS")
    void everyMetricEqualsTheSummaryExport(String recording) {
        JsonNode m = JSON.readTree(Fixtures.summary(recording)).get("metrics");
        RunMetrics metrics = MetricsExtractor.extract(SummaryExport.parse(Fixtures.summary(recording)).orElseThrow(), null);

        JsonNode duration = m.path("http_req_duration");
        assertThat(metrics.avgResponseTimeMs()).isEqualTo(num(duration, "avg"));
        assertThat(metrics.medResponseTimeMs()).isEqualTo(num(duration, "med"));
        assertThat(metrics.p90ResponseTimeMs()).isEqualTo(num(duration, "p(90)"));
        assertThat(metrics.p95ResponseTimeMs()).isEqualTo(num(duration, "p(95)"));
        assertThat(metrics.p99ResponseTimeMs()).isEqualTo(num(duration, "p(99)"));
        assertThat(metrics.maxResponseTimeMs()).isEqualTo(num(duration, "max"));
        JsonNode failed = m.path("http_req_failed");
        assertThat(metrics.errorRate()).isEqualTo(failed.has("value") ? failed.get("value").doubleValue() * 100 : null);
        assertThat(metrics.failedRequests()).isEqualTo(count(failed, "passes"));
        assertThat(metrics.totalRequests()).isEqualTo(count(m.path("http_reqs"), "count"));
        assertThat(metrics.throughputRps()).isEqualTo(num(m.path("http_reqs"), "rate"));
        assertThat(metrics.vusMax()).isEqualTo(m.path("vus_max").has("max") ? m.path("vus_max").get("max").intValue() : null);
        assertThat(metrics.iterations()).isEqualTo(count(m.path("iterations"), "count"));
        assertThat(metrics.durationSeconds()).isEqualTo(m.get("iterations").get("count").doubleValue() / m.get("iterations").get("rate").doubleValue());
        assertThat(metrics.checksPassed()).isEqualTo(count(m.path("checks"), "passes"));
        assertThat(metrics.checksFailed()).isEqualTo(count(m.path("checks"), "fails"));
        assertThat(metrics.dataReceivedBytes()).isEqualTo(count(m.path("data_received"), "count"));
        assertThat(metrics.dataSentBytes()).isEqualTo(count(m.path("data_sent"), "count"));
        assertThat(metrics.droppedIterations()).isEqualTo(m.has("dropped_iterations") ? count(m.get("dropped_iterations"), "count") : 0L);
    }

    /** Thresholds per expression: true in the export means FAILED. */
    @ParameterizedTest
    @FieldSource("RECORDINGS")
    void everyThresholdVerdictIsInverted(String recording) {
        JsonNode m = JSON.readTree(Fixtures.summary(recording)).get("metrics");
        List<ThresholdResults.Result> expected = new ArrayList<>();
        for (Map.Entry<String, JsonNode> metric : m.properties()) {
            for (Map.Entry<String, JsonNode> expression : metric.getValue().path("thresholds").properties()) {
                expected.add(new ThresholdResults.Result(metric.getKey(), expression.getKey(), !expression.getValue().booleanValue()));
            }
        }
        ThresholdResults thresholds = SummaryExport.parse(Fixtures.summary(recording)).orElseThrow().thresholds();
        assertThat(thresholds.results()).containsExactlyElementsOf(expected);
        assertThat(thresholds.passed()).isEqualTo(expected.stream().allMatch(ThresholdResults.Result::passed));
    }

    @Test
    void mixedErrorsCountsFailedRequestsFromPasses() {
        RunMetrics metrics = extract("mixed-errors");
        assertThat(metrics.failedRequests()).isEqualTo(118);
        assertThat(metrics.totalRequests()).isEqualTo(264);
        assertThat(metrics.errorRate()).isEqualTo(0.44696969696969696 * 100);
        assertThat(metrics.checksPassed()).isEqualTo(58);
        assertThat(metrics.checksFailed()).isEqualTo(118);
        assertThat(metrics.vusMax()).isEqualTo(4);
    }

    @Test
    void thresholdFailReportsEachExpression() {
        ThresholdResults thresholds = SummaryExport.parse(Fixtures.summary("threshold-fail")).orElseThrow().thresholds();
        assertThat(thresholds.passed()).isFalse();
        assertThat(thresholds.results()).containsExactlyInAnyOrder(
                new ThresholdResults.Result("http_req_failed", "rate<0.01", false),
                new ThresholdResults.Result("http_req_duration", "p(95)<1000", true),
                new ThresholdResults.Result("http_req_duration", "avg<1", false));
        assertThat(SummaryExport.parse(Fixtures.summary("basic-get")).orElseThrow().thresholds().passed()).isTrue();
    }

    @Test
    void noRequestsLeavesHttpMetricsNull() {
        RunMetrics metrics = extract("no-requests");
        assertThat(metrics.avgResponseTimeMs()).isNull();
        assertThat(metrics.p95ResponseTimeMs()).isNull();
        assertThat(metrics.errorRate()).isNull();
        assertThat(metrics.totalRequests()).isNull();
        assertThat(metrics.failedRequests()).isNull();
        assertThat(metrics.throughputRps()).isNull();
        assertThat(metrics.checksPassed()).isNull();
        assertThat(metrics.iterations()).isEqualTo(4);
        assertThat(metrics.dataReceivedBytes()).isZero();
        assertThat(metrics.durationSeconds()).isEqualTo(4 / 19.856898875426374);
    }

    @Test
    void p99AndDroppedIterationsWhereKWroteThem() {
        assertThat(extract("trend-stats-p99").p99ResponseTimeMs()).isEqualTo(347.98347154);
        assertThat(extract("basic-get").p99ResponseTimeMs()).isNull();
        assertThat(extract("arrival-rate").droppedIterations()).isEqualTo(505);
        assertThat(extract("basic-get").droppedIterations()).isZero();
        assertThat(extract("connection-refused").errorRate()).isEqualTo(100.0);
    }

    @Test
    void vusMaxFallsBackToTheTimelineWhenK6OmittedIt() {
        var digest = Fixtures.digest(Fixtures.timeline(3, second -> Fixtures.point(second, 5, 0, 2, 10)), List.of());
        RunMetrics metrics = MetricsExtractor.extract(SummaryExport.parse(Fixtures.summary("post-json")).orElseThrow(), digest);
        assertThat(metrics.vusMax()).isEqualTo(2);
        assertThat(extract("post-json").vusMax()).isNull();
    }

    private static RunMetrics extract(String recording) {
        return MetricsExtractor.extract(SummaryExport.parse(Fixtures.summary(recording)).orElseThrow(), null);
    }

    private static Double num(JsonNode metric, String stat) {
        return metric.has(stat) ? metric.get(stat).doubleValue() : null;
    }

    private static Long count(JsonNode metric, String stat) {
        return metric.has(stat) ? metric.get(stat).longValue() : null;
    }
}
