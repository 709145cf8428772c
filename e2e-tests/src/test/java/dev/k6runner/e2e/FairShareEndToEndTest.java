package dev.k6runner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.k6runner.testsupport.process.ServiceProcess;
import tools.jackson.databind.JsonNode;

/**
 * Two teams on a cluster-mode gateway (API keys, admin calls) share one runner with two slots: one team's
 * queue never holds back the other team's run by more than one slot turnover.
 */
class FairShareEndToEndTest {

    private static final String ADMIN_TOKEN = "e2e-admin-" + UUID.randomUUID();

    private static Pipeline pipeline;
    private static GatewayClient admin;
    private static ServiceProcess gateway;

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.get();
        gateway = pipeline.startApiKeyGateway(ADMIN_TOKEN);
        admin = new GatewayClient(gateway, ADMIN_TOKEN);
    }

    @Test
    void aTeamAtItsRunningLimitQueuesItsRunsWhileAnotherTeamsRunTakesTheFreeSlot() {
        GatewayClient teamA = team(Map.of("max_running_runs", 1));
        GatewayClient teamB = team(Map.of());
        List<String> runsOfA = IntStream.range(0, 4).mapToObj(i -> Runs.submit(teamA, "basic-get", "e2e-fair-a")).toList();
        String runOfB = Runs.submit(teamB, "basic-get", "e2e-fair-b");

        List<JsonNode> a = List.copyOf(Runs.awaitAllTerminal(teamA, runsOfA, Duration.ofMinutes(4)).values());
        JsonNode b = teamB.awaitTerminal(runOfB, Duration.ofMinutes(2));
        assertThat(a).allSatisfy(run -> assertThat(run.path("status").asString()).isEqualTo("completed"));
        assertThat(b.path("status").asString()).isEqualTo("completed");
        for (int i = 1; i < a.size(); i++) {
            assertThat(Runs.startedAt(a.get(i))).as("A's run %d starts after A's run %d ended (one slot at most, FIFO)", i + 1, i)
                    .isAfterOrEqualTo(Runs.finishedAt(a.get(i - 1)));
        }
        assertThat(Runs.startedAt(b)).as("B's run starts on the slot A may not take, before A's second run")
                .isBefore(Runs.startedAt(a.get(1)));
    }

    @Test
    void aRunOfAnIdleTeamStartsWithinOneSlotTurnoverOfABusyTeamsBacklog() {
        GatewayClient teamA = team(Map.of());
        GatewayClient teamB = team(Map.of());
        List<String> runsOfA = IntStream.range(0, 6).mapToObj(i -> Runs.submit(teamA, "basic-get", "e2e-fair-a")).toList();
        String runOfB = Runs.submit(teamB, "basic-get", "e2e-fair-b");

        List<JsonNode> a = List.copyOf(Runs.awaitAllTerminal(teamA, runsOfA, Duration.ofMinutes(4)).values());
        JsonNode b = teamB.awaitTerminal(runOfB, Duration.ofMinutes(2));
        assertThat(b.path("status").asString()).isEqualTo("completed");
        // A holds both slots; when one frees, B holds fewer slots than A (0 < 1), so B's run goes before A's third
        List<JsonNode> startedBeforeB = a.stream().filter(run -> Runs.startedAt(run).isBefore(Runs.startedAt(b))).toList();
        assertThat(startedBeforeB).as("A's runs started before B's run").hasSizeLessThanOrEqualTo(2);
    }

    /** A new team with these limits, and a client with one of its API keys. */
    private static GatewayClient team(Map<String, Object> limits) {
        String id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> request = new java.util.HashMap<>(limits);
        request.put("id", id);
        GatewayClient.Answer created = admin.post("/admin/teams", request);
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        limits.forEach((field, value) -> assertThat(created.body().path(field).asString()).as(field).isEqualTo(String.valueOf(value)));
        GatewayClient.Answer key = admin.post("/admin/teams/" + id + "/keys", Map.of("label", "e2e"));
        assertThat(key.status()).as("%s", key.body()).isEqualTo(201);
        return new GatewayClient(gateway, key.body().path("key").asString());
    }

}
