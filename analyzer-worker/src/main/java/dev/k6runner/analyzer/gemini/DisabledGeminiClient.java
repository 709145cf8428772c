package dev.k6runner.analyzer.gemini;

import java.util.Map;

/** Used when no API key is configured: the rules answer alone, and no fallback is recorded. */
final class DisabledGeminiClient implements GeminiClient {

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public String generateJson(String prompt, Map<String, Object> responseSchema) {
        throw new GeminiCallException("disabled", "Gemini is not configured", null);
    }
}
