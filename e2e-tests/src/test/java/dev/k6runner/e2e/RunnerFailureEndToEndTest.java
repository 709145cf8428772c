package dev.k6runner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.k6runner.testsupport.K6Standin;
import dev.k6runner.testsupport.process.ServiceProcess;
import tools.jackson.databind.JsonNode;

/** A runner host dies mid-run: the run is interrupted, never silently run again, and others go on. */
class RunnerFailureEndToEndTest {

    private static Pipeline pipeline;
    private static GatewayClient client;

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.get();
        client = new GatewayClient(pipeline.gateway);
    }

    @Test
    void aRunOnAKilledRunnerBecomesInterruptedAndIsNotRunAgain() throws Exception {
        GatewayClient.Answer accepted = client.submit(Map.of("script", K6Standin.scriptFor("sigint"), "name", "e2e-killed-runner"));
        String testId = accepted.body().path("test_id").asString();
        // kill once k6 really runs: its live progress counts requests
        await().atMost(Duration.ofSeconds(60)).until(() -> client.result(testId).body().path("progress").path("requests").asLong() > 0);

        for (ServiceProcess runner : pipeline.runners) {
            runner.kill();
        }
        pipeline.runners.clear();

        JsonNode interrupted = client.awaitTerminal(testId, Duration.ofSeconds(60));
        assertThat(interrupted.path("status").asString()).isEqualTo("interrupted");
        assertThat(interrupted.path("status_reason").asString()).isNotBlank();

        pipeline.startRunner().awaitReady(Duration.ofSeconds(120));
        GatewayClient.Answer next = client.submit(Map.of("script", K6Standin.scriptFor("post-json"), "name", "e2e-after-kill"));
        String nextId = next.body().path("test_id").asString();
        assertThat(client.awaitTerminal(nextId, Duration.ofSeconds(90)).path("status").asString()).isEqualTo("completed");

        assertThat(client.status(testId)).as("an interrupted run stays interrupted").isEqualTo("interrupted");
        assertThat(invocationsMentioning(testId)).as("k6 started once for the interrupted run").isEqualTo(1);
    }

    private static long invocationsMentioning(String testId) throws IOException {
        try (var lines = Files.lines(pipeline.invocationLog())) {
            return lines.filter(line -> line.contains(testId)).filter(line -> line.contains("\"run\"")).count();
        }
    }
}
