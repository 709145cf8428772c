package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

/** A run's env values are secrets kept only while the run can still start or runs; the keys stay for env_keys. */
class EnvRetentionTest extends GatewayIntegrationTest {

    private static final String BODY = "{\"script\":\"x\",\"env\":{\"TOKEN\":\"s3cret-value\",\"BASE_URL\":\"http://a\"}}";

    @Test
    void aCancelledQueuedRunKeepsItsEnvKeysButNoValue() {
        Team team = newTeam(20);
        UUID id = submitOk(team, BODY);
        assertThat(storedEnv(id)).contains("s3cret-value");

        send("POST", "/api/v1/test/results/" + id + "/cancel", team.key(), null);

        assertThat(storedEnv(id)).doesNotContain("s3cret-value", "http://a").contains("\"TOKEN\": null", "\"BASE_URL\": null");
        assertThat(get(team, "/api/v1/test/results/" + id).json().get("request").get("env_keys").toString())
                .as("in name order, not jsonb's (shorter keys first)").isEqualTo("[\"BASE_URL\",\"TOKEN\"]");
    }

    @Test
    void valuesStayWhileTheRunIsClaimedAndGoWhicheverWayItEnds() {
        Team team = newTeam(20);
        for (String end : new String[] {"analyzing", "failed", "interrupted", "timed_out", "cancelled"}) {
            UUID id = submitOk(team, BODY);
            jdbc.sql("UPDATE runs SET status = 'running' WHERE id = ?").param(id).update();
            assertThat(storedEnv(id)).as("a runner still needs them while running").contains("s3cret-value");
            jdbc.sql("UPDATE runs SET status = ? WHERE id = ?").param(end).param(id).update();
            assertThat(storedEnv(id)).as(end).doesNotContain("s3cret-value").contains("\"TOKEN\": null");
        }
    }

    private String storedEnv(UUID id) {
        return jdbc.sql("SELECT env::text FROM runs WHERE id = ?").param(id).query(String.class).single();
    }
}
