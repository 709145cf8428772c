package dev.k6runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RenderingTest {

    @Test
    void summaryOfARecordedResultShowsMetricsAnomaliesAndAdvice() {
        String text = String.join("\n", ResultRenderer.render(Documents.json("mixed-errors-completed")));

        assertThat(text)
                .contains("Run 6f1c2a9e-4b7d-4e0a-9c1e-2f3a4b5c6d7e \"mixed-errors\": completed")
                .contains("runner     host-a (k6 v0.49.0)   k6 exit code 0")
                .contains("requests       264 total, 118 failed, error rate 44.70 %, 85.2 req/s")
                .contains("avg 29.8 ms  med 43.5 ms  p90 44.1 ms  p95 44.4 ms  p99 -  max 51.7 ms")
                .contains("4 VUs max, 88 iterations (0 dropped) in 3.1 s")
                .contains("checks         58 passed, 118 failed")
                .contains("data           43.2 kB received, 23.7 kB sent")
                .contains("Anomalies: 2, overall severity critical (analyzer rules, confidence 0.90)")
                .contains("[critical] high_error_rate: 44.7% of HTTP requests failed")
                .contains("error_rate observed 44.70, expected < 5")
                .contains("  - Look at the server logs of /status/500: every request failed")
                .contains("exit status 0 (passed)")
                .doesNotContain("k6 console");
    }

    @Test
    void failedThresholdsAreListedOneByOne() {
        String text = String.join("\n", ResultRenderer.render(Documents.json("threshold-fail-completed")));

        assertThat(text).contains("Thresholds: FAILED")
                .contains("FAIL http_req_failed rate<0.01")
                .contains("pass http_req_duration p(95)<1000")
                .contains("FAIL http_req_duration avg<1")
                .contains("Anomalies: none")
                .contains("exit status 99 (thresholds failed)");
    }

    @Test
    void aFailedRunShowsK6sReasonAndConsoleTailWithoutMetrics() {
        String text = String.join("\n", ResultRenderer.render(Documents.json("syntax-error-failed")));

        assertThat(text).contains("reason     SyntaxError: file:///script.js: Unexpected token (4:0) (script exception)")
                .contains("k6 console (last 1 lines)")
                .contains("level=error")
                .doesNotContain("Metrics")
                .contains("exit status 107 (failed)");
    }

    @Test
    void progressLineWhileQueuedAndWhileRunning() {
        Instant now = Instant.parse("2026-11-24T10:00:10Z");
        assertThat(ProgressRenderer.line(Json.parse("""
                {"status":"queued","queue_position":3,"submitted_at":"2026-11-24T10:00:05Z"}"""), now))
                .isEqualTo("queued  queue position 3  waiting 5.0 s");
        assertThat(ProgressRenderer.line(Json.parse("""
                {"status":"running","started_at":"2026-11-24T10:00:06Z",
                 "progress":{"elapsed_seconds":3.5,"requests":1200,"failed_requests":7,"vus":10}}"""), now))
                .isEqualTo("running  elapsed 3.5 s  requests 1200 (7 failed)  VUs 10");
        assertThat(ProgressRenderer.line(Json.parse("""
                {"status":"running","started_at":"2026-11-24T10:00:06Z","progress":null}"""), now))
                .isEqualTo("running  elapsed 4.0 s");
        assertThat(ProgressRenderer.line(Json.parse("""
                {"status":"running","started_at":"2026-11-24T10:00:06Z","request":{"runners":2},
                 "progress":{"elapsed_seconds":3.5,"requests":2300,"failed_requests":0,"vus":10}}"""), now))
                .isEqualTo("running  elapsed 3.5 s  requests 2300 (0 failed)  VUs 10  on 2 runners");
    }

    @Test
    void problemWithFieldErrorsAndRetryAfter() {
        ApiResponse response = ApiResponse.of(400, """
                {"type":"about:blank","title":"Bad Request","status":400,"detail":"invalid run request",
                 "errors":[{"field":"vus","message":"must be at least 1"},{"field":"duration","message":"unparseable duration 'abc'"}]}""",
                HttpHeaders.of(Map.of("Retry-After", List.of("7")), (a, b) -> true));

        assertThat(ProblemRenderer.render(response)).containsExactly(
                "error: HTTP 400 Bad Request",
                "  invalid run request",
                "  - vus: must be at least 1",
                "  - duration: unparseable duration 'abc'",
                "  retry after 7 s");
    }

    @Test
    void theGatewaysPointerFormOfFieldErrors() {
        ApiResponse response = ApiResponse.of(400, """
                {"type":"https://k6runner.dev/problems/invalid-request","title":"Invalid run request","status":400,
                 "detail":"2 invalid fields","errors":[{"pointer":"#/vus","detail":"must be at least 1"},
                 {"pointer":"#/env/KEY","detail":"too long"}]}""", HttpHeaders.of(Map.of(), (a, b) -> true));

        assertThat(ProblemRenderer.render(response)).containsExactly("error: HTTP 400 Invalid run request", "  2 invalid fields",
                "  - vus: must be at least 1", "  - env.KEY: too long");
    }

    @Test
    void nonProblemBodiesAndUnreachableGateway() {
        ApiResponse html = ApiResponse.of(502, "<html>\n<body>Bad Gateway</body></html>", HttpHeaders.of(Map.of(), (a, b) -> true));
        assertThat(ProblemRenderer.render(html)).containsExactly("error: the gateway answered HTTP 502: <html> <body>Bad Gateway</body></html>");
        assertThat(ProblemRenderer.render(new GatewayException("cannot connect", null))).containsExactly("error: cannot connect");
    }

    @Test
    void listStatisticsAndHealthTables() {
        List<String> list = RunListRenderer.render(Json.parse("""
                {"tests":[{"test_id":"6f1c2a9e-4b7d-4e0a-9c1e-2f3a4b5c6d7e","name":"checkout","status":"completed",
                  "submitted_at":"2026-11-24T10:00:00.123456Z","has_anomalies":true,"severity":"high",
                  "p95_response_time_ms":25.2,"error_rate":12.5,"throughput_rps":49.8,"total_requests":1500}],
                 "next_cursor":"c2"}"""), "k6runner history");
        assertThat(list.get(1)).startsWith("6f1c2a9e-4b7d-4e0a-9c1e-2f3a4b5c6d7e").contains("checkout").contains("2026-11-24T10:00:00Z")
                .contains("12.50").contains("25.2").endsWith("yes (high)");
        assertThat(list.getLast()).isEqualTo("more: k6runner history --cursor c2");

        List<String> stats = StatisticsRenderer.render(Json.parse("""
                {"period_days":7,"total_tests":120,"completed_tests":110,"failed_tests":6,"tests_with_anomalies":14,"anomaly_rate":12.7,
                 "severity_breakdown":{"low":3,"critical":2},"anomaly_types":{"high_error_rate":6},
                 "daily":[{"date":"2026-11-20","tests":17,"anomalies":2,"avg_p95_response_time_ms":31.0,"avg_error_rate":0.4}]}"""));
        assertThat(stats.getFirst()).isEqualTo("Last 7 days: 120 tests, 110 completed, 6 failed, 14 with anomalies (anomaly rate 12.70 % of completed)");
        assertThat(stats).contains("Severity: low 3 critical 2", "Anomaly types: high_error_rate 6");
        assertThat(stats.getLast()).startsWith("2026-11-20").endsWith("0.40");

        List<String> health = HealthRenderer.render(Json.parse("""
                {"status":"DEGRADED","database":{"status":"UP"},"kafka":{"status":"UP"},"k6":{"available":false,"versions":[]},"runners":[]}"""));
        assertThat(health).containsExactly("status    DEGRADED", "database  UP", "kafka     UP", "k6        NOT available []", "runners   none alive");
    }
}
