package dev.k6runner.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.k6runner.testsupport.process.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The contract's HTTP calls, as a client would make them. */
final class GatewayClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;
    /** Sent as {@code Authorization: Bearer <token>} on every call (cluster mode), or null. */
    private final String bearerToken;

    GatewayClient(ServiceProcess gateway) {
        this(gateway, null);
    }

    GatewayClient(ServiceProcess gateway, String bearerToken) {
        this.baseUrl = "http://127.0.0.1:" + gateway.port();
        this.bearerToken = bearerToken;
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    /** @param headers further request headers, name then value */
    Answer submit(Map<String, Object> request, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/test/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder);
    }

    /** A k6 archive as multipart/form-data: part `archive`, and `request` (JSON overrides) when given. */
    Answer submitArchive(byte[] archive, String requestJson) {
        String boundary = "e2e-" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"test.tar\"\r\n"
                + "Content-Type: application/x-tar\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(archive);
        String request = requestJson == null ? "" : "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n"
                + requestJson;
        body.writeBytes((request + "\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/test/run"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** A JSON POST, e.g. an admin call. */
    Answer post(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Answer result(String testId) {
        return get("/api/v1/test/results/" + testId);
    }

    Answer cancel(String testId) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/test/results/" + testId + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET());
    }

    String status(String testId) {
        return result(testId).body().path("status").asString();
    }

    /** Polls until the run reaches a terminal status, and returns its document. */
    JsonNode awaitTerminal(String testId, Duration atMost) {
        java.util.Set<String> terminal = java.util.Set.of("completed", "failed", "cancelled", "timed_out", "interrupted");
        return org.awaitility.Awaitility.await("run " + testId + " ends").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> result(testId).body(), body -> terminal.contains(body.path("status").asString()));
    }

    private Answer send(HttpRequest.Builder request) {
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
