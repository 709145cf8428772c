package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

class AuthTest extends GatewayIntegrationTest {

    @LocalManagementPort
    int managementPort;

    @Test
    void apiCallsNeedAValidKey() {
        Answer none = send("GET", "/api/v1/test/history", null, null);
        Answer wrong = send("GET", "/api/v1/test/history", "k6r_not-a-key", null);
        Answer submit = send("POST", "/api/v1/test/run", null, "{\"script\":\"x\"}");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
        assertThat(none.json().get("errors").get(0).get("header").asString()).isEqualTo("Authorization");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(submit.status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM runs WHERE team_id = 'default'").query(Long.class).single()).isZero();
    }

    @Test
    void aRevokedKeyOrADisabledTeamNoLongerWorks() {
        Team team = newTeam(20);
        assertThat(get(team, "/api/v1/test/history").status()).isEqualTo(200);
        String keyId = send("GET", "/admin/teams/" + team.id() + "/keys", ADMIN_TOKEN, null).json().get(0).get("id").asString();

        assertThat(send("DELETE", "/admin/teams/" + team.id() + "/keys/" + keyId, ADMIN_TOKEN, null).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(5)).until(() -> get(team, "/api/v1/test/history").status() == 401);
        Team other = newTeam(20);
        assertThat(send("DELETE", "/admin/teams/" + other.id(), ADMIN_TOKEN, null).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> get(other, "/api/v1/test/history").status() == 401);
    }

    @Test
    void keysAreStoredHashedOnly() {
        Team team = newTeam(20);
        byte[] stored = jdbc.sql("SELECT key_hash FROM api_keys WHERE team_id = ?").param(team.id()).query(byte[].class).single();
        assertThat(stored).hasSize(32);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(team.key());
    }

    @Test
    void adminEndpointsNeedTheAdminToken() {
        assertThat(send("GET", "/admin/teams", null, null).status()).isEqualTo(401);
        assertThat(send("GET", "/admin/teams", "wrong", null).status()).isEqualTo(401);
        Answer bad = send("POST", "/admin/teams", ADMIN_TOKEN, "{\"id\":\"Bad Id\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("pointer").asString()).isEqualTo("#/id");
    }

    @Test
    void openApiIsServed() {
        Answer docs = send("GET", "/v3/api-docs", null, null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.raw().body()).contains("/api/v1/test/run").contains("/api/v1/test/search").contains("queue_position");
        Answer ui = send("GET", "/docs", null, null);
        assertThat(ui.status()).isIn(200, 302);
        assertThat(send("GET", "/swagger-ui/index.html", null, null).status()).isEqualTo(200);
    }

    /** Actuator is on the management port: the API port, the one clients and scripts can reach, has none of it. */
    @Test
    void actuatorIsOnlyOnTheManagementPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        for (String path : java.util.List.of("/actuator", "/actuator/health", "/actuator/health/liveness", "/actuator/prometheus", "/actuator/info")) {
            assertThat(send("GET", path, null, null).status()).as(path + " on the API port").isEqualTo(404);
            assertThat(send("GET", path, ADMIN_TOKEN, null).status()).as(path + " on the API port, with the admin token").isEqualTo(404);
        }
        assertThat(get(newTeam(1), "/api/v1/test/health").json().get("status").asString()).as("the contract's health stays on the API port")
                .isIn("UP", "DEGRADED");
        java.net.http.HttpResponse<String> prometheus = HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("k6runner_queue_depth").contains("application=\"api-gateway\"");
    }
}
