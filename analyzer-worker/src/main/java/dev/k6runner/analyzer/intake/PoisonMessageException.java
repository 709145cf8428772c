package dev.k6runner.analyzer.intake;

/** A message no retry can fix: it goes to the dead-letter topic with {@code reason} in its headers. */
public class PoisonMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public PoisonMessageException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
