package dev.k6runner.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.k6runner.gateway.GatewayIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The report over HTTP: the API's authentication, one self-contained page, and what it weighs and costs. */
class ReportEndpointTest extends GatewayIntegrationTest {

    @Test
    void theReportIsServedUnderTheApisKeyAndOnlyToTheRunsTeam() {
        Team owner = newTeam(20);
        Team other = newTeam(20);
        ReportRuns.Pair pair = new ReportRuns(new StoredRuns(jdbc)).degradingAfterBaseline(owner.id(), "checkout-auth");
        String path = "/api/v1/test/results/" + pair.degrading() + "/report";

        assertThat(send("GET", path, null, null).status()).isEqualTo(401);
        assertThat(send("GET", path, "not-a-key", null).status()).isEqualTo(401);
        assertThat(get(other, path).status()).isEqualTo(404);
        assertThat(get(owner, "/api/v1/test/results/" + UUID.randomUUID() + "/report").status()).isEqualTo(404);
        Answer answer = get(owner, path);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void thePageIsSelfContainedAndDrawnFromTheSameDataAsTheResultsDocument() {
        Team team = newTeam(20);
        ReportRuns.Pair pair = new ReportRuns(new StoredRuns(jdbc)).degradingAfterBaseline(team.id(), "checkout-inline");
        JsonNode doc = get(team, "/api/v1/test/results/" + pair.degrading()).json();

        String html = get(team, "/api/v1/test/results/" + pair.degrading() + "/report").raw().body();

        assertThat(html).startsWith("<!DOCTYPE html>").contains("Content-Security-Policy", "default-src &#39;none&#39;");
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("<link", "@import", "url(http");
        assertThat(html).contains("uPlot").contains(doc.path("anomaly_analysis").path("anomalies").get(0).path("message")
                .asString());
        int requests = 0;
        for (JsonNode point : doc.path("timeline")) {
            requests += point.path("requests").asInt();
        }
        assertThat(requests).as("the timeline the page charts is the document's").isEqualTo(doc.path("metrics").path("total_requests").asInt());
    }

    @Test
    void aOneHourRunsPageStaysUnderThreeHundredKilobytes() {
        Team team = newTeam(20);
        StoredRuns stored = new StoredRuns(jdbc);
        stored.runner(ReportRuns.RUNNER);
        UUID id = stored.run(team.id(), "soak-1h", "running", Instant.now().minusSeconds(3600), ReportRuns.RUNNER);
        stored.finish(id, ReportRuns.RUNNER, "completed", oneHour(StoredRuns.fixture("checkout-degrading")), Instant.now());

        String html = get(team, "/api/v1/test/results/" + id + "/report").raw().body();

        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("[report figures] page weight of a 1-hour run (900 buckets of 4 s): %,d bytes (%.0f KB)%n",
                bytes, bytes / 1024.0);
        assertThat(bytes).isLessThan(300 * 1024);
    }

    @Test
    void generatingAReportCostsLittleBesideTheJsonDocument() {
        Team team = newTeam(20);
        ReportRuns.Pair pair = new ReportRuns(new StoredRuns(jdbc)).degradingAfterBaseline(team.id(), "checkout-timing");
        String json = "/api/v1/test/results/" + pair.degrading();
        String report = json + "/report";
        for (int i = 0; i < 100; i++) {
            assertThat(get(team, json).status()).isEqualTo(200);
            assertThat(get(team, report).status()).isEqualTo(200);
        }
        long[] jsonNanos = new long[300];
        long[] reportNanos = new long[300];
        for (int i = 0; i < jsonNanos.length; i++) {
            jsonNanos[i] = timed(team, json);
            reportNanos[i] = timed(team, report);
        }
        System.out.printf("[report figures] %d sequential GETs each, 1 client, after 100 warm-ups: JSON document p50 %.1f ms "
                        + "p95 %.1f ms; report p50 %.1f ms p95 %.1f ms%n", jsonNanos.length, percentile(jsonNanos, 50),
                percentile(jsonNanos, 95), percentile(reportNanos, 50), percentile(reportNanos, 95));
        assertThat(percentile(reportNanos, 50)).isPositive();
    }

    private long timed(Team team, String path) {
        long start = System.nanoTime();
        assertThat(get(team, path).status()).isEqualTo(200);
        return System.nanoTime() - start;
    }

    private static double percentile(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(percentile / 100.0 * sorted.length) - 1] / 1e6;
    }

    /**
     * The recorded run's timeline cycled to one hour: 900 buckets of 4 s, the most the runner keeps (it widens the
     * buckets past 900), so the page of any longer run weighs the same.
     */
    static ObjectNode oneHour(ObjectNode result) {
        ObjectNode digest = (ObjectNode) result.path("digest");
        ArrayNode recorded = (ArrayNode) digest.path("timeline");
        ArrayNode hour = digest.putArray("timeline");
        long start = recorded.get(0).path("epochSecond").asLong();
        for (int i = 0; i < 900; i++) {
            ObjectNode point = (ObjectNode) recorded.get(i % recorded.size()).deepCopy();
            point.put("epochSecond", start + 4L * i);
            point.put("requests", point.path("requests").asLong() * 4);
            point.put("failedRequests", point.path("failedRequests").asLong() * 4);
            // a runner's per-second CPU of k6, as a current runner sends it (the recording has none)
            point.put("generatorCpuPercent", 20 + (i * 7 % 500) / 10.0);
            hour.add(point);
        }
        digest.put("bucketSeconds", 4);
        return result;
    }
}
