package dev.k6runner.runner.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.k6runner.model.EndpointStats;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.TimelinePoint;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What particular recordings show: the VU ramp, endpoints split by status, custom metrics. */
class RecordedShapesTest {

    @Test
    void vusFollowTheRecordedGaugeOfTheRamp() {
        Recording stages = Recording.load("stages");
        RunDigest digest = Recording.fold("stages", FoldLimits.defaults()).digest(null);
        Map<Long, Integer> vusBySecond = digest.timeline().stream()
                .collect(Collectors.toMap(TimelinePoint::epochSecond, TimelinePoint::vus));

        List<JsonNode> gauge = stages.points("vus");
        assertThat(gauge).hasSize(4);
        for (JsonNode point : gauge) {
            long second = Instant.parse(point.get("data").get("time").asString()).getEpochSecond();
            assertThat(vusBySecond.get(second)).as("vus at %d", second).isEqualTo(point.get("data").get("value").asInt());
        }
        // k6 samples VUs a second after its first requests: the bucket before that carries the first sample, not 0
        int firstSample = gauge.getFirst().get("data").get("value").asInt();
        assertThat(Instant.parse(gauge.getFirst().get("data").get("time").asString()).getEpochSecond())
                .isGreaterThan(digest.timeline().getFirst().epochSecond());
        assertThat(digest.timeline().getFirst().vus()).as("before k6's first gauge sample").isEqualTo(firstSample);
        assertThat(digest.timeline()).extracting(TimelinePoint::vus).containsSubsequence(firstSample, 10, 10, 1)
                .doesNotContain(0);
        assertThat(digest.bucketSeconds()).isEqualTo(1);
        assertThat(digest.timeline()).extracting(TimelinePoint::epochSecond).isSorted();
    }

    @Test
    void endpointsOfMixedErrorsAreSplitByStatus() {
        Recording mixed = Recording.load("mixed-errors");
        RunDigest digest = Recording.fold("mixed-errors", FoldLimits.defaults()).digest(null);

        Map<String, Long> expectedRequests = mixed.points("http_reqs").stream()
                .collect(Collectors.groupingBy(RecordedShapesTest::key, Collectors.counting()));
        Map<String, Long> expectedFailed = mixed.points("http_req_failed").stream()
                .filter(p -> p.get("data").get("value").asInt() == 1)
                .collect(Collectors.groupingBy(RecordedShapesTest::key, Collectors.counting()));
        assertThat(digest.endpoints()).hasSize(expectedRequests.size());
        for (EndpointStats e : digest.endpoints()) {
            String key = e.method() + " " + e.name() + " " + e.status();
            assertThat(e.requests()).as(key).isEqualTo(expectedRequests.get(key));
            assertThat(e.failedRequests()).as(key).isEqualTo(expectedFailed.getOrDefault(key, 0L));
            assertThat(e.maxMs()).isGreaterThanOrEqualTo(e.p95Ms() * 0.99).isGreaterThanOrEqualTo(e.avgMs());
        }
        assertThat(digest.endpoints()).extracting(EndpointStats::status).contains("200", "500");
        assertThat(digest.endpoints()).filteredOn(e -> e.status().equals("500"))
                .allSatisfy(e -> assertThat(e.failedRequests()).isEqualTo(e.requests()));
        assertThat(digest.endpoints()).filteredOn(e -> e.status().equals("200"))
                .allSatisfy(e -> assertThat(e.failedRequests()).isZero());
    }

    @Test
    void customMetricsGroupsAndChecksAreCountedAndHarmless() {
        Recording groups = Recording.load("groups-custom-metrics");
        MetricStreamFolder folder = Recording.fold("groups-custom-metrics", FoldLimits.defaults());
        RunDigest digest = folder.digest(null);

        assertThat(groups.points("cart_time")).isNotEmpty();
        assertThat(folder.pointsRead()).isEqualTo(groups.pointCount());
        assertThat(folder.malformedLines()).isZero();
        assertThat(digest.timeline().stream().mapToLong(TimelinePoint::requests).sum()).isEqualTo(20);
        assertThat(digest.endpoints()).extracting(EndpointStats::name).doesNotContain(Endpoints.OTHER);
    }

    @Test
    void aRunWithoutHttpHasAnEmptyHistogramAndNoEndpoints() {
        RunDigest digest = Recording.fold("no-requests", FoldLimits.defaults()).digest(null);

        assertThat(digest.endpoints()).isEmpty();
        assertThat(Latencies.fromBase64(digest.latencyHistogram()).getTotalCount()).isZero();
        assertThat(digest.timeline()).isNotEmpty().allSatisfy(p -> assertThat(p.p95Ms()).isNull());
        assertThat(digest.timeline().stream().mapToLong(TimelinePoint::iterations).sum()).isEqualTo(4);
    }

    @Test
    void connectionRefusedRequestsCountAsFailedWithZeroDuration() {
        RunDigest digest = Recording.fold("connection-refused", FoldLimits.defaults()).digest(null);

        assertThat(digest.endpoints()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("0");
            assertThat(e.failedRequests()).isEqualTo(e.requests()).isEqualTo(10);
            assertThat(e.maxMs()).isZero();
        });
    }

    private static String key(JsonNode point) {
        JsonNode tags = point.get("data").get("tags");
        return tags.get("method").asString() + " " + tags.get("name").asString() + " " + tags.get("status").asString();
    }
}
