package dev.k6runner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.k6runner.testsupport.K6Standin;
import tools.jackson.databind.JsonNode;

/** Issue 16's first complaint, end to end: a burst far beyond the runner slots waits in the queue instead of being refused. */
class QueueEndToEndTest {

    private static final int BURST = 40;

    private static Pipeline pipeline;
    private static GatewayClient client;

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.get();
        client = new GatewayClient(pipeline.gateway);
    }

    @Test
    void fortySubmissionsSentAtOnceAreAllAcceptedAndEachRunsExactlyOnce() throws Exception {
        String name = "e2e-burst-" + UUID.randomUUID().toString().substring(0, 8);
        List<GatewayClient.Answer> answers = submitAllAtOnce(name);

        Map<Integer, Long> statuses = new HashMap<>();
        answers.forEach(answer -> statuses.merge(answer.status(), 1L, Long::sum));
        assertThat(statuses).as("every submission of the burst queued, none refused").isEqualTo(Map.of(202, (long) BURST));
        List<String> ids = answers.stream().map(answer -> answer.body().path("test_id").asString()).distinct().toList();
        assertThat(ids).hasSize(BURST);

        Map<String, JsonNode> done = Runs.awaitAllTerminal(client, ids, Duration.ofMinutes(6));
        assertThat(Runs.count(done, "completed")).as("every run completed: %s", done).isEqualTo(BURST);
        ids.forEach(id -> assertThat(Runs.k6Starts(pipeline.invocationLog(), id)).as("k6 starts of %s", id).isEqualTo(1));
        assertThat(done.values()).allSatisfy(document -> assertThat(document.path("runner").path("id").asString()).isNotBlank());
        List<String> stored = client.get("/api/v1/test/search?limit=500&name=" + name).body().path("tests").valueStream()
                .map(test -> test.path("test_id").asString()).toList();
        assertThat(stored).as("the runs stored under the burst's name").containsExactlyInAnyOrderElementsOf(ids);
    }

    /** Every submission on its own thread, released together. */
    private static List<GatewayClient.Answer> submitAllAtOnce(String name) throws Exception {
        String script = K6Standin.scriptFor("post-json");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<GatewayClient.Answer>> pending = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < BURST; i++) {
                pending.add(threads.submit(() -> {
                    start.await();
                    return client.submit(Map.of("script", script, "name", name));
                }));
            }
            start.countDown();
            List<GatewayClient.Answer> answers = new ArrayList<>();
            for (Future<GatewayClient.Answer> answer : pending) {
                answers.add(answer.get());
            }
            return answers;
        }
    }
}
