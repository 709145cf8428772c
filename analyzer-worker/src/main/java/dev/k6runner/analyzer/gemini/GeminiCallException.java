package dev.k6runner.analyzer.gemini;

/** A failed Gemini call; {@code kind} is the metric/fallback label (rate_limited, server_error, …). */
class GeminiCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    GeminiCallException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    String kind() {
        return kind;
    }

    /** 429 and 5xx and I/O errors may pass; a 4xx (bad key, bad request) will not. */
    boolean retryable() {
        return "rate_limited".equals(kind) || "server_error".equals(kind) || "io_error".equals(kind);
    }
}
