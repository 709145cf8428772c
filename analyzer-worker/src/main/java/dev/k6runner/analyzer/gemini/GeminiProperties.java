package dev.k6runner.analyzer.gemini;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Gemini, used only when an API key is set (k6runner.analyzer.gemini.*).
 *
 * @param apiKey                  the Gemini API key (GEMINI_API_KEY); blank disables Gemini
 * @param model                   the model asked (GEMINI_MODEL)
 * @param baseUrl                 the API's base URL; blank means the SDK's default (tests point it at a fake)
 * @param timeout                 the most one analysis waits for Gemini, retries included
 * @param maxAttempts             calls per analysis at most (1 = no retry); only 429/5xx/I/O errors are retried
 * @param circuitFailureThreshold consecutive failed analyses that open the circuit
 * @param circuitOpenFor          how long an open circuit skips Gemini before one trial call
 */
@Validated
@ConfigurationProperties("k6runner.analyzer.gemini")
record GeminiProperties(
        String apiKey,
        @NotBlank String model,
        String baseUrl,
        @NotNull Duration timeout,
        @Min(1) Integer maxAttempts,
        @Min(1) Integer circuitFailureThreshold,
        @NotNull Duration circuitOpenFor) {

    public GeminiProperties {
        model = model == null || model.isBlank() ? "gemini-2.5-flash" : model;
        timeout = timeout == null ? Duration.ofSeconds(8) : timeout;
        maxAttempts = maxAttempts == null ? 2 : maxAttempts;
        circuitFailureThreshold = circuitFailureThreshold == null ? 3 : circuitFailureThreshold;
        circuitOpenFor = circuitOpenFor == null ? Duration.ofMinutes(1) : circuitOpenFor;
    }

    public boolean enabled() {
        return apiKey != null && !apiKey.isBlank();
    }
}
