package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.k6runner.model.Topic;
import dev.k6runner.testsupport.SharedKafka;

class CancelTest extends GatewayIntegrationTest {

    @Test
    void aQueuedRunIsCancelledAtOnce() {
        Team team = newTeam(20);
        UUID id = submitOk(team, "{\"script\":\"x\"}");

        Answer answer = send("POST", "/api/v1/test/results/" + id + "/cancel", team.key(), null);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(get(team, "/api/v1/test/results/" + id).json().get("status").asString()).isEqualTo("cancelled");
        assertThat(send("POST", "/api/v1/test/results/" + id + "/cancel", team.key(), null).status()).isEqualTo(409);
    }

    @Test
    void aRunningRunGetsTheRequestStoredAndTheRunnersAreTold() {
        Team team = newTeam(20);
        UUID id = Seeds.run(jdbc, team.id(), "long", "running", Instant.now());

        Answer answer = send("POST", "/api/v1/test/results/" + id + "/cancel", team.key(), null);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("status").asString()).isEqualTo("running");
        assertThat(jdbc.sql("SELECT cancel_requested_at IS NOT NULL FROM runs WHERE id = ?").param(id)
                .query(Boolean.class).single()).isTrue();
        String message = Topics.awaitValue(SharedKafka.bootstrapServers(), Topic.RUNS_CONTROL.topicName(), id, Duration.ofSeconds(30));
        assertThat(message).contains(id.toString()).contains(team.id());
    }

    @Test
    void finishedAndAnalyzingRunsAnswer409() {
        Team team = newTeam(20);
        UUID completed = Seeds.run(jdbc, team.id(), "done", "completed", Instant.now());
        UUID analyzing = Seeds.run(jdbc, team.id(), "done", "analyzing", Instant.now());

        Answer finished = send("POST", "/api/v1/test/results/" + completed + "/cancel", team.key(), null);
        Answer late = send("POST", "/api/v1/test/results/" + analyzing + "/cancel", team.key(), null);

        assertThat(finished.status()).isEqualTo(409);
        assertThat(finished.json().get("detail").asString()).contains("completed");
        assertThat(late.status()).isEqualTo(409);
        assertThat(jdbc.sql("SELECT status FROM runs WHERE id = ?").param(completed).query(String.class).single()).isEqualTo("completed");
    }

    @Test
    void aCompletedRunCanBePinnedAsBaselineAndUnpinned() {
        Team team = newTeam(20);
        UUID completed = Seeds.run(jdbc, team.id(), "pinned-test", "completed", Instant.now());
        UUID queued = Seeds.run(jdbc, team.id(), "pinned-test", "queued", Instant.now());

        assertThat(send("POST", "/api/v1/test/results/" + completed + "/baseline", team.key(), null).status()).isEqualTo(200);
        assertThat(get(team, "/api/v1/test/results/" + completed).json().get("pinned_baseline").asBoolean()).isTrue();
        assertThat(send("POST", "/api/v1/test/results/" + queued + "/baseline", team.key(), null).status()).isEqualTo(409);
        assertThat(send("DELETE", "/api/v1/test/results/" + completed + "/baseline", team.key(), null).status()).isEqualTo(204);
        assertThat(send("DELETE", "/api/v1/test/results/" + completed + "/baseline", team.key(), null).status()).isEqualTo(404);
    }
}
