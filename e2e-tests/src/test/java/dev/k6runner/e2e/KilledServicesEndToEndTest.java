package dev.k6runner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.k6runner.testsupport.K6Standin;
import dev.k6runner.testsupport.process.ServiceProcess;
import tools.jackson.databind.JsonNode;

/**
 * A runner or a gateway dies (SIGKILL, like a host that vanishes) while a queue deeper than the runner slots
 * drains: no accepted run is lost, none is started twice, and a restarted process takes up the rest.
 */
class KilledServicesEndToEndTest {

    private static Pipeline pipeline;

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.get();
    }

    @Test
    void aRunnerKilledWhileTheQueueDrainsInterruptsOnlyItsOwnRunsAndANewRunnerRunsTheRestOnce() {
        GatewayClient client = new GatewayClient(pipeline.gateway);
        String name = "e2e-runner-killed-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = IntStream.range(0, 10).mapToObj(i -> Runs.submit(client, "basic-get", name)).toList();
        // kill mid-dispatch: a run has finished, the runner's slots are busy, and runs still wait for them
        await("the queue drains").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                .until(() -> Runs.documents(client, ids), documents -> Runs.count(documents, "completed") >= 1
                        && Runs.count(documents, "running") >= 1 && Runs.count(documents, "queued") >= 2);
        List<String> killedRunnerIds = killAllRunners(client);

        Map<String, JsonNode> atKill = Runs.documents(client, ids);
        Set<String> wereRunning = withStatus(atKill, "running");
        Set<String> wereWaiting = withStatus(atKill, "queued");
        assertThat(wereWaiting).isNotEmpty();
        System.out.printf("runner killed with %d runs on its slots, %d queued, %d of %d done%n", wereRunning.size(),
                wereWaiting.size(), Runs.count(atKill, "completed"), ids.size());
        ServiceProcess newRunner = pipeline.startRunner().awaitReady(Duration.ofMinutes(2));

        Map<String, JsonNode> done = Runs.awaitAllTerminal(client, ids, Duration.ofMinutes(5));
        assertThat(newRunner.alive()).isTrue();
        for (String id : ids) {
            JsonNode run = done.get(id);
            long starts = Runs.k6Starts(pipeline.invocationLog(), id);
            if (wereRunning.contains(id)) {
                assertThat(run.path("status").asString()).as("%s ran on the killed runner", id).isEqualTo("interrupted");
                assertThat(starts).as("k6 starts of interrupted %s: never re-run", id).isLessThanOrEqualTo(1);
            } else {
                assertThat(run.path("status").asString()).as("%s: %s", id, run).isEqualTo("completed");
                assertThat(starts).as("k6 starts of %s", id).isEqualTo(1);
            }
        }
        assertThat(wereWaiting).as("the runs still queued at the kill ran on the new runner").allSatisfy(id ->
                assertThat(done.get(id).path("runner").path("id").asString()).isNotIn(killedRunnerIds));
    }

    @Test
    void aGatewayKilledMidBurstLosesNoAcceptedRunAndARestartedGatewayAnswersTheRetriesWithTheSameRuns() throws Exception {
        String name = "e2e-gateway-killed-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> keys = IntStream.range(0, 16).mapToObj(i -> name + "-" + i).toList();
        Map<String, String> acceptedByKey = new ConcurrentHashMap<>();
        ServiceProcess doomed = pipeline.gateway;
        GatewayClient client = new GatewayClient(doomed);

        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> senders = new ArrayList<>();
            for (int sender = 0; sender < 4; sender++) {
                List<String> share = keys.subList(sender * 4, sender * 4 + 4);
                senders.add(threads.submit(() -> share.forEach(key -> submitUntilRefused(client, name, key, acceptedByKey))));
            }
            await("a few accepted").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5)).until(() -> acceptedByKey.size() >= 3);
            doomed.kill();
            for (Future<?> sender : senders) {
                sender.get();
            }
        }
        assertThat(doomed.alive()).isFalse();
        int acceptedBeforeKill = acceptedByKey.size();
        assertThat(acceptedBeforeKill).as("the kill fell mid-burst").isLessThan(keys.size());
        System.out.printf("gateway killed after %d of %d submissions were accepted%n", acceptedBeforeKill, keys.size());

        GatewayClient restarted = new GatewayClient(pipeline.restartGateway());
        for (String key : keys) {
            // retries with the same key: a run stored before the crash is returned, not made twice
            GatewayClient.Answer retry = restarted.submit(request(name), "Idempotency-Key", key);
            assertThat(retry.status()).as("retry of %s: %s", key, retry.body()).isEqualTo(202);
            String id = retry.body().path("test_id").asString();
            String before = acceptedByKey.putIfAbsent(key, id);
            assertThat(id).as("the retry of %s accepted before the crash", key).isEqualTo(before == null ? id : before);
        }
        Set<String> ids = Set.copyOf(acceptedByKey.values());
        assertThat(ids).hasSize(keys.size());

        Map<String, JsonNode> done = Runs.awaitAllTerminal(restarted, ids, Duration.ofMinutes(5));
        assertThat(Runs.count(done, "completed")).as("every accepted run completed: %s", done).isEqualTo(keys.size());
        ids.forEach(id -> assertThat(Runs.k6Starts(pipeline.invocationLog(), id)).as("k6 starts of %s", id).isEqualTo(1));
        List<String> stored = restarted.get("/api/v1/test/search?limit=500&name=" + name).body().path("tests").valueStream()
                .map(test -> test.path("test_id").asString()).toList();
        assertThat(stored).as("the runs stored under the burst's name: one per key").containsExactlyInAnyOrderElementsOf(ids);
    }

    private static List<String> killAllRunners(GatewayClient client) {
        List<String> runnerIds = client.get("/api/v1/test/health").body().path("runners").valueStream()
                .map(runner -> runner.path("id").asString()).toList();
        pipeline.runners.forEach(ServiceProcess::kill);
        pipeline.runners.clear();
        return runnerIds;
    }

    /** One submission; a gateway that died on the way is no answer (its run, if stored, comes back on the retry). */
    private static void submitUntilRefused(GatewayClient client, String name, String key, Map<String, String> accepted) {
        try {
            GatewayClient.Answer answer = client.submit(request(name), "Idempotency-Key", key);
            assertThat(answer.status()).as("%s: %s", key, answer.body()).isEqualTo(202);
            accepted.put(key, answer.body().path("test_id").asString());
        } catch (IllegalStateException connectionLost) {
            // the gateway was killed mid-request or before it: the retry decides
        }
    }

    private static Map<String, Object> request(String name) {
        return Map.of("script", K6Standin.scriptFor("post-json"), "name", name);
    }

    private static Set<String> withStatus(Map<String, JsonNode> documents, String status) {
        return documents.entrySet().stream().filter(entry -> status.equals(entry.getValue().path("status").asString()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }
}
