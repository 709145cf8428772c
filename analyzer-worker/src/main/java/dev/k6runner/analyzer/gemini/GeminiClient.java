package dev.k6runner.analyzer.gemini;

import java.util.Map;

/** One call to a generative model that answers JSON matching a schema. */
public interface GeminiClient {

    boolean enabled();

    /**
     * @return the model's text answer (expected to be JSON)
     * @throws GeminiCallException when the call failed; its {@link GeminiCallException#kind()} says how
     */
    String generateJson(String prompt, Map<String, Object> responseSchema);
}
