package dev.k6runner.analyzer.gemini;

import java.util.Map;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;

/** Gemini through the google-genai SDK; the SDK's own retries are off, the analyst decides them. */
public final class GoogleGeminiClient implements GeminiClient, AutoCloseable {

    private final Client client;
    private final String model;

    public GoogleGeminiClient(GeminiProperties properties) {
        HttpOptions.Builder http = HttpOptions.builder()
                .timeout((int) properties.timeout().toMillis())
                .retryOptions(HttpRetryOptions.builder().attempts(1).build());
        if (properties.baseUrl() != null && !properties.baseUrl().isBlank()) {
            http.baseUrl(properties.baseUrl());
        }
        this.client = Client.builder().apiKey(properties.apiKey()).httpOptions(http.build()).build();
        this.model = properties.model();
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
                .build();
        try {
            GenerateContentResponse response = client.models.generateContent(model, prompt, config);
            return response.text();
        } catch (ApiException e) {
            String kind = e.code() == 429 ? "rate_limited" : e.code() >= 500 ? "server_error" : "client_error";
            throw new GeminiCallException(kind, "Gemini answered " + e.code() + ": " + e.message(), e);
        } catch (RuntimeException e) {
            throw new GeminiCallException("io_error", "Gemini call failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
