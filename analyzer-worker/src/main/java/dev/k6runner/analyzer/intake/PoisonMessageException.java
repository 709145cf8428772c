package dev.k6runner.analyzer.intake;

/** A message no retry can fix: it goes to the dead-letter topic with {@code reason} in its headers. */
class PoisonMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    PoisonMessageException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
