package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.k6runner.testsupport.SharedKafka;
import tools.jackson.databind.JsonNode;

/** A gateway whose database is unreachable: health is DOWN (503) and submissions get 503, nothing accepted. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.enabled=false",
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere",
        "spring.datasource.username=nobody",
        "spring.datasource.hikari.connection-timeout=500",
        "spring.datasource.hikari.initialization-fail-timeout=-1",
        "spring.datasource.hikari.minimum-idle=0"})
class DatabaseDownTest {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
    }

    @LocalServerPort
    int port;

    @Test
    void healthIsDownAndSubmissionsAreRefusedWith503() throws Exception {
        HttpResponse<String> health = call("GET", "/api/v1/test/health", null);
        HttpResponse<String> submit = call("POST", "/api/v1/test/run", "{\"script\":\"x\"}");

        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = GatewayIntegrationTest.JSON.readTree(health.body());
        assertThat(body.get("status").asString()).isEqualTo("DOWN");
        assertThat(body.get("database").get("status").asString()).isEqualTo("DOWN");
        assertThat(submit.statusCode()).isEqualTo(503);
        assertThat(submit.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(submit.headers().firstValue("Retry-After")).isPresent();
        assertThat(submit.body()).contains("nothing was stored");
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        return GatewayIntegrationTest.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
