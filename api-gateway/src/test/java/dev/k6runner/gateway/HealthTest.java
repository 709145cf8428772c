package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class HealthTest extends GatewayIntegrationTest {

    @Test
    void degradedWithoutAliveRunnersUpWithOneThatHasK6() {
        jdbc.sql("UPDATE runners SET last_heartbeat = now() - interval '1 hour'").update();
        Seeds.runner(jdbc, "runner-stale", true, Instant.now().minusSeconds(600));
        Seeds.runner(jdbc, "runner-nok6", false, Instant.now());
        Team team = newTeam(20);

        Answer degraded = get(team, "/api/v1/test/health");

        assertThat(degraded.status()).isEqualTo(200);
        assertThat(degraded.json().get("status").asString()).isEqualTo("DEGRADED");
        assertThat(degraded.json().get("database").get("status").asString()).isEqualTo("UP");
        assertThat(degraded.json().get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(degraded.json().get("k6").get("available").asBoolean()).isFalse();
        assertThat(degraded.json().get("runners")).hasSize(1);

        Seeds.runner(jdbc, "runner-ok", true, Instant.now());
        JsonNode up = get(team, "/api/v1/test/health").json();

        assertThat(up.get("status").asString()).isEqualTo("UP");
        assertThat(up.get("k6").get("versions").get(0).asString()).isEqualTo("v0.49.0");
        JsonNode runner = up.get("runners").get(1);
        assertThat(runner.get("id").asString()).isEqualTo("runner-ok");
        assertThat(runner.get("capacity").asInt()).isEqualTo(2);
        assertThat(runner.get("busy").asInt()).isEqualTo(1);
        assertThat(runner.get("confinement").asString()).isEqualTo("none: test");
        assertThat(runner.get("last_heartbeat").asString()).endsWith("Z");
    }
}
