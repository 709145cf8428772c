package dev.k6runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/** Every command against a real local HTTP server that answers as the contract says. */
class CliAgainstGatewayTest {

    private static final String ID = "6f1c2a9e-4b7d-4e0a-9c1e-2f3a4b5c6d7e";
    private static final String RESULT = "GET /api/v1/test/results/" + ID;
    private static final String ACCEPTED = "{\"test_id\":\"" + ID + "\",\"status\":\"queued\",\"submitted_at\":\"2026-11-24T10:00:00Z\",\"queue_position\":2}";

    @TempDir
    Path dir;
    private FakeGateway gateway;
    private Path script;
    private Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        gateway = new FakeGateway();
        script = Files.writeString(dir.resolve("checkout-flow.js"), "import http from 'k6/http'; export default function () {}");
        env = Map.of("K6RUNNER_URL", gateway.url(), "K6RUNNER_API_KEY", "key-123");
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private CliRun cli(String... args) {
        return CliRun.of(env, args);
    }

    private CliRun runAndWait(String... extra) {
        gateway.on("POST /api/v1/test/run", 202, ACCEPTED, "Location", "/api/v1/test/results/" + ID);
        // bounded: a regression fails within 30 s instead of waiting the default two hours
        String[] args = new String[5 + extra.length];
        args[0] = "run";
        args[1] = script.toString();
        args[2] = "--wait";
        args[3] = "--poll-interval=0.02";
        args[4] = "--max-wait=30s";
        System.arraycopy(extra, 0, args, 5, extra.length);
        return cli(args);
    }

    @Test
    void runSubmitsTheRequestAndPrintsTheId() {
        gateway.on("POST /api/v1/test/run", 202, ACCEPTED);

        CliRun run = cli("run", script.toString(), "--vus", "10", "--duration", "30s", "--iterations", "500", "--env", "BASE_URL=http://x",
                "--tag", "team=payments", "--timeout", "15m");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out().strip()).isEqualTo(ID);
        assertThat(run.err()).contains("queue position 2").contains("k6runner status " + ID);
        FakeGateway.Request request = gateway.last("POST");
        assertThat(request.header("Authorization")).isEqualTo("Bearer key-123");
        assertThat(request.header("Idempotency-Key")).isNotBlank();
        JsonNode body = Json.parse(request.body());
        assertThat(Json.text(body, "script")).contains("export default");
        assertThat(Json.text(body, "name")).isEqualTo("checkout-flow");
        assertThat(Json.integer(body, "vus")).isEqualTo(10);
        assertThat(Json.text(body, "duration")).isEqualTo("30s");
        assertThat(Json.integer(body, "iterations")).isEqualTo(500);
        assertThat(Json.text(body.path("env"), "BASE_URL")).isEqualTo("http://x");
        assertThat(Json.text(body.path("tags"), "team")).isEqualTo("payments");
        assertThat(Json.text(body, "timeout")).isEqualTo("15m");
    }

    @Test
    void runWaitShowsProgressThenTheSummaryAndExitsZero() {
        gateway.on(RESULT, 200, "{\"test_id\":\"" + ID + "\",\"status\":\"queued\",\"queue_position\":1,\"submitted_at\":\"2026-11-24T10:00:00Z\"}")
                .on(RESULT, 200, "{\"test_id\":\"" + ID + "\",\"status\":\"running\",\"started_at\":\"2026-11-24T10:00:01Z\","
                        + "\"progress\":{\"elapsed_seconds\":1.5,\"requests\":120,\"failed_requests\":3,\"vus\":4}}")
                .on(RESULT, 200, "{\"test_id\":\"" + ID + "\",\"status\":\"analyzing\"}")
                .on(RESULT, 200, Documents.text("mixed-errors-completed"));

        CliRun run = runAndWait();

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).contains("queued  queue position 1")
                .contains("running  elapsed 1.5 s  requests 120 (3 failed)  VUs 4")
                .contains("analyzing");
        assertThat(run.out()).contains("error rate 44.70 %").contains("[critical] high_error_rate").contains("exit status 0 (passed)");
    }

    @Test
    void runWaitExitStatusFollowsK6() {
        assertThat(exitFor(Documents.text("threshold-fail-completed"))).isEqualTo(99);
        assertThat(exitFor(Documents.text("syntax-error-failed"))).isEqualTo(107);
        assertThat(exitFor(Documents.withStatus("syntax-error-failed", "failed", null))).isEqualTo(1);
        assertThat(exitFor(Documents.withStatus("mixed-errors-completed", "cancelled", 105))).isEqualTo(105);
        assertThat(exitFor(Documents.withStatus("mixed-errors-completed", "timed_out", 105))).isEqualTo(102);
        assertThat(exitFor(Documents.withStatus("mixed-errors-completed", "interrupted", null))).isEqualTo(6);
    }

    private int exitFor(String document) {
        gateway.close();
        try {
            gateway = new FakeGateway();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        env = Map.of("K6RUNNER_URL", gateway.url());
        gateway.on(RESULT, 200, document);
        return runAndWait("--quiet").exit();
    }

    @Test
    void runWaitWithJsonPrintsTheDocumentOnly() {
        gateway.on(RESULT, 200, Documents.text("threshold-fail-completed"));

        CliRun run = runAndWait("--json");

        assertThat(run.exit()).isEqualTo(99);
        assertThat(Json.text(Json.parse(run.out()), "status")).isEqualTo("completed");
    }

    @Test
    void maxWaitGivesUpWithFiveAndTheRunGoesOn() {
        gateway.on(RESULT, 200, "{\"test_id\":\"" + ID + "\",\"status\":\"running\"}");

        CliRun run = runAndWait("--max-wait", "200ms");

        assertThat(run.exit()).isEqualTo(5);
        assertThat(run.err()).contains("still running after --max-wait").contains("k6runner status " + ID);
    }

    @Test
    void problemResponsesAreRenderedAndExitThree() {
        gateway.on("POST /api/v1/test/run", 400, """
                {"type":"about:blank","title":"Bad Request","status":400,"detail":"invalid option values",
                 "errors":[{"field":"vus","message":"must be at least 1"}]}""");

        CliRun run = cli("run", script.toString(), "--json");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("error: HTTP 400 Bad Request").contains("invalid option values").contains("- vus: must be at least 1");
        assertThat(Json.text(Json.parse(run.out()), "title")).isEqualTo("Bad Request");
    }

    @Test
    void quotaExhaustedSaysWhenToRetry() {
        gateway.on("POST /api/v1/test/run", 429, "{\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"quota of 20 active runs used up\"}",
                "Retry-After", "30");

        CliRun run = cli("run", script.toString());

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("429 Too Many Requests").contains("quota of 20").contains("retry after 30 s");
    }

    @Test
    void unreachableGatewayExitsFour() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRun run = CliRun.of(Map.of(), "health", "--url", "http://127.0.0.1:" + closedPort);

        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.err()).contains("cannot connect to the gateway at http://127.0.0.1:" + closedPort);
    }

    @Test
    void statusOfALiveRunAndOfAnEndedOne() {
        gateway.on(RESULT, 200, "{\"test_id\":\"" + ID + "\",\"name\":\"checkout\",\"status\":\"running\",\"progress\":{\"elapsed_seconds\":2,\"requests\":5,\"vus\":1}}")
                .on(RESULT, 200, Documents.text("threshold-fail-completed"));

        CliRun live = cli("status", ID);
        CliRun ended = cli("status", ID);
        CliRun json = cli("status", ID, "--json");

        assertThat(live.exit()).isZero();
        assertThat(live.out()).contains("running  elapsed 2.0 s  requests 5  VUs 1");
        assertThat(ended.exit()).isEqualTo(99);
        assertThat(ended.out()).contains("Thresholds: FAILED");
        assertThat(json.exit()).isEqualTo(99);
        assertThat(json.out().strip()).isEqualTo(Documents.text("threshold-fail-completed").strip());
    }

    @Test
    void statusOfAnUnknownRunIsANotFoundProblem() {
        CliRun run = cli("status", "nope");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("HTTP 404 Not Found");
    }

    @Test
    void cancelAcceptedAndCancelOfAFinishedRun() {
        gateway.on("POST /api/v1/test/results/" + ID + "/cancel", 202, "{\"test_id\":\"" + ID + "\",\"status\":\"cancelled\"}")
                .on("POST /api/v1/test/results/" + ID + "/cancel", 409,
                        "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"run already completed\"}");

        CliRun first = cli("cancel", ID);
        CliRun second = cli("cancel", ID);

        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("cancel requested for " + ID);
        assertThat(second.exit()).isEqualTo(3);
        assertThat(second.err()).contains("409 Conflict").contains("run already completed");
    }

    @Test
    void baselinePinAndUnpin() {
        gateway.on("POST /api/v1/test/results/" + ID + "/baseline", 200,
                        "{\"test_id\":\"" + ID + "\",\"name\":\"checkout\",\"pinned_at\":\"2026-11-24T10:00:00Z\"}")
                .on("DELETE /api/v1/test/results/" + ID + "/baseline", 204, "");

        CliRun pin = cli("baseline", ID);
        CliRun unpin = cli("baseline", ID, "--unpin");

        assertThat(pin.exit()).isZero();
        assertThat(pin.out()).contains("pinned " + ID + " as the baseline of \"checkout\"");
        assertThat(unpin.exit()).isZero();
        assertThat(unpin.out()).contains("unpinned " + ID);
        assertThat(gateway.last("DELETE").uri()).isEqualTo("/api/v1/test/results/" + ID + "/baseline");
    }

    @Test
    void historyPagesWithTheCursor() {
        gateway.on("GET /api/v1/test/history", 200, """
                {"tests":[{"test_id":"%s","name":"checkout","status":"completed","submitted_at":"2026-11-24T10:00:00Z",
                 "has_anomalies":false,"severity":"none","total_requests":10}],"next_cursor":"next-1"}""".formatted(ID));

        CliRun run = cli("history", "--limit", "1", "--cursor", "c0");

        assertThat(run.exit()).isZero();
        assertThat(gateway.last("GET").uri()).isEqualTo("/api/v1/test/history?limit=1&cursor=c0");
        assertThat(run.out()).contains(ID).contains("checkout").contains("more: k6runner history --limit 1 --cursor next-1");
        assertThat(cli("history", "--json").out()).contains("\"next_cursor\":\"next-1\"");
    }

    @Test
    void searchSendsEveryFilter() {
        gateway.on("GET /api/v1/test/search", 200, "{\"tests\":[],\"next_cursor\":null}");

        CliRun run = cli("search", "--anomalies-only", "--min-error-rate", "5", "--max-response-time", "2000", "--name", "checkout",
                "--status", "completed", "--tag", "team:payments", "--since", "2026-11-20T00:00:00Z", "--limit", "5");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("no runs");
        assertThat(gateway.last("GET").uri()).isEqualTo("/api/v1/test/search?anomalies_only=true&min_error_rate=5"
                + "&max_response_time=2000&name=checkout&status=completed&tag=team%3Apayments&since=2026-11-20T00%3A00%3A00Z&limit=5");
    }

    @Test
    void statsForNDays() {
        gateway.on("GET /api/v1/test/statistics", 200, """
                {"period_days":3,"total_tests":4,"completed_tests":3,"failed_tests":1,"tests_with_anomalies":1,"anomaly_rate":33.3,
                 "severity_breakdown":{"high":1},"anomaly_types":{"slow_p95":1},"daily":[]}""");

        CliRun run = cli("stats", "--days", "3");

        assertThat(run.exit()).isZero();
        assertThat(gateway.last("GET").uri()).isEqualTo("/api/v1/test/statistics?days=3");
        assertThat(run.out()).contains("Last 3 days: 4 tests").contains("Anomaly types: slow_p95 1");
    }

    @Test
    void healthUpIsZeroDownIsSeven() {
        gateway.on("GET /api/v1/test/health", 200, """
                {"status":"UP","database":{"status":"UP"},"kafka":{"status":"UP"},"k6":{"available":true,"versions":["v0.49.0"]},
                 "runners":[{"id":"r1","host":"host-a","k6_version":"v0.49.0","capacity":2,"busy":1,"last_heartbeat":"2026-11-24T10:00:00Z"}]}""")
                .on("GET /api/v1/test/health", 503, """
                {"status":"DOWN","database":{"status":"DOWN"},"kafka":{"status":"UP"},"k6":{"available":false,"versions":[]},"runners":[]}""");

        CliRun up = cli("health");
        CliRun down = cli("health");

        assertThat(up.exit()).isZero();
        assertThat(up.out()).contains("status    UP").contains("host-a").contains("1/2 slots busy");
        assertThat(down.exit()).isEqualTo(7);
        assertThat(down.out()).contains("status    DOWN").contains("database  DOWN");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(cli().exit()).isEqualTo(2);
        assertThat(cli("frobnicate").err()).contains("unknown command 'frobnicate'");
        assertThat(cli("run", script.toString(), "--bogus").exit()).isEqualTo(2);
        CliRun missing = cli("run", dir.resolve("missing.js").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read script");
        assertThat(cli("run", script.toString(), "--duration", "abc").err()).contains("k6 duration");
        assertThat(cli("status").err()).contains("missing test id");
        assertThat(CliRun.of(Map.of("K6RUNNER_URL", "localhost:8080"), "health").err()).contains("must start with http://");
        assertThat(gateway.requests()).isEmpty();
        assertThat(cli("help").exit()).isZero();
        assertThat(cli("run", "--help").out()).contains("usage: k6runner run SCRIPT.js");
    }

    @Test
    void flagsWinOverTheEnvironment() {
        gateway.on("GET /api/v1/test/health", 200, "{\"status\":\"UP\"}");

        CliRun run = CliRun.of(Map.of("K6RUNNER_URL", "http://127.0.0.1:1", "K6RUNNER_API_KEY", "env-key"),
                "health", "--url", gateway.url(), "--api-key", "flag-key");

        assertThat(run.exit()).isZero();
        assertThat(gateway.last("GET").header("Authorization")).isEqualTo("Bearer flag-key");
    }
}
