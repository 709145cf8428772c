package dev.k6runner.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.k6runner.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One gateway in cluster mode (API keys) on real embedded Postgres and Kafka, shared by the test
 * classes that extend this. Each test makes its own team, so tests never see each other's runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "k6runner.gateway.auth.mode=api-key",
        "k6runner.gateway.auth.admin-token=" + GatewayIntegrationTest.ADMIN_TOKEN,
        "k6runner.gateway.auth.key-cache-ttl=1s",
        "k6runner.gateway.relay.maintenance-interval=200ms",
        "k6runner.gateway.relay.sweep-interval=200ms",
        "k6runner.gateway.relay.requeue-after=3s",
        "k6runner.gateway.retention.days=30",
        "k6runner.gateway.max-script-bytes=2000",
        "k6runner.bundle.max-bytes=65536",
        "k6runner.gateway.max-vus=100",
        "k6runner.gateway.max-iterations=1000",
        "k6runner.gateway.max-duration=1h",
        "k6runner.gateway.max-timeout=2h"})
public abstract class GatewayIntegrationTest {

    public static final String ADMIN_TOKEN = "test-admin-token";
    protected static final Path RESULTS_DIR = tempDir();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        registry.add("k6runner.gateway.retention.results-dir", RESULTS_DIR::toString);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    /** An HTTP answer with its body parsed (null when empty). */
    public record Answer(int status, HttpResponse<String> raw, JsonNode json) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** A team of its own with the given backlog (max_queued_runs; running limit: the server's default), and a key of it. */
    protected record Team(String id, String key) {
    }

    protected Team newTeam(int maxQueuedRuns) {
        return newTeam("\"max_queued_runs\":" + maxQueuedRuns);
    }

    /** A team of its own with the given settings (JSON members, e.g. {@code "weight":2}), and a key of it. */
    protected Team newTeam(String settings) {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
        Answer created = send("POST", "/admin/teams", ADMIN_TOKEN, "{\"id\":\"" + id + "\"," + settings + "}");
        if (created.status() != 201) {
            throw new IllegalStateException("team not created: " + created.raw().body());
        }
        Answer key = send("POST", "/admin/teams/" + id + "/keys", ADMIN_TOKEN, "{\"label\":\"test\"}");
        return new Team(id, key.json().get("key").asString());
    }

    protected Answer send(String method, String path, String bearer, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank() ? null : parse(response.body());
            return new Answer(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Cancels every queued run left by earlier tests. Queue positions count every team's queued runs, so a test of
     * exact positions starts from an empty queue.
     */
    protected void emptyTheQueue() {
        jdbc.sql("UPDATE runs SET status = 'cancelled', finished_at = now() WHERE status = 'queued'").update();
    }

    protected Answer get(Team team, String path) {
        return send("GET", path, team.key(), null);
    }

    protected Answer submit(Team team, String body, String... headers) {
        return send("POST", "/api/v1/test/run", team.key(), body, headers);
    }

    protected UUID submitOk(Team team, String body) {
        Answer answer = submit(team, body);
        if (answer.status() != 202) {
            throw new IllegalStateException("not accepted: " + answer.status() + " " + answer.raw().body());
        }
        return UUID.fromString(answer.json().get("test_id").asString());
    }

    protected long runsOf(Team team) {
        return jdbc.sql("SELECT count(*) FROM runs WHERE team_id = ?").param(team.id()).query(Long.class).single();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("k6runner-results");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
