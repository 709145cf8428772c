package dev.k6runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report and compare against a real local HTTP server that answers as the contract says. */
class ReportCommandsTest {

    private static final String BASE = "6f1c2a9e-4b7d-4e0a-9c1e-2f3a4b5c6d7e";
    private static final String HEAD = "7a2d3b0f-5c8e-4f1b-8d2f-3a4b5c6d7e8f";
    private static final String REPORT = "<!DOCTYPE html>\n<html lang=\"en\"><head><title>checkout · completed</title></head><body>…</body></html>";

    @TempDir
    Path dir;
    private FakeGateway gateway;
    private Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        gateway = new FakeGateway();
        env = Map.of("K6RUNNER_URL", gateway.url(), "K6RUNNER_API_KEY", "key-123");
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private static String comparison(String verdict, String p95Verdict) {
        return """
                {"base":{"test_id":"%s","name":"checkout"},"head":{"test_id":"%s","name":"checkout"},"verdict":"%s",
                 "metrics":[{"metric":"p95_response_time_ms","base":64.6,"head":645.97,"change":581.4,"relative_change":9.0,
                             "verdict":"%s","judged":true},
                            {"metric":"total_requests","base":14259,"head":14259,"change":0,"relative_change":0,
                             "verdict":"no_change","judged":false}],
                 "endpoints":[{"method":"GET","name":"http://shop/slow","status":"200","p95_relative_change":9.0,
                               "verdict":"%s"}]}""".formatted(BASE, HEAD, verdict, p95Verdict, p95Verdict);
    }

    @Test
    void reportSavesTheGatewaysPageToTheFileNamedByDashO() throws IOException {
        gateway.on("GET /api/v1/test/results/" + BASE + "/report", 200, REPORT, "Content-Type", "text/html;charset=UTF-8");
        Path file = dir.resolve("report.html");

        CliRun run = CliRun.of(env, "report", BASE, "-o", file.toString());

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(Files.readString(file)).isEqualTo(REPORT);
        assertThat(run.err()).contains("saved the report of " + BASE + " to " + file);
        assertThat(gateway.last("GET").header("Accept")).startsWith("text/html");
        assertThat(gateway.last("GET").header("Authorization")).isEqualTo("Bearer key-123");
    }

    @Test
    void reportOfAnUnknownRunSaysSoAndWritesNothing() {
        Path file = dir.resolve("missing.html");

        CliRun run = CliRun.of(env, "report", BASE, "--output", file.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitStatus.REFUSED);
        assertThat(file).doesNotExist();
    }

    @Test
    void compareExitsOneOnARegressionAndPrintsTheMetricsAndTheEndpointsThatChanged() {
        gateway.on("GET /api/v1/test/compare", 200, comparison("regression", "regression"));

        CliRun run = CliRun.of(env, "compare", BASE, HEAD);

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("Verdict: REGRESSION").contains("p95_response_time_ms").contains("+900.0%")
                .contains("Endpoints that changed:").contains("http://shop/slow");
        assertThat(gateway.last("GET").uri()).isEqualTo("/api/v1/test/compare?base=" + BASE + "&head=" + HEAD);
    }

    @Test
    void compareExitsZeroWhenNothingChangedAndPrintsTheJsonAsIsWithDashDashJson() {
        String body = comparison("no_change", "no_change");
        gateway.on("GET /api/v1/test/compare", 200, body);

        CliRun run = CliRun.of(env, "compare", BASE, HEAD, "--json");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out().strip()).isEqualTo(body);
    }

    @Test
    void compareNeedsTwoIds() {
        CliRun run = CliRun.of(env, "compare", BASE);

        assertThat(run.exit()).isEqualTo(ExitStatus.USAGE);
        assertThat(run.err()).contains("expected two test ids");
    }
}
