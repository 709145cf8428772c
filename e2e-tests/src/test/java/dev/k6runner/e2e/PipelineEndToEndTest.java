package dev.k6runner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.k6runner.testsupport.K6Standin;
import tools.jackson.databind.JsonNode;

/**
 * Submits over HTTP and polls until the run ends, through the real gateway, Kafka, runner (the
 * k6 stand-in replaying real k6 recordings) and analyzer, and Postgres.
 */
class PipelineEndToEndTest {

    private static Pipeline pipeline;
    private static GatewayClient client;

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.get();
        client = new GatewayClient(pipeline.gateway);
    }

    @Test
    void aSubmittedScriptCompletesWithK6sOwnNumbersAndIsListed() {
        String name = "e2e-basic-get";
        GatewayClient.Answer accepted = client.submit(Map.of("script", K6Standin.scriptFor("basic-get"), "name", name,
                "tags", Map.of("team", "e2e")));
        assertThat(accepted.status()).isEqualTo(202);
        String testId = accepted.body().path("test_id").asString();
        assertThat(accepted.raw().headers().firstValue("Location")).hasValue("/api/v1/test/results/" + testId);
        assertThat(accepted.body().path("status").asString()).isEqualTo("queued");

        JsonNode done = awaitTerminal(testId, Duration.ofSeconds(90));
        assertThat(done.path("status").asString()).isEqualTo("completed");
        assertThat(done.path("k6_exit_code").asInt()).isZero();
        JsonNode k6 = Recordings.summary("basic-get").path("metrics");
        JsonNode metrics = done.path("metrics");
        JsonNode duration = k6.path("http_req_duration");
        assertThat(metrics.path("avg_response_time_ms").asDouble()).isEqualTo(duration.path("avg").asDouble());
        assertThat(metrics.path("med_response_time_ms").asDouble()).isEqualTo(duration.path("med").asDouble());
        assertThat(metrics.path("p90_response_time_ms").asDouble()).isEqualTo(duration.path("p(90)").asDouble());
        assertThat(metrics.path("p95_response_time_ms").asDouble()).isEqualTo(duration.path("p(95)").asDouble());
        assertThat(metrics.path("max_response_time_ms").asDouble()).isEqualTo(duration.path("max").asDouble());
        assertThat(metrics.path("total_requests").asLong()).isEqualTo(k6.path("http_reqs").path("count").asLong());
        assertThat(metrics.path("throughput_rps").asDouble()).isEqualTo(k6.path("http_reqs").path("rate").asDouble());
        assertThat(metrics.path("error_rate").asDouble()).isEqualTo(k6.path("http_req_failed").path("value").asDouble() * 100);
        assertThat(metrics.path("checks_passed").asLong()).isEqualTo(k6.path("checks").path("passes").asLong());
        assertThat(metrics.path("iterations").asLong()).isEqualTo(k6.path("iterations").path("count").asLong());
        assertThat(metrics.path("duration_seconds").asDouble()).isCloseTo(
                k6.path("http_reqs").path("count").asDouble() / k6.path("http_reqs").path("rate").asDouble(), within(1e-9));
        assertThat(done.path("raw_summary")).isEqualTo(Recordings.summary("basic-get"));
        assertThat(done.path("thresholds").path("passed").asBoolean()).isTrue();
        assertThat(done.path("anomaly_analysis").path("analyzer").asString()).isEqualTo("rules");
        assertThat(done.path("runner").path("id").asString()).isNotBlank();

        assertThat(ids(client.get("/api/v1/test/history?limit=500").body())).contains(testId);
        assertThat(ids(client.get("/api/v1/test/search?name=" + name).body())).containsExactly(testId);
        assertThat(ids(client.get("/api/v1/test/search?tag=team:e2e").body())).contains(testId);
        // whole UTC days, today included: two, so a run submitted just before midnight still counts
        JsonNode statistics = client.get("/api/v1/test/statistics?days=2").body();
        assertThat(statistics.path("completed_tests").asInt()).isPositive();
    }

    @Test
    void aScriptErrorFailsWithK6sOwnWords() {
        String testId = submit("syntax-error", Map.of());
        JsonNode done = awaitTerminal(testId, Duration.ofSeconds(60));
        assertThat(done.path("status").asString()).isEqualTo("failed");
        assertThat(done.path("k6_exit_code").asInt()).isEqualTo(107);
        assertThat(done.path("status_reason").asString()).contains("SyntaxError");
    }

    @Test
    void failedThresholdsStillCompleteAndSayWhichExpressionFailed() {
        String testId = submit("threshold-fail", Map.of());
        JsonNode done = awaitTerminal(testId, Duration.ofSeconds(60));
        assertThat(done.path("status").asString()).isEqualTo("completed");
        assertThat(done.path("k6_exit_code").asInt()).isEqualTo(99);
        assertThat(done.path("thresholds").path("passed").asBoolean()).isFalse();
        assertThat(done.path("anomaly_analysis").path("has_anomalies").asBoolean()).isTrue();
    }

    @Test
    void aCancelledRunStopsK6AndKeepsItsPartialResults() {
        String testId = submit("sigint", Map.of());
        // k6 has really started once its live progress counts requests
        await().atMost(Duration.ofSeconds(60)).until(() -> client.result(testId).body().path("progress").path("requests").asLong() > 0);
        assertThat(client.cancel(testId).status()).isEqualTo(202);
        JsonNode done = awaitTerminal(testId, Duration.ofSeconds(60));
        assertThat(done.path("status").asString()).isEqualTo("cancelled");
        assertThat(done.path("k6_exit_code").asInt()).isEqualTo(105);
        assertThat(done.path("metrics").path("total_requests").asLong()).isPositive();
        assertThat(client.cancel(testId).status()).isEqualTo(409);
    }

    @Test
    void aRunPastItsTimeLimitIsStoppedAndKeepsItsPartialResults() {
        // long enough for two stand-in JVMs (inspect, run) to start on a loaded machine before the limit stops the second
        String testId = submit("sigterm", Map.of("timeout", "10s"));
        JsonNode done = awaitTerminal(testId, Duration.ofSeconds(60));
        assertThat(done.path("status").asString()).isEqualTo("timed_out");
        assertThat(done.path("metrics").path("total_requests").asLong()).isPositive();
    }

    private static String submit(String scenario, Map<String, Object> extra) {
        Map<String, Object> request = new HashMap<>(extra);
        request.put("script", K6Standin.scriptFor(scenario));
        request.put("name", "e2e-" + scenario);
        GatewayClient.Answer accepted = client.submit(request);
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        return accepted.body().path("test_id").asString();
    }

    private static JsonNode awaitTerminal(String testId, Duration atMost) {
        return client.awaitTerminal(testId, atMost);
    }

    private static java.util.List<String> ids(JsonNode page) {
        return page.path("tests").valueStream().map(test -> test.path("test_id").asString()).toList();
    }
}
