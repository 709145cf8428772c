package dev.k6runner.analyzer.gemini;

import java.util.Map;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;

/** Gemini through the google-genai SDK; the SDK's own retries are off, the analyst decides them. */
final class GoogleGeminiClient implements GeminiClient {

    private final Client client;
    private final String model;
    private final HttpOptions perRequest;

    GoogleGeminiClient(GeminiProperties properties) {
        // The analyst's deadline governs; the SDK's socket timeout only backs it up.
        int socketTimeoutMs = (int) properties.timeout().toMillis() + 1000;
        HttpOptions.Builder http = HttpOptions.builder()
                .timeout(socketTimeoutMs)
                .retryOptions(HttpRetryOptions.builder().attempts(1).build());
        if (properties.baseUrl() != null && !properties.baseUrl().isBlank()) {
            http.baseUrl(properties.baseUrl());
        }
        this.client = Client.builder().apiKey(properties.apiKey()).httpOptions(http.build()).build();
        this.model = properties.model();
        // The SDK reads retry options per request: without these it would retry 429/5xx on its own, with sleeps.
        this.perRequest = HttpOptions.builder().timeout(socketTimeoutMs)
                .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build();
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public String generateJson(String prompt, Map<String, Object> responseSchema) {
        GenerateContentConfig config = GenerateContentConfig.builder()
                .responseMimeType("application/json")
                .responseJsonSchema(responseSchema)
                .temperature(0.2f)
                .httpOptions(perRequest)
                .build();
        try {
            GenerateContentResponse response = client.models.generateContent(model, prompt, config);
            return response.text();
        } catch (ApiException e) {
            String kind = e.code() == 429 ? "rate_limited" : e.code() >= 500 ? "server_error" : "client_error";
            throw new GeminiCallException(kind, "Gemini answered " + e.code() + ": " + e.message(), e);
        } catch (RuntimeException e) {
            if (causedBy(e, java.net.SocketTimeoutException.class)) {
                throw new GeminiCallException("timeout", "Gemini did not answer in time", e);
            }
            throw new GeminiCallException("io_error", "Gemini call failed: " + e.getMessage(), e);
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        client.close();
    }
}
