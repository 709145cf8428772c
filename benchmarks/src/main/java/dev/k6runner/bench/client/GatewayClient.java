package dev.k6runner.bench.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The gateway's HTTP API as the benchmark and the soak use it (contract: /work/shared/api-contract.md). */
public final class GatewayClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: the HTTP status (-1 when the gateway did not answer) and the parsed body, or null. */
    public record Answer(int status, JsonNode body, String error) {
        public String text(String field) {
            return body == null || body.get(field) == null || body.get(field).isNull() ? null : body.get(field).asString();
        }
    }

    private final String base;
    private final HttpClient http;

    public GatewayClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A run request body: the script plus options. */
    public static String runRequest(String script, String name, String timeout, Map<String, String> tags) {
        ObjectNode body = JSON.createObjectNode();
        body.put("script", script);
        body.put("name", name);
        if (timeout != null) {
            body.put("timeout", timeout);
        }
        ObjectNode tagNode = body.putObject("tags");
        tags.forEach(tagNode::put);
        return JSON.writeValueAsString(body);
    }

    /** POST /api/v1/test/run; {@code waitSeconds} > 0 adds ?wait=. */
    public Answer submit(String body, String idempotencyKey, int waitSeconds, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/test/run"
                        + (waitSeconds > 0 ? "?wait=" + waitSeconds : "")))
                .timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    public Answer result(String testId) {
        return get("/api/v1/test/results/" + testId);
    }

    public Answer get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            String text = response.body();
            if (text != null && !text.isBlank() && (text.startsWith("{") || text.startsWith("["))) {
                try {
                    body = JSON.readTree(text);
                } catch (RuntimeException e) {
                    body = null;
                }
            }
            return new Answer(response.statusCode(), body, null);
        } catch (IOException e) {
            return new Answer(-1, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, "interrupted");
        }
    }
}
