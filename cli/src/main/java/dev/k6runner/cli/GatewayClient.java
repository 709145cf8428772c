package dev.k6runner.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The gateway's HTTP contract ({@code /api/v1/test/...}), one method per endpoint. */
final class GatewayClient {

    private static final String BASE_PATH = "/api/v1/test";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    GatewayClient(String baseUrl, String apiKey) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    String baseUrl() {
        return base.toString();
    }

    /**
     * Submits a run. The idempotency key makes the retry after a lost answer return the first
     * run instead of starting a second one.
     */
    ApiResponse submit(String jsonBody, String idempotencyKey) throws GatewayException {
        HttpRequest request = request("/run")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8))
                .build();
        GatewayException lastFailure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return expectSuccess(send(request));
            } catch (GatewayException e) {
                if (e.response() != null) {
                    throw e;
                }
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    /** Submits a k6 archive as multipart/form-data: part `archive`, and the overrides as part `request`. */
    ApiResponse submitArchive(byte[] archive, String requestJson, String idempotencyKey) throws GatewayException {
        String boundary = "k6runner-" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"archive.tar\"\r\n"
                + "Content-Type: application/x-tar\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(archive);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"request\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + requestJson + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = request("/run")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return expectSuccess(send(request));
    }

    ApiResponse result(String testId) throws GatewayException {
        return expectSuccess(send(request("/results/" + encode(testId)).GET().build()));
    }

    /** The run's HTML report (the gateway's page, saved as it is). */
    ApiResponse report(String testId) throws GatewayException {
        return expectSuccess(send(request("/results/" + encode(testId) + "/report")
                .setHeader("Accept", "text/html, application/problem+json").GET().build()));
    }

    ApiResponse compare(String base, String head) throws GatewayException {
        return expectSuccess(send(request("/compare" + queryString(List.of(Map.entry("base", base), Map.entry("head", head))))
                .GET().build()));
    }

    ApiResponse cancel(String testId) throws GatewayException {
        return expectSuccess(send(request("/results/" + encode(testId) + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    ApiResponse pinBaseline(String testId) throws GatewayException {
        return expectSuccess(send(request("/results/" + encode(testId) + "/baseline").POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    ApiResponse unpinBaseline(String testId) throws GatewayException {
        return expectSuccess(send(request("/results/" + encode(testId) + "/baseline").DELETE().build()));
    }

    ApiResponse history(List<Map.Entry<String, String>> query) throws GatewayException {
        return expectSuccess(send(request("/history" + queryString(query)).GET().build()));
    }

    ApiResponse search(List<Map.Entry<String, String>> query) throws GatewayException {
        return expectSuccess(send(request("/search" + queryString(query)).GET().build()));
    }

    ApiResponse statistics(int days) throws GatewayException {
        return expectSuccess(send(request("/statistics?days=" + days).GET().build()));
    }

    /** The health document; a 503 carries one too, so it is not an error here. */
    ApiResponse health() throws GatewayException {
        ApiResponse response = send(request("/health").GET().build());
        if (response.status() == 503 && Json.present(response.json().get("status"))) {
            return response;
        }
        return expectSuccess(response);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + BASE_PATH + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json");
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private ApiResponse send(HttpRequest request) throws GatewayException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return ApiResponse.of(response.statusCode(), response.body(), response.headers());
        } catch (ConnectException e) {
            throw new GatewayException("cannot connect to the gateway at " + base
                    + ": is it running? (set --url or K6RUNNER_URL)", e);
        } catch (HttpTimeoutException e) {
            throw new GatewayException("the gateway at " + base + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new GatewayException("request to " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("interrupted while waiting for the gateway", e);
        }
    }

    private static ApiResponse expectSuccess(ApiResponse response) throws GatewayException {
        if (!response.successful()) {
            throw new GatewayException(response);
        }
        return response;
    }

    static String queryString(List<Map.Entry<String, String>> query) {
        if (query.isEmpty()) {
            return "";
        }
        return query.stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
