package dev.k6runner.analyzer.gemini;

/** A failed Gemini call; {@code kind} is the metric/fallback label (rate_limited, server_error, …). */
public class GeminiCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    public GeminiCallException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }

    /** 429 and 5xx and I/O errors may pass; a 4xx (bad key, bad request) will not. */
    public boolean retryable() {
        return "rate_limited".equals(kind) || "server_error".equals(kind) || "io_error".equals(kind);
    }
}
