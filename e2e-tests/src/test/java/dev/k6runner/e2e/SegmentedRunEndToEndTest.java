package dev.k6runner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.k6runner.testsupport.K6Standin;
import dev.k6runner.testsupport.process.ServiceProcess;
import tools.jackson.databind.JsonNode;

/**
 * A test on two runners ({@code runners: 2}), each segment's k6 on its own runner process: SIGKILL of one runner
 * mid-test ends the run {@code interrupted}, stops the other segment's k6 and re-runs nothing; a cancel stops both.
 * The runners replay the recording execution-segments at a twentieth of its speed (about 66 s per segment instead
 * of 3.3 s), so the test acts while both k6 processes really run and a stopped segment cannot pass for a finished one.
 */
class SegmentedRunEndToEndTest {

    private static final double SLOW = 0.05;
    private static final Duration READY_WITHIN = Duration.ofMinutes(2);

    private static Pipeline pipeline;
    private static GatewayClient client;
    private static Path slowK6;
    /** The two runners of the current test, by runner id. */
    private final Map<String, ServiceProcess> runners = new LinkedHashMap<>();

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.get();
        client = new GatewayClient(pipeline.gateway);
        slowK6 = pipeline.standinAtSpeed(SLOW);
    }

    /** Exactly two runners of one slot each, both slow: the two segments go one to each (distinct runners first). */
    @BeforeEach
    void twoSlowRunners() {
        pipeline.stopRunners();
        for (String name : List.of("a", "b")) {
            String id = "e2e-segments-" + name + "-" + UUID.randomUUID().toString().substring(0, 6);
            runners.put(id, pipeline.startRunner(Map.of("K6RUNNER_RUNNER_ID", id, "K6RUNNER_RUNNER_SLOTS", "1",
                    "K6_BINARY", slowK6.toString())));
        }
        runners.values().forEach(runner -> runner.awaitReady(READY_WITHIN));
    }

    /** The other test classes get the pipeline's usual runner back. */
    @AfterAll
    static void usualRunner() {
        if (pipeline == null) {
            return; // the pipeline never started
        }
        pipeline.stopRunners();
        pipeline.startRunner().awaitReady(READY_WITHIN);
    }

    @Test
    void aRunnerKilledMidTestInterruptsTheRunStopsTheOtherSegmentAndNothingIsRunAgain() {
        String testId = submitOnTwoRunners("e2e-segment-killed");
        List<JsonNode> segments = awaitBothSegmentsRunning(testId);
        String doomedId = segments.get(1).path("runner").path("id").asString();
        String survivorId = segments.get(0).path("runner").path("id").asString();
        assertThat(doomedId).as("one segment per runner").isNotEqualTo(survivorId);

        runners.get(doomedId).kill();

        JsonNode run = client.awaitTerminal(testId, Duration.ofMinutes(2));
        assertThat(run.path("status").asString()).as("%s", run).isEqualTo("interrupted");
        assertThat(run.path("status_reason").asString()).contains("segment 1");
        JsonNode survivor = run.path("segments").get(0);
        assertThat(survivor.path("status").asString()).as("segment 0 was stopped, not run to its end: %s", survivor)
                .isEqualTo("interrupted");
        assertThat(run.path("segments").get(1).path("status").asString()).isEqualTo("interrupted");
        awaitNoProcessNaming(testId);
        assertThat(runners.get(survivorId).alive()).as("the other runner lives on").isTrue();

        // kept: the merge of what the surviving segment measured before it was stopped
        assertThat(survivor.path("metrics").isObject()).as("segment 0's own metrics: %s", survivor).isTrue();
        long requests = run.path("metrics").path("total_requests").asLong();
        assertThat(requests).as("partial merged requests of a 200-iteration test").isPositive().isLessThan(200);

        // the slow runners leave, a fresh one joins and completes another run; the interrupted test's segments were
        // still started once each
        pipeline.stopRunners();
        pipeline.startRunner().awaitReady(READY_WITHIN);
        String next = Runs.submit(client, "post-json", "e2e-after-segment-kill");
        assertThat(client.awaitTerminal(next, Duration.ofMinutes(2)).path("status").asString()).isEqualTo("completed");
        assertThat(client.status(testId)).isEqualTo("interrupted");
        assertEachSegmentStartedOnce(testId, segments);
    }

    @Test
    void aCancelStopsBothSegments() {
        String testId = submitOnTwoRunners("e2e-segment-cancel");
        List<JsonNode> segments = awaitBothSegmentsRunning(testId);

        assertThat(client.cancel(testId).status()).isEqualTo(202);

        JsonNode run = client.awaitTerminal(testId, Duration.ofMinutes(2));
        assertThat(run.path("status").asString()).as("%s", run).isEqualTo("cancelled");
        assertThat(run.path("segments").valueStream().map(segment -> segment.path("status").asString()).toList())
                .as("neither segment ran to its end").doesNotContain("completed", "running", "assigned").hasSize(2);
        awaitNoProcessNaming(testId);
        runners.values().forEach(runner -> assertThat(runner.alive()).isTrue());
        assertEachSegmentStartedOnce(testId, segments);
    }

    private static String submitOnTwoRunners(String name) {
        GatewayClient.Answer accepted = client.submit(Map.of("script", K6Standin.scriptFor("execution-segments"), "name", name,
                "runners", 2));
        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
        return accepted.body().path("test_id").asString();
    }

    /**
     * Both segments taken by their runners, each one's {@code k6 run} alive as a process (its flags name its segment)
     * and sending requests.
     */
    private static List<JsonNode> awaitBothSegmentsRunning(String testId) {
        List<JsonNode> segments = await("both segments taken").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.result(testId).body().path("segments").valueStream().toList(), listed -> listed.size() == 2
                        && listed.stream().allMatch(segment -> "running".equals(segment.path("status").asString())));
        await("both k6 processes alive").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> segments.stream().allMatch(segment -> !HostProcesses.naming(testId, segment.path("segment").asString()).isEmpty()));
        // past k6's start-up (20 times longer here): the live progress counts requests. Both segments started at one
        // barrier and replay the same timing, so each is measuring by then, with its signal handling in place.
        await("requests measured").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.result(testId).body().path("progress").path("requests").asLong() > 0);
        return segments;
    }

    private static void awaitNoProcessNaming(String testId) {
        await("no k6 of " + testId + " left").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> HostProcesses.naming(testId), List::isEmpty);
    }

    /** The stand-in logs every k6 it replays: each segment's k6 was started once, none a second time. */
    private static void assertEachSegmentStartedOnce(String testId, List<JsonNode> segments) {
        assertThat(Runs.k6Starts(pipeline.invocationLog(), testId)).as("k6 starts of %s", testId).isEqualTo(2);
        for (JsonNode segment : segments) {
            String flag = "\"" + segment.path("segment").asString() + "\"";
            try (Stream<String> lines = Files.lines(pipeline.invocationLog())) {
                assertThat(lines.filter(line -> line.contains(testId) && line.contains("\"run\"") && line.contains(flag)).count())
                        .as("k6 starts of segment %s", segment.path("segment").asString()).isEqualTo(1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
