package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.k6runner.gateway.GatewayIntegrationTest.Answer;
import dev.k6runner.model.Topic;
import dev.k6runner.testsupport.SharedKafka;
import dev.k6runner.testsupport.TestInfrastructure;

/**
 * Local mode (no keys, 127.0.0.1) with a Kafka broker that is not there yet: runs are accepted and
 * kept in the outbox, and published once the configured broker address answers again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "k6runner.gateway.relay.sweep-interval=200ms",
        "k6runner.gateway.auth.key-cache-ttl=200ms",
        "k6runner.gateway.fleet.kafka-check-cache-ttl=100ms",
        "k6runner.gateway.fleet.kafka-check-timeout=500ms",
        "spring.kafka.admin.operation-timeout=2s",
        "spring.kafka.admin.auto-create=false"})
class LocalModeAndKafkaOutageTest {

    private static final int KAFKA_PORT = freePort();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + KAFKA_PORT);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @Test
    void localModeBindsLoopbackActsAsTheDefaultTeamAndHasNoAdmin() {
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
        Answer history = call("GET", "/api/v1/test/history", null);
        Answer admin = call("GET", "/admin/teams", null);

        assertThat(history.status()).isEqualTo(200);
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.json().get("detail").asString()).contains("K6RUNNER_ADMIN_TOKEN");
    }

    @Test
    void localModeServesTheRunListWithoutALogin() throws IOException, InterruptedException {
        var list = GatewayIntegrationTest.HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/ui")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        var login = GatewayIntegrationTest.HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/ui/login")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("Runs of team default").doesNotContain("/ui/logout");
        assertThat(list.body()).as("a page without charts leaves uPlot out").doesNotContain("var uPlot=function").hasSizeLessThan(30_000);
        assertThat(login.statusCode()).as("no login in local mode").isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).contains("/ui");
    }

    @Test
    void aRunAcceptedWhileKafkaIsDownIsPublishedWhenItIsBack() throws IOException {
        Answer accepted = call("POST", "/api/v1/test/run", "{\"script\":\"x\",\"name\":\"outage\"}");
        assertThat(accepted.status()).isEqualTo(202);
        UUID id = UUID.fromString(accepted.json().get("test_id").asString());
        Answer health = call("GET", "/api/v1/test/health", null);
        assertThat(health.json().get("kafka").get("status").asString()).isEqualTo("DOWN");
        assertThat(health.json().get("status").asString()).isEqualTo("DEGRADED");
        assertThat(published(id)).isFalse();

        try (LateTcpForwarder kafkaIsBack = new LateTcpForwarder(KAFKA_PORT)) {
            kafkaIsBack.open(SharedKafka.bootstrapServers());
            await().atMost(Duration.ofSeconds(90)).until(() -> published(id));
            String record = Topics.awaitValue(SharedKafka.bootstrapServers(), Topic.RUNS_REQUESTED.topicName(), id, Duration.ofSeconds(30));
            assertThat(record).contains(id.toString()).contains("outage").contains("default");
            assertThat(jdbc.sql("SELECT status FROM runs WHERE id = ?").param(id).query(String.class).single()).isEqualTo("queued");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    call("GET", "/api/v1/test/health", null).json().get("kafka").get("status").asString().equals("UP"));
        }
    }

    @Test
    void localModeKeepsTheDefaultTeamsLimits() {
        jdbc.sql("UPDATE teams SET max_vus = 5 WHERE id = 'default'").update();
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Answer refused = call("POST", "/api/v1/test/run", "{\"script\":\"x\",\"name\":\"local-limit\",\"vus\":6}");
                assertThat(refused.status()).isEqualTo(422);
                assertThat(refused.json().get("detail").asString()).contains("the team's limit (max_vus) is 5");
            });
            assertThat(jdbc.sql("SELECT count(*) FROM runs WHERE name = 'local-limit'").query(Long.class).single()).isZero();
        } finally {
            jdbc.sql("UPDATE teams SET max_vus = NULL WHERE id = 'default'").update();
        }
    }

    private boolean published(UUID id) {
        return jdbc.sql("SELECT published_at IS NOT NULL FROM runs WHERE id = ?").param(id).query(Boolean.class).single();
    }

    private Answer call(String method, String path, String body) {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        try {
            var response = GatewayIntegrationTest.HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response, GatewayIntegrationTest.JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
