package dev.k6runner.analyzer.gemini;

import java.util.Map;

/** One call to a generative model that answers JSON matching a schema. */
interface GeminiClient extends AutoCloseable {

    boolean enabled();

    /**
     * @return the model's text answer (expected to be JSON)
     * @throws GeminiCallException when the call failed; its {@link GeminiCallException#kind()} says how
     */
    String generateJson(String prompt, Map<String, Object> responseSchema);

    /** Releases the client's connections; nothing to release by default. */
    @Override
    default void close() {
    }
}
