package dev.k6runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.k6runner.cli.demo.DemoTarget;

/** {@code demo} submits every sample and tabulates the ends; {@code demo-target} refuses a taken port. */
class DemoCommandTest {

    private static final String ID = "0a7d3c51-1111-4c0d-8f00-99aa00bb11cc";

    @Test
    void submitsEverySampleWithTheTargetAndTabulatesResultsAndAnomalies() throws IOException {
        try (FakeGateway gateway = new FakeGateway()) {
            gateway.on("POST /api/v1/test/run", 202, "{\"test_id\":\"" + ID + "\",\"status\":\"queued\"}")
                    .on("GET /api/v1/test/results/" + ID, 200, "{\"test_id\":\"" + ID + "\",\"status\":\"running\"}")
                    .on("GET /api/v1/test/results/" + ID, 200, Documents.text("mixed-errors-completed"));

            CliRun run = CliRun.of(Map.of("K6RUNNER_URL", gateway.url()), "demo", "--samples", SamplesTest.SAMPLES.toString(),
                    "--target-url", "http://127.0.0.1:18080", "--poll-interval", "0.02", "--max-wait", "30s", "--only", "mixed-errors", "--only", "basic-get");

            assertThat(run.exit()).as(run.toString()).isZero();
            List<FakeGateway.Request> posts = gateway.requests().stream().filter(r -> r.method().equals("POST")).toList();
            assertThat(posts).hasSize(2);
            assertThat(posts).extracting(r -> Json.text(Json.parse(r.body()), "name")).containsExactly("demo-basic-get", "demo-mixed-errors");
            assertThat(Json.text(Json.parse(posts.getFirst().body()).path("env"), "BASE_URL")).isEqualTo("http://127.0.0.1:18080");
            assertThat(run.err()).contains("2/2 runs ended");
            assertThat(run.out()).contains("SAMPLE").contains("demo-mixed-errors").contains("completed")
                    .contains("44.70").contains("critical [high_error_rate, error_hotspot]")
                    .contains("demo-mixed-errors  [critical] high_error_rate: 44.7% of HTTP requests failed")
                    .contains("→ Look at the server logs of /status/500");
        }
    }

    @Test
    void noSamplesIsAUsageError() {
        CliRun run = CliRun.of(Map.of(), "demo", "--samples", "/nonexistent");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no samples directory");
    }

    @Test
    void demoTargetOnATakenPortSaysSo() throws IOException {
        try (DemoTarget taken = DemoTarget.start("127.0.0.1", 0)) {
            CliRun run = CliRun.of(Map.of(), "demo-target", "--port", Integer.toString(taken.port()));
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("cannot listen on 127.0.0.1:" + taken.port()).contains("pass --port");
        }
    }
}
