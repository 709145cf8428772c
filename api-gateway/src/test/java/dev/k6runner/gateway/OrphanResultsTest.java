package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** An operator reads the results that runners delivered after their run was interrupted; the run stays interrupted. */
class OrphanResultsTest extends GatewayIntegrationTest {

    @Test
    void anOperatorSeesAnOrphanResultNewestFirstAndReadsItWhole() {
        Team team = newTeam(20);
        UUID run = Seeds.run(jdbc, team.id(), "reaped", "interrupted", Instant.now());
        UUID attempt = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO orphan_results (attempt_id, run_id, runner_id, outcome, run_status, result)
                        VALUES (?, ?, 'runner-late', 'completed', 'interrupted', CAST(? AS jsonb))""")
                .params(attempt, run, "{\"run_id\":\"" + run + "\",\"k6_exit_code\":0,\"raw_summary\":\"{}\"}").update();

        Answer list = send("GET", "/admin/orphan-results?limit=5", ADMIN_TOKEN, null);
        assertThat(list.status()).isEqualTo(200);
        JsonNode newest = list.json().get(0);
        assertThat(newest.get("attempt_id").asString()).isEqualTo(attempt.toString());
        assertThat(newest.get("run_id").asString()).isEqualTo(run.toString());
        assertThat(newest.get("runner_id").asString()).isEqualTo("runner-late");
        assertThat(newest.get("outcome").asString()).isEqualTo("completed");
        assertThat(newest.get("run_status").asString()).isEqualTo("interrupted");
        assertThat(newest.get("received_at").asString()).isNotBlank();

        Answer one = send("GET", "/admin/orphan-results/" + attempt, ADMIN_TOKEN, null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("result").get("k6_exit_code").asInt()).isZero();
        assertThat(send("GET", "/admin/orphan-results/" + UUID.randomUUID(), ADMIN_TOKEN, null).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT status FROM runs WHERE id = ?").param(run).query(String.class).single())
                .isEqualTo("interrupted");
    }
}
